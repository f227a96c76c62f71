"""Origin metadata of raw files: every raw CSV has a ``<name>.csv.meta.yaml`` beside it.

The metadata says who produced the figures, where they were published and read, how sure we
are of them, what each column means (with its unit), and carries the file's SHA-256, so that a
raw file edited without updating its metadata is caught.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import DataError
from .io import atomic_write_text, load_yaml
from .paths import RAW_DIR

META_SUFFIX = ".meta.yaml"
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
Confidence = Literal["high", "medium", "low", "mixed"]


CopyKind = Literal["machine-extracted table", "news report", "document-sharing site", "database export", "web archive", "aggregator"]


class Copy(BaseModel):
    """Where the figures were read when that is not the producer's own publication.

    A figure read from a GitHub extract, a news report or a document-sharing site names the
    producer in ``producer`` and the copy here; chart source lines then say
    "Ministry of Unification, via a machine-extracted table (GitHub ...)".
    """

    model_config = ConfigDict(extra="forbid")
    kind: CopyKind
    name: str = Field(min_length=1, description='Who hosts the copy, e.g. "GitHub Ahmet-Dedeler/free-north-korea", "Yonhap"')
    url: str | None = Field(default=None, pattern=r"^https?://")
    note: str | None = None


#: Hosts that republish figures produced by others. A figure read at one of these addresses was
#: read from a copy, so the origin (or the further source) naming that address must say so in
#: ``retrieved_from``; ``producer`` stays the organisation that produced the figure.
#: Keys are host names (a sub-domain matches too); values say what kind of copy the host holds.
COPY_HOSTS: dict[str, CopyKind] = {
    # repositories, document-sharing sites and encyclopaedia mirrors
    "github.com": "machine-extracted table",
    "raw.githubusercontent.com": "machine-extracted table",
    "docslib.org": "document-sharing site",
    "studylib.net": "document-sharing site",
    "yumpu.com": "document-sharing site",
    "slideshare.net": "document-sharing site",
    "vdocuments.site": "document-sharing site",
    "flipbuilder.com": "document-sharing site",
    "liquisearch.com": "aggregator",
    "encycloreader.org": "aggregator",
    "statista.com": "aggregator",
    "news.zum.com": "aggregator",
    "v.daum.net": "aggregator",
    "web.archive.org": "web archive",
    "archive.crin.org": "web archive",
    "right-docs.org": "document-sharing site",
    "bayefsky.com": "document-sharing site",
    "refworld.org": "document-sharing site",
    "wikipedia.org": "aggregator",
    "korea.sfl.pku.edu.cn": "aggregator",
    "kfaswitzerland.blogspot.com": "aggregator",
    # news media that report figures published by governments and agencies
    "yna.co.kr": "news report",
    "newsis.com": "news report",
    "news1.kr": "news report",
    "newspim.com": "news report",
    "voakorea.com": "news report",
    "rfa.org": "news report",
    "upi.com": "news report",
    "dailynk.com": "news report",
    "koreaherald.com": "news report",
    "koreatimes.co.kr": "news report",
    "koreatimesus.com": "news report",
    "chosun.com": "news report",
    "donga.com": "news report",
    "hankyung.com": "news report",
    "hankookilbo.com": "news report",
    "sedaily.com": "news report",
    "mediapen.com": "news report",
    "datasom.co.kr": "news report",
    "barun-news.com": "news report",
    "snkpress.kr": "news report",
    "christianitydaily.com": "news report",
    "imaeil.com": "news report",
    "sbs.co.kr": "news report",
    "kbs.co.kr": "news report",
    "ytn.co.kr": "news report",
    "nocutnews.co.kr": "news report",
    "newdaily.co.kr": "news report",
    "stripes.com": "news report",
    "theasiareview.com": "news report",
    "pangea-cms.com": "news report",
    "nessunotocchicaino.it": "news report",
    "breitbart.com": "news report",
}


#: How a copy host's own name is written in a ``producer`` (when it is not the host's first label):
#: a news agency reporting a fact itself is the producer, not a copy.
HOST_NAMES: dict[str, str] = {
    "yna.co.kr": "yonhap",
    "voakorea.com": "voa",
    "rfa.org": "radiofreeasia",
    "sedaily.com": "seouleconomicdaily",
    "christianitydaily.com": "christiandaily",
    "imaeil.com": "maeil",
    "stripes.com": "starsandstripes",
    "pangea-cms.com": "voa",
    "nessunotocchicaino.it": "nessunotocchicaino",
}


def own_publication(producer: str, url: str | None) -> bool:
    """Whether ``url`` lies on a copy host that is the ``producer`` itself (Yonhap's own report on
    yna.co.kr): then it is the producer's publication, not a copy."""
    host = copy_host(url)
    if host is None:
        return True
    name = HOST_NAMES.get(host, host.split(".")[0].replace("-", ""))
    return name in re.sub(r"[^a-z0-9]", "", producer.lower())


