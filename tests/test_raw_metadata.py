"""Every raw file has valid origin metadata and its recorded checksum."""

import re
import subprocess
from pathlib import Path

import pytest
from pydantic import ValidationError

from cohen_analysis import metadata
from cohen_analysis.paths import RAW_DIR

RAW = metadata.raw_files()


def test_there_are_raw_files():
    topics = {p.relative_to(RAW_DIR).parts[0] for p in RAW}
    assert {"defectors", "prisoners", "upr", "treaties"} <= topics


@pytest.mark.parametrize("path", RAW, ids=[p.relative_to(RAW_DIR).as_posix() for p in RAW])
def test_raw_file_has_valid_origin(path):
    origin = metadata.read_origin(path)
    assert origin.url_main.startswith("http")
    assert origin.date_accessed >= origin.date_published[:4]


# ------------------------------------------------------------------ honest provenance
ROOT = RAW_DIR.parents[1]
_DOSSIER = re.compile(r"dossier", re.IGNORECASE)


def _committed(*folders: str) -> list[Path]:
    out = subprocess.run(["git", "ls-files", "-z", *folders], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [ROOT / p for p in out.split("\0") if p]


def test_no_committed_file_cites_the_dossier():
    """Figures are cited to their publishers, never to the working notes they were compiled in."""
    files = _committed("data/raw", "src", "notebooks")
    assert len(files) > 50
    offenders = []
    for path in files:
        if not path.exists() or path.suffix in {".parquet", ".png"}:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if _DOSSIER.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()[:100]}")
    assert offenders == []


@pytest.mark.parametrize("path", RAW, ids=[p.relative_to(RAW_DIR).as_posix() for p in RAW])
def test_figures_read_from_a_copy_name_the_copy(path):
    """An address on a copy host (GitHub, a news site, docslib ...) comes with ``retrieved_from``."""
    origin = metadata.read_origin(path)
    if not metadata.own_publication(origin.producer, origin.url_main):
        assert origin.retrieved_from, f"url_main is on {metadata.copy_host(origin.url_main)}, a copy: say so in retrieved_from"
    for source in origin.sources:
        if not metadata.own_publication(source.producer, source.url):
            assert source.retrieved_from, f"source {source.url} is on {metadata.copy_host(source.url)}, a copy: say so in its retrieved_from"
    for copy in origin.retrieved_from:
        assert copy.name.strip()


@pytest.mark.parametrize("path", RAW, ids=[p.relative_to(RAW_DIR).as_posix() for p in RAW])
def test_short_citations_name_a_date_and_no_compilation(path):
    """citation_short names producers and the years a reader can look up, not "compiled 2026"."""
    origin = metadata.read_origin(path)
    assert "compiled" not in origin.citation_short.lower()
    assert " et al" not in origin.citation_short
    assert re.search(r"\((\d{4})(-\d{4})?(, \d{4})*\)|\b\d{2,3}/\d+\b|/\d+/\d+", origin.citation_short), origin.citation_short


def test_copy_hosts():
    assert metadata.copy_host("https://github.com/Ahmet-Dedeler/free-north-korea/blob/x.json") == "github.com"
    assert metadata.copy_host("https://mobile.newsis.com/view_amp.html?ar_id=1") == "newsis.com"
    assert metadata.copy_host("https://en.yna.co.kr/view/AEN20200107007600325") == "yna.co.kr"
    assert metadata.copy_host("https://docslib.org/doc/7044190/x") == "docslib.org"
    assert metadata.copy_host("https://www.unikorea.go.kr/cn_unikorea/") is None
    assert metadata.copy_host("https://notgithub.com/x") is None
    assert metadata.copy_host(None) is None
    assert metadata.own_publication("Yonhap News Agency", "https://en.yna.co.kr/view/AEN20090928003600315")
    assert metadata.own_publication("Daily NK", "https://www.dailynk.com/english/x/")
    assert not metadata.own_publication("Ministry of Unification", "https://en.yna.co.kr/view/AEN20090928003600315")
    assert not metadata.own_publication("UPR Info", "https://docslib.org/doc/7044190/x")
    assert metadata.own_publication("Ministry of Unification", "https://www.unikorea.go.kr/cn_unikorea/")


