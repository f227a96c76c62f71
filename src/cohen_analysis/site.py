"""The static report site: the index, the data page, the sources page, and the stylesheet.

Layout under ``reports/``::

    index.html                      what changed since the essay, the essay's figures, the reports by topic
    data.html                       every processed dataset: downloads, columns, coverage, sources, licence
    sources.html                    every raw file's origin (from its ``.meta.yaml``)
    assets/site.css                 the one stylesheet of every page (``templates/site/site.css``)
    data/<dataset>.csv|.parquet     the processed datasets, copied from ``data/processed``
    <notebook>/<set>/report.html    nbconvert output (:mod:`cohen_analysis.report_html`)
    figures/<notebook>/<set>/...    the charts: PNG, thumbnail PNG, SVG, data CSV, alt text
    build.json                      optional build stamp; no page shows it

Pages are rendered from Jinja templates under ``templates/site/`` with autoescaping on, so every
value from the data reaches the HTML escaped. They use relative links only, one stylesheet, no
scripts and no external fonts, so the site works from the file system and from any static host.
Pages are deterministic: equal inputs give equal bytes (no clock is read here).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from .io import atomic_write_text, load_yaml
from .paths import PROCESSED_DIR, RAW_DIR, REPORTS_DIR

SITE_NAME = "Cohen 2010, checked"
ESSAY_TITLE = "Human Rights: A Means of Engaging North Korea"
ESSAY_URL = "https://www.38north.org/2010/06/human-rights-a-means-of-engaging-north-korea/"
SKIP_FOLDERS = {"figures", "failed", "interactive", "assets", "screenshots", ".staging", "data", "drafts", ".versions"}
TEMPLATES_DIR = Path(__file__).with_name("templates")
SITE_TEMPLATES = TEMPLATES_DIR / "site"
#: The project's own citation (kept equal to ``CITATION.cff`` by a test).
PROJECT_TITLE = "cohen-analysis: sourced data and reproducible reports on Roberta Cohen's 2010 essay on human rights in North Korea"
PROJECT_AUTHORS = "The cohen-analysis authors"
PROJECT_LICENSE = "MIT"

#: Verdicts of the essay's claims: symbol (a second carrier besides colour) and CSS class.
VERDICTS = {
    "reproduced": ("\u2713", "reproduced"),
    "partly": ("\u25d0", "partly"),
    "differs": ("\u2717", "differs"),
    "not checkable": ("\u2013", "not-checkable"),
}

#: The stylesheet of every page (a static file, copied to ``reports/assets/site.css``).
CSS = (SITE_TEMPLATES / "site.css").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja environment of the site pages: autoescaped, undefined names are errors."""
    return Environment(
        loader=FileSystemLoader(str(SITE_TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
    )


@lru_cache(maxsize=1)
def site_config() -> dict:
    """Topics and reader-facing parameter-set titles (``templates/site/site.yaml``)."""
    return load_yaml((SITE_TEMPLATES / "site.yaml").read_text(encoding="utf-8"))


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cohen-analysis")
    except PackageNotFoundError:  # pragma: no cover - the package is always installed in the venv
        return ""


def citation() -> dict:
    """The "How to cite" block's content."""
    v = _version()
    text = f"{PROJECT_AUTHORS}, {PROJECT_TITLE}" + (f", version {v}" if v else "") + f" ({PROJECT_LICENSE} licence)."
    return {"text": text, "essay_title": ESSAY_TITLE, "essay_url": ESSAY_URL}


def _render(template: str, *, up: str = "", current: str | None = None, **context) -> str:
    return environment().get_template(template).render(
        up=up, current=current, site_name=SITE_NAME, essay_title=ESSAY_TITLE, essay_url=ESSAY_URL,
        citation=citation(), **context,
    )


def _plain_text(value: object) -> str:
    """A headline or label as plain text: matplotlib's escaped dollar (``\\$``) becomes ``$``."""
    return str(value or "").replace("\\$", "$")


# --------------------------------------------------------------------------------------------
# Index


def write_assets(root: Path = REPORTS_DIR) -> None:
    path = root / "assets" / "site.css"
    if not path.exists() or path.read_text(encoding="utf-8") != CSS:
        atomic_write_text(path, CSS)


def _metrics(root: Path) -> list[tuple[Path, dict]]:
    """Every published report's metrics, in (notebook, parameter set) order."""
    out = []
    for path in sorted(root.glob("*/*/metrics.json")):
        if path.parts[-3] in SKIP_FOLDERS or path.parts[-3].startswith("."):
            continue
        try:
            out.append((path, json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, ValueError):
            continue
    return out


def _slug(text: str, *, keep_case: bool = False) -> str:
    """``text`` as an id or class name: runs of other characters than ASCII letters and digits become ``-``."""
    out, dash = [], False
    for ch in text if keep_case else text.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def _verdict(verdict: object) -> dict:
    text = str(verdict or "").strip()
    key = text.lower()
    symbol, slug = VERDICTS.get(key, ("?", _slug(key) or "unknown"))
    return {"text": text or "unknown", "symbol": symbol, "slug": slug}


def verdict_badge(verdict: object) -> Markup:
    """A verdict as symbol + word (the symbol is decoration for screen readers; the word is read)."""
    v = _verdict(verdict)
    macro = environment().get_template("_macros.html.j2").module.verdict_badge
    return Markup(macro(v["text"], v["symbol"], v["slug"]))


def _claims_rows(metrics: dict) -> list[dict]:
    value = (metrics.get("metrics", {}).get("claims") or {}).get("value") or []
    return [r for r in value if isinstance(r, dict)]


def _text(value: object) -> str:
    return "" if value is None else _plain_text(value)


def _claims(metrics: dict, *, report_href: str = "") -> dict | None:
    """The essay's figures table, from the essay notebook's ``claims`` metric (a list of rows)."""
    rows = _claims_rows(metrics)
    if not rows:
        return None
    counts: dict[str, int] = {}
    out = []
    for r in rows:
        verdict = str(r.get("verdict", "")).strip()
        counts[verdict] = counts.get(verdict, 0) + 1
        out.append({k: _text(r.get(k)) for k in ("ref", "topic", "claim", "essay_value", "value_then", "value_now", "reason")}
                   | {"verdict": _verdict(verdict)})
    order = [v for v in VERDICTS if v in counts] + sorted(v for v in counts if v not in VERDICTS)
    tally = [_verdict(v) | {"count": counts[v]} for v in order]
    return {"rows": out, "tally": tally, "href": report_href}


def _changes(claims: dict | None) -> list[dict]:
    """What changed since the essay, short: per topic, the first claim whose value today differs.

    A claim whose value now is the same (or says "unchanged") is left out. Items are labelled by
    topic (the claim's paraphrase when it has none).
    """
    if not claims:
        return []
    out, topics = [], set()
    for r in claims["rows"]:
        then, now = r["value_then"].strip(), r["value_now"].strip()
        topic = r.get("topic") or r["claim"]
        if topic in topics or not (then and now) or then == now or "unchanged" in now.lower():
            continue
        if not any(ch.isdigit() for ch in then + now):
            continue
        topics.add(topic)
        out.append(dict(r, label=topic[:1].upper() + topic[1:]))
    return out


_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_MONTHS = "January February March April May June July August September October November December".split()


def _date_key(value: object) -> tuple[int, int, int] | None:
    """The latest date a ``data_runs_to`` value names, as a sortable (year, month, day)."""
    found = [(int(y), int(m or 12), int(d or 31)) for y, m, d in _DATE.findall(str(value))]
    return max(found) if found else None


def _human_date(value: object) -> str:
    text = str(value)
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{int(m.group(3))} {_MONTHS[int(m.group(2)) - 1]} {m.group(1)}"
    m = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{_MONTHS[int(m.group(2)) - 1]} {m.group(1)}"
    return text


def _notebook_title(notebook: str, m: dict) -> str:
    return _plain_text(m.get("title") or notebook.replace("_", " ").capitalize())


def data_runs_to(reports: list[tuple[Path, dict]]) -> list[tuple[str, str, str]]:
    """``(notebook title, label, value)`` per notebook, latest first; from metrics key ``data_runs_to``.

    A notebook with several parameter sets contributes its latest value once.
    """
    best: dict[str, tuple[tuple[int, int, int], str, str, str]] = {}
    for path, m in reports:
        entry = m.get("metrics", {}).get("data_runs_to") or {}
        value = entry.get("value") if isinstance(entry, dict) else None
        if value in (None, ""):
            continue
        notebook = path.parts[-3]
        key = _date_key(value) or (0, 0, 0)
        title = _notebook_title(notebook, m)
        if notebook not in best or key > best[notebook][0]:
            best[notebook] = (key, title, _plain_text(entry.get("label") or "Data run to"), _human_date(value))
    ordered = sorted(best.values(), key=lambda t: (tuple(-x for x in t[0]), t[1]))
    return [(title, label, value) for _, title, label, value in ordered]


def set_title(notebook: str, param_set: str) -> str:
    """The reader-facing title of a parameter set (``site.yaml``), else its file name in words."""
    sets = site_config().get("sets") or {}
    return str(sets.get(f"{notebook}/{param_set}") or param_set.replace("_", " ").capitalize())


def _thumb(root: Path, notebook: str, param_set: str, m: dict) -> dict | None:
    for fig in m.get("figures") or []:
        base = f"figures/{notebook}/{param_set}/{fig.get('slug')}"
        if (root / f"{base}.png").exists():
            small = f"{base}.thumb.png"
            srcset = f"{small} 480w, {base}.png 1200w" if (root / small).exists() else ""
            return {"src": small if srcset else f"{base}.png", "srcset": srcset, "alt": _plain_text(fig.get("alt") or "")}
    return None


def _card(root: Path, notebook: str, param_set: str, m: dict) -> dict:
    runs = m.get("metrics", {}).get("data_runs_to") or {}
    runs_value = runs.get("value") if isinstance(runs, dict) else None
    return {
        "href": f"{notebook}/{param_set}/report.html",
        "notebook": notebook,
        "param_set": param_set,
        "notebook_title": _notebook_title(notebook, m),
        "set_title": set_title(notebook, param_set),
        "headline": _plain_text(m.get("headline")),
        "runs_to": (
            {"label": _plain_text(runs.get("label") or "Data run to"), "value": _human_date(runs_value)}
            if runs_value not in (None, "")
            else None
        ),
        "thumb": _thumb(root, notebook, param_set, m),
    }


def topics(root: Path, reports: list[tuple[Path, dict]]) -> list[dict]:
    """The cards grouped by topic (``site.yaml`` order); a notebook no topic names gets its own."""
    by_notebook: dict[str, list[dict]] = {}
    for path, m in reports:
        notebook, param_set = path.parts[-3], path.parts[-2]
        by_notebook.setdefault(notebook, []).append(_card(root, notebook, param_set, m))
    for cards in by_notebook.values():
        cards.sort(key=lambda c: (c["param_set"] != "default", c["param_set"]))  # the default set leads
    out, placed = [], set()
    configured = site_config().get("topics") or []
    extra = [{"id": n.replace("_", "-"), "title": by_notebook[n][0]["notebook_title"], "notebooks": [n]}
             for n in sorted(by_notebook) if not any(n in t["notebooks"] for t in configured)]
    for topic in list(configured) + extra:
        cards = [c for n in topic["notebooks"] if n in by_notebook for c in by_notebook[n]]
        placed.update(topic["notebooks"])
        if cards:
            several = len({c["notebook"] for c in cards}) > 1
            out.append({"id": topic["id"], "title": topic["title"], "cards": cards, "several": several})
    return out


def read_stamp(root: Path = REPORTS_DIR) -> str:
    """The build time from ``reports/build.json`` (``built_at``), or ``""``; no page shows it."""
    path = root / "build.json"
    if not path.exists():
        return ""
    try:
        return str(json.loads(path.read_text(encoding="utf-8")).get("built_at") or "")
    except (OSError, ValueError, AttributeError):
        return ""


def index_html(root: Path = REPORTS_DIR, *, essay_notebook: str = "essay_figures") -> str:
    """The landing page: what changed, the essay's figures, the date the data run to, the reports."""
    reports = _metrics(root)
    claims = None
    ordered = sorted(reports, key=lambda pm: pm[0].parts[-2] != "default")  # the default set's table first
    for path, m in ordered:
        if path.parts[-3] == essay_notebook and _claims_rows(m):
            claims = _claims(m, report_href=f"{essay_notebook}/{path.parts[-2]}/report.html")
            break
    runs = [{"title": t, "label": label, "value": v} for t, label, v in data_runs_to(reports)]
    return _render(
        "index.html.j2", page_title=f"{SITE_NAME}: reports", current="index",
        claims=claims, changes=_changes(claims), runs=runs, topics=topics(root, reports),
    )


# --------------------------------------------------------------------------------------------
# Sources


def _raw_files(raw_dir: Path) -> list[Path]:
    from .metadata import META_SUFFIX

    if not raw_dir.exists():
        return []
    return sorted(
        p
        for p in raw_dir.rglob("*")
        if p.is_file() and not p.name.endswith(META_SUFFIX) and p.suffix.lower() != ".md" and not p.name.startswith(".")
    )


def sources_rows(raw_dir: Path | None = None) -> list[dict]:
    """Every raw file's origin: producer (and the copies read, flagged), title, citation, URL, dates,
    confidence, further sources (with the copies they were read from, as ``via`` text)."""
    from .metadata import origin_of, via_text

    raw_dir = Path(raw_dir) if raw_dir is not None else RAW_DIR
    rows = []
    for path in _raw_files(raw_dir):
        rel = path.relative_to(raw_dir).as_posix()
        rows.append({
            "anchor": "src-" + _slug(rel, keep_case=True),
            "parts": rel.split("/"),
            "origin": (o := origin_of(path)),
            "source_via": [via_text(src.retrieved_from) if src.retrieved_from else "" for src in o.sources],
        })
    return rows


def sources_html(raw_dir: Path | None = None) -> str:
    return _render("sources.html.j2", page_title=f"{SITE_NAME}: sources", current="sources", rows=sources_rows(raw_dir))


# --------------------------------------------------------------------------------------------
# Data


def _dictionary(processed_dir: Path) -> dict:
    """The data dictionary ``make data`` wrote (``data_dictionary.json``), or ``{}`` before it ran."""
    path = processed_dir / "data_dictionary.json"
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return {}


def _coverage(entry: dict | None) -> str | None:
    """A dataset's coverage sentence from its data dictionary entry (``None`` without a declaration)."""
    from . import coverage

    lines = [line for line in coverage.dictionary_markdown((entry or {}).get("coverage")) if line]
    return lines[0].removeprefix("Coverage: ") if lines else None


def _rows(parquet: Path) -> int | None:
    try:
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(parquet).metadata.num_rows)
    except Exception:  # noqa: BLE001 - a row count is a nicety; the download stays
        return None


#: Words of dataset names that are abbreviations, written as such in titles.
_ABBREVIATIONS = {"rok": "ROK", "un": "UN", "upr": "UPR", "fts": "FTS", "wfp": "WFP", "dprk": "DPRK"}


def dataset_title(name: str) -> str:
    """A dataset's name in words: ``upr_cycles`` -> "UPR cycles", ``rok_aid`` -> "ROK aid"."""
    words = [_ABBREVIATIONS.get(w, w) for w in name.split("_")]
    if words and words[0] not in _ABBREVIATIONS.values():
        words[0] = words[0].capitalize()
    return " ".join(words)


def publish_data(root: Path = REPORTS_DIR, processed_dir: Path | None = None) -> list[dict]:
    """Copy every processed dataset (CSV and Parquet) into ``root/data``; return the data page entries.

    A dataset whose processed files are missing is listed without downloads.
    """
    from . import registry

    processed_dir = Path(processed_dir) if processed_dir is not None else PROCESSED_DIR
    target = root / "data"
    target.mkdir(parents=True, exist_ok=True)
    dictionary = _dictionary(processed_dir)
    out = []
    for name in registry.datasets():
        ds = registry.get(name)
        files = []
        for ext, label in (("csv", "CSV"), ("parquet", "Parquet")):
            src = processed_dir / f"{name}.{ext}"
            if src.exists():
                dest = target / src.name
                if not dest.exists() or dest.read_bytes() != src.read_bytes():
                    shutil.copyfile(src, dest)
                files.append({"href": f"data/{src.name}", "label": f"{label} ({src.name})"})
        out.append({
            "name": name,
            "title": dataset_title(name),
            "description": ds.description,
            "files": files,
            "rows": _rows(processed_dir / f"{name}.parquet"),
            "columns": [{"name": c, "description": d} for c, d in ds.columns.items()],
            "coverage": _coverage(dictionary.get(name)),
            "origins": registry.origin(name),
        })
    return out


def data_html(root: Path = REPORTS_DIR, processed_dir: Path | None = None) -> str:
    return _render("data.html.j2", page_title=f"{SITE_NAME}: data", current="data", datasets=publish_data(root, processed_dir))


# --------------------------------------------------------------------------------------------


#: The site's own pages, each made from one kind of input: ``index`` from the published reports,
#: ``sources`` from the raw files' origin metadata, ``data`` (with ``data/``) from the processed
#: datasets. `make` rebuilds each page when what it is made from changes.
PAGES = ("index", "sources", "data")


def check_pages(pages: Iterable[str]) -> list[str]:
    """``pages`` once each, in order; raises ValueError naming the first that is not one of :data:`PAGES`."""
    pages = list(dict.fromkeys(pages))
    unknown = [p for p in pages if p not in PAGES]
    if unknown:
        raise ValueError(f"unknown page {unknown[0]!r}; choose from {', '.join(PAGES)}")
    return pages


def build_index(root: Path = REPORTS_DIR, *, essay_notebook: str = "essay_figures", raw_dir: Path | None = None,
                processed_dir: Path | None = None, pages: Iterable[str] = PAGES) -> Path:
    """Write ``assets/site.css`` and the pages ``pages`` (default all, see :data:`PAGES`).

    Returns the index path. Each page is written even when unchanged, so that make sees it as up to date.
    """
    pages = check_pages(pages)
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    write_assets(root)
    index = root / "index.html"
    if "index" in pages:
        atomic_write_text(index, index_html(root, essay_notebook=essay_notebook))
    if "sources" in pages:
        atomic_write_text(root / "sources.html", sources_html(raw_dir))
    if "data" in pages:
        atomic_write_text(root / "data.html", data_html(root, processed_dir))
    return index


__all__ = ["build_index", "check_pages", "index_html", "sources_html", "data_html", "publish_data", "verdict_badge", "escape"]