def url_host(url: str) -> str:
    """The host name of ``url``, lower case, without a leading ``www.`` or ``m.``."""
    host = (urlsplit(url).hostname or "").lower()
    return re.sub(r"^(www|m|mobile)\.", "", host)


def copy_host(url: str | None) -> str | None:
    """The :data:`COPY_HOSTS` entry ``url`` lies on (``None`` for a producer's own site)."""
    if not url:
        return None
    host = url_host(url)
    for known in COPY_HOSTS:
        if host == known or host.endswith("." + known):
            return known
    return None


_ARTICLE = {"aggregator": "an aggregator"}


def via_text(copies: list[Copy], *, max_names: int = 3) -> str:
    """``"via a machine-extracted table (GitHub owner/repo)"``, ``"via news reports (Yonhap, KBS)"``.

    Copies of one kind are named together; more than ``max_names`` names end in "and N others".
    Returns ``""`` when there are no copies.
    """
    by_kind: dict[str, list[str]] = {}
    for c in copies:
        names = by_kind.setdefault(c.kind, [])
        if c.name not in names:
            names.append(c.name)
    parts = []
    for kind, names in by_kind.items():
        noun = (kind + "s") if len(names) > 1 else _ARTICLE.get(kind, "a " + kind)
        rest = len(names) - max_names
        shown = names if rest <= 0 else names[:max_names] + [f"{rest} other{'s' if rest > 1 else ''}"]
        listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
        parts.append(f"{noun} ({listed})")
    if not parts:
        return ""
    return "via " + (parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1])


class Source(BaseModel):
    """A further source behind some of the file's figures."""

    model_config = ConfigDict(extra="forbid")
    producer: str = Field(min_length=1)
    title: str = Field(min_length=1)
    url: str = Field(pattern=r"^https?://")
    date_published: str | None = None
    used_for: str = Field(min_length=1)
    confidence: Confidence | None = None
    retrieved_from: list[Copy] = []


class Column(BaseModel):
    model_config = ConfigDict(extra="forbid")
    description: str = Field(min_length=1)
    unit: str | None = None


class Origin(BaseModel):
    """Schema of a ``.meta.yaml`` file."""

    model_config = ConfigDict(extra="forbid")
    file: str = Field(min_length=1)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    title: str = Field(min_length=1)
    description: str = Field(min_length=1)
    producer: str = Field(min_length=1, description="Who produced the figures (the publisher, not the copy they were read from)")
    retrieved_from: list[Copy] = Field(default=[], description="Copies the figures were read from, when not the producer's own publication")
    citation_full: str = Field(min_length=1)
    citation_short: str = Field(min_length=1, description='For chart source lines, e.g. "Ministry of Unification (2026)"')
    url_main: str = Field(pattern=r"^https?://")
    date_published: str
    date_accessed: str
    license: str = Field(min_length=1)
    confidence: Confidence
    layout: str | None = None
    sources: list[Source] = []
    conflicts: list[str] = []
    columns: dict[str, Column]

    @field_validator("date_published", "date_accessed")
    @classmethod
    def _partial_date(cls, value: str) -> str:
        if not _PARTIAL_DATE.match(str(value)):
            raise ValueError("must be YYYY, YYYY-MM or YYYY-MM-DD")
        return str(value)