def test_via_text():
    Copy = metadata.Copy
    assert metadata.via_text([]) == ""
    assert metadata.via_text([Copy(kind="machine-extracted table", name="GitHub a/b")]) == "via a machine-extracted table (GitHub a/b)"
    assert metadata.via_text([Copy(kind="aggregator", name="Statista")]) == "via an aggregator (Statista)"
    news = [Copy(kind="news report", name=n) for n in ("Yonhap", "KBS", "MBC", "YTN", "Yonhap")]
    assert metadata.via_text(news) == "via news reports (Yonhap, KBS, MBC and 1 other)"
    assert metadata.via_text(news[:2] + [Copy(kind="document-sharing site", name="docslib")]) == (
        "via news reports (Yonhap and KBS) and a document-sharing site (docslib)"
    )


def test_copy_schema_rejects_unknown_kinds_and_fields():
    with pytest.raises(ValidationError):
        metadata.Copy(kind="blog", name="x")
    with pytest.raises(ValidationError):
        metadata.Copy(kind="news report", name="")
    with pytest.raises(ValidationError):
        metadata.Copy(kind="news report", name="x", url="ftp://x")
    with pytest.raises(ValidationError):
        metadata.Copy(kind="news report", name="x", where="y")


def test_source_lines_name_producer_and_copy():
    from cohen_analysis import charts

    assert charts.source_text(["rok_aid"]) == (
        "Source: Ministry of Unification (2026), via a machine-extracted table (GitHub Ahmet-Dedeler/free-north-korea) "
        "and news reports (Hankyung, Maeil Shinmun, DailyNK and 1 other); "
        "Ministry of Unification (2024-2025), via news reports (Edaily and News1) and an aggregator (theqoo)"
    )
    assert charts.source_text(["humanitarian_funding"]) == (
        "Source: OCHA FTS (2026), via a machine-extracted table (GitHub Ahmet-Dedeler/free-north-korea); "
        "OCHA FTS (2023-2025), via news reports (Hankyung, cdnk.co.kr, Daum and 1 other)"
    )
    assert charts.source_text(["us_refugee_admissions"]) == (
        "Source: US Department of State (2020), via news reports (Yonhap, UPI, RFA Korean and 3 others)"
    )
    # the essay is read from its publisher: no "via"
    assert charts.source_text(["essay_claims"]) == "Source: Cohen, 38 North (2010)"
    # several producers read from the same copies: producers first, then "read via"
    assert charts.source_text(["un_membership"]) == (
        "Source: UN General Assembly resolution 46/1 (1991); ILO member States (2025); "
        "read via a news report (KEIA, The Peninsula) and an aggregator (Wikipedia)"
    )
    # each producer keeps the copies its own figures were read from
    assert charts.source_text(["essay_claims", "defectors", "humanitarian_funding"]) == (
        "Source: Cohen, 38 North (2010); "
        "Ministry of Unification (2026), via news reports (SBS, Donga Ilbo, Mediapen and 3 others); "
        "OCHA FTS (2026), via a machine-extracted table (GitHub Ahmet-Dedeler/free-north-korea); "
        "OCHA FTS (2023-2025), via news reports (Hankyung, cdnk.co.kr, Daum and 1 other)"
    )


def test_sources_page_flags_copies():
    from cohen_analysis import site

    text = site.sources_html()
    row = text.split('id="src-aid-fts-funding-dprk-csv"', 1)[1].split("</tr>", 1)[0]
    assert "UN OCHA Financial Tracking Service" in row
    assert '<strong class="copy-flag">Copy:</strong> figures read from these copies, not from the publisher:' in row
    assert ">GitHub Ahmet-Dedeler/free-north-korea</a> (machine-extracted table)" in row
    essay = text.split('id="src-essay-claims-csv"', 1)[1].split("</tr>", 1)[0]
    assert "copy-flag" not in essay
    # further sources read from a copy are flagged too
    refugees = text.split('id="src-defectors-us-refugee-admissions-csv"', 1)[1].split("</tr>", 1)[0]
    assert 'Copy:</strong> read via a news report (VOA Korean)' in refugees