def meta_path(raw_path: Path) -> Path:
    return raw_path.with_name(raw_path.name + META_SUFFIX)


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_origin(raw_path: str | Path, *, verify: bool = True) -> Origin:
    """Read and validate the metadata of ``raw_path``; check its columns and checksum.

    Raises :class:`DataError` naming the metadata file and the field at fault.
    """
    raw_path = Path(raw_path)
    if not raw_path.is_absolute():
        raw_path = RAW_DIR / raw_path
    meta = meta_path(raw_path)
    if not meta.exists():
        raise DataError(f"origin metadata is missing: expected {meta.name} beside the file", file=raw_path)
    try:
        data = load_yaml(meta.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DataError(f"not valid YAML: {exc}", file=meta) from None
    if not isinstance(data, dict):
        raise DataError("must be a mapping of fields", file=meta)
    try:
        origin = Origin.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise DataError(f"{first['msg']} ({len(exc.errors())} problem(s) in all)", file=meta, column=field) from None
    if origin.file != raw_path.name:
        raise DataError(f"names {origin.file!r} but stands beside {raw_path.name!r}", file=meta, column="file")
    if verify and raw_path.exists():
        actual = sha256(raw_path)
        if actual != origin.sha256:
            raise DataError(
                f"checksum mismatch: the file's SHA-256 is {actual}, its metadata says {origin.sha256}; "
                "if the edit is intended, run `cohen-analysis checksum` and review the diff",
                file=raw_path,
                column="sha256",
            )
        header = raw_path.read_text(encoding="utf-8").splitlines()[0] if raw_path.stat().st_size else ""
        import csv

        columns = next(csv.reader([header])) if header else []
        described = list(origin.columns)
        if columns != described:
            missing = [c for c in columns if c not in described]
            extra = [c for c in described if c not in columns]
            raise DataError(
                f"columns in the file {columns} differ from those described in the metadata "
                f"(undescribed: {missing}, described but absent: {extra})",
                file=meta,
                row=1,
                column=(missing or extra or [None])[0],
            )
    return origin


@lru_cache(maxsize=None)
def _cached_origin(path: str, mtime: float) -> Origin:
    return read_origin(path)


def origin_of(raw_path: str | Path) -> Origin:
    """Cached :func:`read_origin` (re-read when the metadata changes)."""
    raw_path = Path(raw_path)
    if not raw_path.is_absolute():
        raw_path = RAW_DIR / raw_path
    meta = meta_path(raw_path)
    stamp = max(meta.stat().st_mtime, raw_path.stat().st_mtime) if meta.exists() and raw_path.exists() else 0.0
    return _cached_origin(str(raw_path), stamp)


def raw_files() -> list[Path]:
    """Every raw data file (anything under ``data/raw`` but metadata and docs)."""
    return sorted(
        p
        for p in RAW_DIR.rglob("*")
        if p.is_file() and not p.name.endswith(META_SUFFIX) and p.suffix.lower() not in {".md"} and not p.name.startswith(".")
    )


def update_checksum(raw_path: str | Path) -> bool:
    """Write the current SHA-256 of ``raw_path`` into its metadata. Returns True if it changed."""
    raw_path = Path(raw_path)
    meta = meta_path(raw_path)
    text = meta.read_text(encoding="utf-8")
    actual = sha256(raw_path)
    new, n = re.subn(r"(?m)^sha256:\s*\S*\s*$", f"sha256: {actual}", text)
    if n != 1:
        raise DataError("needs exactly one top-level 'sha256:' line", file=meta, column="sha256")
    if new != text:
        atomic_write_text(meta, new)
        return True
    return False
