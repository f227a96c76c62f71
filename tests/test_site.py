"""The report site builder on small synthetic report folders (no notebooks run, no browser)."""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cohen_analysis import site

# A 1x1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)

CLAIMS = [
    {"ref": "¶10", "claim": "Defectors in the South", "essay_value": "some 18,000", "value_then": "17,998",
     "value_now": "34,537", "verdict": "reproduced", "reason": "within 5%"},
    {"ref": "¶7", "claim": "Treaties after UN admission", "essay_value": "all 5", "value_then": "1 of 5",
     "value_now": "1 of 5", "verdict": "differs", "reason": "four came before"},
    {"ref": "¶11", "claim": "UPR in 2010", "essay_value": "2010", "value_then": "Dec 2009",
     "value_now": "4 reviews", "verdict": "partly", "reason": "adopted 2010"},
    {"ref": "¶13", "claim": "Families <separated>", "essay_value": "(no figure)", "value_then": "87,566",
     "value_now": "32,948", "verdict": "not checkable", "reason": "no figure"},
]


def _report(root: Path, notebook: str, param_set: str, *, title: str, headline: str, metrics: dict | None = None,
            figures: list[dict] | None = None, parameters: dict | None = None) -> None:
    folder = root / notebook / param_set
    folder.mkdir(parents=True)
    payload = {
        "notebook": notebook, "title": title, "headline": headline, "parameters": parameters or {"start_year": 1999},
        "metrics": metrics or {}, "figures": figures or [], "datasets": [],
    }
    (folder / "metrics.json").write_text(json.dumps(payload), encoding="utf-8")
    (folder / "report.html").write_text("<html><body><main><h1>x</h1></main></body></html>", encoding="utf-8")
    for fig in figures or []:
        fdir = root / "figures" / notebook / param_set
        fdir.mkdir(parents=True, exist_ok=True)
        (fdir / f"{fig['slug']}.png").write_bytes(PNG)
        (fdir / f"{fig['slug']}.alt.txt").write_text(fig["alt"], encoding="utf-8")


@pytest.fixture
def reports(tmp_path) -> Path:
    root = tmp_path / "reports"
    _report(root, "essay_figures", "default", title="The essay's figures, checked", headline="2 of 4 reproduced",
            metrics={"claims": {"label": "Claims table", "value": CLAIMS},
                     "data_runs_to": {"label": "Defector data run to", "value": "2025"}},
            figures=[{"slug": "then_and_now", "alt": "Prisoner estimates fell from 150,000 to 53,000"}])
    _report(root, "defectors", "default", title="Defectors", headline="17,998 had arrived by end-2009",
            metrics={"data_runs_to": {"label": "The data run to", "value": 2025}},
            figures=[{"slug": "arrivals", "alt": "Arrivals fell from 2,914 in 2009 to 63 in 2021"},
                     {"slug": "women", "alt": "Most were women"}])
    _report(root, "defectors", "essay_era", title="Defectors", headline="Era headline",
            metrics={"data_runs_to": {"label": "The data run to", "value": 2010}})
    _report(root, "aid", "default", title="Aid", headline="FTS funding fell from \\$24.5M to \\$2.4M",
            metrics={"data_runs_to": {"label": "Register run to", "value": "2026-08-31"}})
    # not reports: interactive runs and failed runs are never listed
    (root / "interactive" / "defectors").mkdir(parents=True)
    (root / "interactive" / "defectors" / "metrics.json").write_text(json.dumps({"title": "Interactive"}), encoding="utf-8")
    return root


@pytest.fixture
def raw_dir(tmp_path) -> Path:
    import yaml

    raw = tmp_path / "raw" / "topic"
    raw.mkdir(parents=True)
    csv = raw / "figures.csv"
    csv.write_text("year,value\n2010,1\n", encoding="utf-8")
    meta = {
        "file": "figures.csv", "sha256": hashlib.sha256(csv.read_bytes()).hexdigest(), "title": "Yearly figures & more",
        "description": "d", "producer": "Ministry of Unification", "citation_full": "Ministry of Unification (2026). Figures.",
        "citation_short": "MOU (2026)", "url_main": "https://www.unikorea.go.kr/eng_unikorea/", "date_published": "2026",
        "date_accessed": "2026-01-15", "license": "public", "confidence": "high",
        "sources": [{"producer": "KINU", "title": "White Paper", "url": "https://www.kinu.or.kr/", "used_for": "2010 value"}],
        "columns": {"year": {"description": "year"}, "value": {"description": "value", "unit": "people"}},
    }
    (raw / "figures.csv.meta.yaml").write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
    (raw / "README.md").write_text("notes", encoding="utf-8")
    return tmp_path / "raw"


class _Outline(HTMLParser):
    """Collects what the checks need: headings, links, images, tables, ids."""

    def __init__(self):
        super().__init__()
        self.headings, self.links, self.images, self.ids, self.stylesheets, self.scripts = [], [], [], [], [], []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "img":
            self.images.append(a)
        if tag == "link" and a.get("rel") == "stylesheet":
            self.stylesheets.append(a["href"])
        if tag == "script":
            self.scripts.append(a)
        if "id" in a:
            self.ids.append(a["id"])


def _outline(text: str) -> _Outline:
    parser = _Outline()
    parser.feed(text)
    return parser


def _assert_headings_in_order(levels: list[int]) -> None:
    assert levels and levels[0] == 1 and levels.count(1) == 1, levels
    for a, b in zip(levels, levels[1:]):
        assert b <= a + 1, levels


def test_index_leads_with_the_claims_table_then_cards(reports, raw_dir):
    index = site.build_index(reports, raw_dir=raw_dir)
    text = index.read_text(encoding="utf-8")
    assert text.index('<table class="claims"') < text.index('class="cards"')
    # every claim, escaped, with its values and a verdict carried by symbol and word
    for row in CLAIMS:
        for key in ("ref", "claim", "essay_value", "value_then", "value_now", "reason"):
            assert str(site.escape(row[key])) in text
    assert "Families &lt;separated&gt;" in text
    for verdict, (symbol, slug) in site.VERDICTS.items():
        assert f'<span class="verdict verdict-{slug}"><span class="sym" aria-hidden="true">{symbol}</span>{verdict}</span>' in text
    # one card per report, linked; interactive runs are not reports
    links = _outline(text).links
    for href in ("essay_figures/default/report.html", "defectors/default/report.html",
                 "defectors/essay_era/report.html", "aid/default/report.html"):
        assert href in links
    assert text.count('<li class="card">') == 4
    assert "Interactive" not in text
    # headline shown as plain text (matplotlib's escaped dollar undone)
    assert "FTS funding fell from $24.5M to $2.4M" in text


def test_cards_have_thumbnails_with_alt_text_of_the_main_chart(reports, raw_dir):
    text = site.build_index(reports, raw_dir=raw_dir).read_text(encoding="utf-8")
    images = _outline(text).images
    srcs = {i["src"]: i["alt"] for i in images}
    assert srcs == {
        "figures/essay_figures/default/then_and_now.png": "Prisoner estimates fell from 150,000 to 53,000",
        "figures/defectors/default/arrivals.png": "Arrivals fell from 2,914 in 2009 to 63 in 2021",
    }
    for src in srcs:
        assert (reports / src).exists()


def test_data_run_to_lists_each_notebook_latest_first(reports, raw_dir):
    runs = site.data_runs_to(site._metrics(reports))
    assert runs == [
        ("Aid", "Register run to", "31 August 2026"),
        ("Defectors", "The data run to", "2025"),
        ("The essay's figures, checked", "Defector data run to", "2025"),
    ]
    text = site.build_index(reports, raw_dir=raw_dir).read_text(encoding="utf-8")
    assert "<strong>Data run to:</strong> 31 August 2026 at the latest (Aid)" in text
    assert '<p class="runs-to">The data run to: 2010</p>' in text  # per card


def test_pages_are_relative_offline_accessible_and_ordered(reports, raw_dir):
    site.build_index(reports, raw_dir=raw_dir)
    for name in ("index.html", "sources.html", "data.html"):
        text = (reports / name).read_text(encoding="utf-8")
        outline = _outline(text)
        assert '<html lang="en">' in text
        assert outline.stylesheets == ["assets/site.css"]
        assert not outline.scripts
        assert outline.tags.count("main") == 1
        assert "//fonts." not in text and "@import" not in text
        _assert_headings_in_order(outline.headings)
        for href in outline.links:
            if href.startswith(("http://", "https://")):
                continue
            assert not href.startswith("/"), href
            path, _, fragment = href.partition("#")
            assert (reports / path).exists() if path else fragment in outline.ids, href
    css = (reports / "assets" / "site.css").read_text(encoding="utf-8")
    assert css == site.CSS and "url(" not in css  # no fonts or images fetched by the stylesheet


def test_site_build_is_deterministic(reports, raw_dir):
    site.build_index(reports, raw_dir=raw_dir)
    pages = [reports / n for n in ("index.html", "sources.html", "data.html")]
    first = {p.name: p.read_bytes() for p in pages}
    site.build_index(reports, raw_dir=raw_dir)
    assert first == {p.name: p.read_bytes() for p in pages}
    assert not re.search(rb"\d{2}:\d{2}:\d{2}", first["index.html"])


def test_no_page_carries_the_build_time(reports, raw_dir):
    site.build_index(reports, raw_dir=raw_dir)
    before = {n: (reports / n).read_bytes() for n in ("index.html", "sources.html", "data.html")}
    (reports / "build.json").write_text(json.dumps({"built_at": "2026-01-02T03:04:05Z"}), encoding="utf-8")
    site.build_index(reports, raw_dir=raw_dir)
    assert site.read_stamp(reports) == "2026-01-02T03:04:05Z"
    for name, text in before.items():
        assert (reports / name).read_bytes() == text, name  # the stamp changes nothing but build.json
        assert b"2026-01-02" not in text and b"Built " not in text


def test_sources_page_lists_every_raw_file_with_citation_and_url(reports, raw_dir):
    site.build_index(reports, raw_dir=raw_dir)
    text = (reports / "sources.html").read_text(encoding="utf-8")
    assert "<code>topic/<wbr>figures.csv</code>" in text
    assert "Ministry of Unification (2026). Figures." in text
    assert '<a href="https://www.unikorea.go.kr/eng_unikorea/">Yearly figures &amp; more</a>' in text
    assert '<a href="https://www.kinu.or.kr/">White Paper</a>' in text
    assert "README.md" not in text and "figures.csv.meta.yaml" not in text
    assert "<p>1 raw file. " in text
    assert '<th scope="row">' in text and "<caption>" in text


def test_index_without_reports_or_claims(tmp_path, raw_dir):
    root = tmp_path / "empty"
    text = site.build_index(root, raw_dir=raw_dir).read_text(encoding="utf-8")
    assert "No reports have been built yet" in text
    assert '<table class="claims"' not in text
    _assert_headings_in_order(_outline(text).headings)


def test_only_the_pages_asked_for_are_written(tmp_path, raw_dir):
    root = tmp_path / "site"
    site.build_index(root, raw_dir=raw_dir, pages=["sources"])
    assert sorted(p.name for p in root.glob("*.html")) == ["sources.html"]
    assert "<table" in (root / "sources.html").read_text(encoding="utf-8") and (root / "assets" / "site.css").exists()
    site.build_index(root, raw_dir=raw_dir, pages=["index"])
    assert sorted(p.name for p in root.glob("*.html")) == ["index.html", "sources.html"]
    with pytest.raises(ValueError, match=r"unknown page 'home'; choose from index, sources, data"):
        site.build_index(root, raw_dir=raw_dir, pages=["index", "home"])


# ----------------------------------------------------------------------------------------------
# Index organised for readers, the data page, how to cite


def test_index_groups_reports_by_topic_with_reader_titles(reports, raw_dir):
    text = site.build_index(reports, raw_dir=raw_dir).read_text(encoding="utf-8")
    # topics in the configured order, each a heading; the essay first
    order = [text.index(f'id="topic-{t}"') for t in ("essay", "defectors", "engagement")]
    assert order == sorted(order)
    assert "The essay&#39;s figures</h3>" in text and "North Koreans who fled, to South Korea and beyond</h3>" in text
    # reader-facing set titles, never the parameters themselves
    assert "Arrivals since 1999, women and men</a>" in text
    assert "Up to the essay, 1999-2010</a>" in text
    assert "start year" not in text and "start_year" not in text and "1999}" not in text
    assert 'class="params"' not in text
    # the default set leads its notebook's cards
    assert text.index("defectors/default/report.html") < text.index("defectors/essay_era/report.html")
    # a set the configuration does not name: its file name in words
    assert site.set_title("defectors", "new_window") == "New window"


def test_cards_carry_their_own_headline_and_data_date(reports, raw_dir):
    text = site.build_index(reports, raw_dir=raw_dir).read_text(encoding="utf-8")
    cards = re.findall(r'<li class="card">(.*?)</li>', text, flags=re.S)
    assert len(cards) == 4
    headlines = [re.search(r'<p class="headline">(.*?)</p>', c).group(1) for c in cards]
    assert headlines == ["2 of 4 reproduced", "17,998 had arrived by end-2009", "Era headline",
                         "FTS funding fell from $24.5M to $2.4M"]
    runs = [re.search(r'<p class="runs-to">(.*?)</p>', c).group(1) for c in cards]
    assert runs == ["Defector data run to: 2025", "The data run to: 2025", "The data run to: 2010",
                    "Register run to: 31 August 2026"]


def test_index_lead_says_what_changed_since_the_essay(reports, raw_dir):
    text = site.build_index(reports, raw_dir=raw_dir).read_text(encoding="utf-8")
    lead = text[text.index('id="since-the-essay"'):text.index('id="essay-figures"')]
    # the claims whose value now differs from the value then, with both values
    assert "<strong>Defectors in the South</strong> (¶10): 17,998 then; 34,537 now." in lead
    assert "<strong>Families &lt;separated&gt;</strong> (¶13): 87,566 then; 32,948 now." in lead
    assert "Treaties after UN admission" not in lead  # 1 of 5 then and now: no change
    assert lead.count("<li>") == 3
    # labelled by topic, one claim per topic; "unchanged" values are no change
    rows = [dict(CLAIMS[0], topic="defectors"), dict(CLAIMS[0], topic="defectors", value_now="40,000"),
            dict(CLAIMS[2], topic="UPR", value_now="4 reviews (unchanged)")]
    changes = site._changes(site._claims({"metrics": {"claims": {"value": rows}}}))
    assert [(c["label"], c["value_now"]) for c in changes] == [("Defectors", "34,537")]


def test_thumbnails_use_srcset_when_the_thumbnail_exists(reports, raw_dir):
    (reports / "figures" / "defectors" / "default" / "arrivals.thumb.png").write_bytes(PNG)
    text = site.build_index(reports, raw_dir=raw_dir).read_text(encoding="utf-8")
    img = next(i for i in _outline(text).images if "defectors" in i["src"])
    assert img["src"] == "figures/defectors/default/arrivals.thumb.png"
    assert img["srcset"] == ("figures/defectors/default/arrivals.thumb.png 480w, "
                             "figures/defectors/default/arrivals.png 1200w")
    assert img["sizes"] and img["alt"] == "Arrivals fell from 2,914 in 2009 to 63 in 2021"


@pytest.fixture
def processed(tmp_path) -> Path:
    import pandas as pd

    folder = tmp_path / "processed"
    folder.mkdir()
    frame = pd.DataFrame({"period": ["2009", "2010"], "men": [1, 2]})
    frame.to_csv(folder / "defectors.csv", index=False)
    frame.to_parquet(folder / "defectors.parquet", index=False)
    coverage = {"expected": "one figure per year", "span": "2009-2011", "expected_count": 3, "found": 2,
                "missing": ["2011"], "missing_text": "2011", "note": "2009-2011; 1 year not found (2011)"}
    (folder / "data_dictionary.json").write_text(json.dumps({"defectors": {"coverage": coverage}}), encoding="utf-8")
    return folder


def test_data_page_offers_every_dataset_with_dictionary_sources_and_licence(reports, raw_dir, processed):
    from cohen_analysis import registry

    site.build_index(reports, raw_dir=raw_dir, processed_dir=processed)
    text = (reports / "data.html").read_text(encoding="utf-8")
    # every registered dataset has a section
    for name in registry.datasets():
        assert f'<h2 id="ds-{name}">' in text, name
    # the files present are copied and linked; the row count comes from the Parquet file
    assert (reports / "data" / "defectors.csv").read_bytes() == (processed / "defectors.csv").read_bytes()
    assert (reports / "data" / "defectors.parquet").exists()
    section = text[text.index('<h2 id="ds-defectors">'):]
    section = section[: section.index("</section>")]
    assert '<a href="data/defectors.csv">CSV (defectors.csv)</a>' in section
    assert '<a href="data/defectors.parquet">Parquet (defectors.parquet)</a>' in section
    assert "(2 rows)" in section
    ds = registry.get("defectors")
    for column, meaning in ds.columns.items():
        assert f"<dt>{site.escape(column)}</dt><dd>{site.escape(meaning)}</dd>" in section
    for origin in registry.origin("defectors"):
        assert f"Licence or terms: {site.escape(origin.license)}." in section
        assert f'<a href="{site.escape(origin.url_main)}">' in section
    assert 'id="ds-defectors-coverage"' in section
    assert "<p>one figure per year; 2 of 3 found; not found: 2011.</p>" in section
    # a dataset without a declaration says so
    other = text[text.index('<h2 id="ds-treaties">'):]
    assert "No coverage statement is declared for this dataset yet." in other[: other.index("</section>")]
    assert 'id="how-to-cite"' in text
    assert (site.dataset_title("upr_cycles"), site.dataset_title("rok_aid"), site.dataset_title("defectors")) == (
        "UPR cycles", "ROK aid", "Defectors")


def test_citation_cff_is_valid_cff_and_matches_the_site():
    import yaml

    root = Path(__file__).resolve().parents[1]
    cff = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors", "type", "version", "license"):
        assert cff.get(key), key
    assert cff["type"] == "software" and cff["license"] == site.PROJECT_LICENSE == "MIT"
    assert cff["title"] == site.PROJECT_TITLE
    assert all(a.get("name") or a.get("family-names") for a in cff["authors"])
    assert cff["authors"][0]["name"] == site.PROJECT_AUTHORS
    import tomllib

    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert cff["version"] == project["version"]
    essay = cff["references"][0]
    assert essay["authors"] == [{"family-names": "Cohen", "given-names": "Roberta"}]
    assert essay["title"] == site.ESSAY_TITLE and essay["url"] == site.ESSAY_URL
    assert (essay["year"], essay["month"]) == (2010, 6)
    try:  # the reference validator, where installed
        from cffconvert import Citation
    except ImportError:
        return
    Citation((root / "CITATION.cff").read_text(encoding="utf-8")).validate()


def test_how_to_cite_on_the_index(reports, raw_dir):
    text = site.build_index(reports, raw_dir=raw_dir).read_text(encoding="utf-8")
    block = text[text.index('id="how-to-cite"'):]
    assert site.PROJECT_AUTHORS in block and site.PROJECT_TITLE.replace("'", "&#39;") in block
    assert f'<a href="{site.ESSAY_URL}">' in block


# ----------------------------------------------------------------------------------------------
# Escaping: crafted values never become markup


CRAFTED = ['<script>document.title="pwned"</script>', '"><img src=x onerror=alert(1)>']


def test_crafted_claims_are_escaped_on_the_index(tmp_path, raw_dir):
    root = tmp_path / "reports"
    rows = [dict(CLAIMS[0], claim=CRAFTED[0], essay_value=CRAFTED[1], reason=CRAFTED[1], verdict=CRAFTED[0])]
    _report(root, "essay_figures", "default", title=CRAFTED[0], headline=CRAFTED[1],
            metrics={"claims": {"label": "Claims table", "value": rows},
                     "data_runs_to": {"label": CRAFTED[1], "value": CRAFTED[0]}},
            figures=[{"slug": "then_and_now", "alt": CRAFTED[1]}])
    text = site.build_index(root, raw_dir=raw_dir).read_text(encoding="utf-8")
    outline = _outline(text)
    assert not outline.scripts
    assert all(set(i) <= {"src", "alt", "width", "height", "loading", "srcset", "sizes"} for i in outline.images)
    assert [i["src"] for i in outline.images] == ["figures/essay_figures/default/then_and_now.png"]
    assert "<script>" not in text and "<img src=x" not in text
    assert "&lt;script&gt;document.title=&#34;pwned&#34;&lt;/script&gt;" in text
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in text


def test_crafted_values_are_escaped_in_the_report(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    import pandas as pd

    from cohen_analysis import report_html

    frame = pd.DataFrame({"claim": CRAFTED, "value": [1, 2]})
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Title\n\nIntro."),
        nbformat.v4.new_code_cell("frame", outputs=[nbformat.v4.new_output(
            "execute_result", data={"text/html": frame.to_html(), "text/plain": "frame"}, execution_count=1)]),
        nbformat.v4.new_code_cell("nb.show(...)", outputs=[nbformat.v4.new_output(
            "display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"},
            metadata={"image/png": {"alt": CRAFTED[1]}, "cohen_chart": {"slug": '"><b>x', "csv": True}})]),
    ]
    page = report_html.render(nb, title=CRAFTED[0], figures_href="../../figures/a/b/")
    outline = _outline(page)
    assert not outline.scripts
    assert [i["alt"] for i in outline.images] == [CRAFTED[1]]
    assert "<script>document" not in page and "<img src=x" not in page and "<b>x" not in page
    assert "&lt;script&gt;document.title" in page
    assert '../../figures/a/b/"><b>x.csv' in outline.links  # the crafted slug stays inside the attribute
    assert "b" not in outline.tags


# ----------------------------------------------------------------------------------------------
# Report pages: nbconvert template and preprocessors (no rewriting of generated HTML)


def _notebook(cells):
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    return nb


def _png_output(slug: str | None, alt: str, csv: bool = True):
    import base64

    import nbformat

    meta = {"image/png": {"alt": alt, "width": 600, "height": 360}}
    if slug:
        meta["cohen_chart"] = {"slug": slug, "csv": csv}
    return nbformat.v4.new_output("display_data", data={"image/png": base64.b64encode(PNG).decode(), "text/plain": "<Figure>"},
                                  metadata=meta)


def _sample_report():
    import nbformat

    v4 = nbformat.v4
    return _notebook([
        v4.new_markdown_cell("# Title\n\nIntro."),
        v4.new_markdown_cell("## First\n\nText.\n\n```\n# not a heading\n```"),
        v4.new_code_cell("nb.show(fig, 'arrivals', data=frame)", outputs=[_png_output("arrivals", "Arrivals fell to 63 in 2021")]),
        v4.new_markdown_cell("#### Deep"),
        v4.new_code_cell("df", outputs=[v4.new_output("execute_result", execution_count=1, data={
            "text/html": '<table border="1" class="dataframe"><thead><tr><th></th><th>year</th></tr></thead>'
                         "<tbody><tr><th>0</th><td>2010</td></tr></tbody></table>", "text/plain": "df"})]),
        v4.new_code_cell("assert checks", metadata={"tags": ["reader-hidden"]}, outputs=[
            v4.new_output("stream", name="stdout", text="A09b PosixPath('x') None")]),
        v4.new_markdown_cell("# Second title"),
        v4.new_code_cell("plt.show()", outputs=[_png_output(None, "Women were 72% & rising")]),
    ])


def test_report_page_has_the_site_chrome_from_the_template():
    from cohen_analysis import report_html

    page = report_html.render(_sample_report(), title="Defectors: every year", figures_href="../../figures/defectors/default/")
    outline = _outline(page)
    assert "<title>Defectors: every year</title>" in page
    assert '<html lang="en">' in page
    assert outline.stylesheets == ["../../assets/site.css"]
    assert not outline.scripts
    for href in ("../../index.html", "../../sources.html", "../../data.html"):
        assert href in outline.links
    assert outline.tags.count("main") == 1 and 'id="content"' in page
    assert '<footer class="site-footer">' in page and "Built " not in page
    toc = re.search(r'<nav[^>]*class="toc".*?</nav>', page, flags=re.S).group(0)
    assert page.index("Intro.") < page.index("toc-heading") < page.index('id="First"')
    assert '<a href="#First">First</a>' in toc and '<a href="#Deep">Deep</a>' in toc
    assert '<a href="#Second-title">Second title</a>' in toc
    assert "¶" not in toc
    assert "jp-RenderedHTMLCommon {" not in page and "--jp-layout-color0" not in page


def test_report_page_headings_tables_hidden_cells():
    from cohen_analysis import report_html

    page = report_html.render(_sample_report(), title="t")
    _assert_headings_in_order(_outline(page).headings)
    assert '<h3 id="Deep">' in page  # h2 -> h4 became h2 -> h3
    assert '<h2 id="Second-title">' in page  # one h1 only
    assert "# not a heading" in page  # code fences are left alone
    assert 'border="1"' not in page
    assert '<th scope="col">year</th>' in page and '<th scope="row">0</th>' in page
    assert "<th></th>" not in page
    # the reader-hidden cell is gone, output and all
    assert "A09b" not in page and "PosixPath" not in page
    assert [i["alt"] for i in _outline(page).images] == ["Arrivals fell to 63 in 2021", "Women were 72% & rising"]


def test_report_page_links_each_chart_png_svg_csv():
    from cohen_analysis import report_html

    page = report_html.render(_sample_report(), title="t", figures_href="../../figures/defectors/default/")
    downloads = re.findall(r'<p class="downloads">(.*?)</p>', page, flags=re.S)
    assert len(downloads) == 1  # the chart without a slug has no download line
    assert re.findall(r'href="([^"]+)"', downloads[0]) == [
        "../../figures/defectors/default/arrivals.png", "../../figures/defectors/default/arrivals.svg",
        "../../figures/defectors/default/arrivals.csv"]
    assert ">PNG</a> · <a" in downloads[0] and ">data (CSV)</a>" in downloads[0]
    img = _outline(page).images[0]
    assert (img["width"], img["height"]) == ("600", "360")
    # no figures folder known (an interactive export): no links
    assert '<p class="downloads">' not in report_html.render(_sample_report(), title="t")


def test_normalise_headings_and_contents():
    from cohen_analysis.report_html import nest_contents, normalise_headings

    sources, contents, title = normalise_headings(["Intro without heading", "## Real title\ntext", "#### Skip", "# Again"])
    assert title == 1
    assert sources[1:] == ["# Real title\ntext", "## Skip", "## Again"]
    assert contents == [{"level": 2, "id": "Skip", "text": "Skip"}, {"level": 2, "id": "Again", "text": "Again"}]
    nested = nest_contents([{"level": 2, "id": "a", "text": "A"}, {"level": 3, "id": "b", "text": "B"},
                            {"level": 2, "id": "c", "text": "C"}])
    assert [(n["id"], [c["id"] for c in n["children"]]) for n in nested] == [("a", ["b"]), ("c", [])]


def test_template_drops_jupyterlab_css_and_scripts():
    template = site.TEMPLATES_DIR / "cohen_report" / "index.html.j2"
    text = template.read_text(encoding="utf-8")
    for block in ("notebook_css", "html_head_js", "html_head_js_mathjax", "html_head_js_mermaidjs", "jupyter_widgets"):
        assert re.search(r"\{%-? block " + block + r" -?%\}\{%-? endblock", text), block
    conf = json.loads(template.with_name("conf.json").read_text(encoding="utf-8"))
    assert conf["preprocessors"]["100-pygments"]["enabled"] is False


def test_site_code_does_not_rewrite_html_with_regular_expressions():
    for module in ("site.py", "report_html.py"):
        source = (Path(site.__file__).with_name(module)).read_text(encoding="utf-8")
        assert "re.sub(" not in source and ".sub(" not in source, module


def test_export_html_writes_the_report(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    from cohen_analysis.build import export_html

    out = tmp_path / "run"
    out.mkdir()
    nb_path = out / "notebook.ipynb"
    nbformat.write(_sample_report(), nb_path)
    export_html(nb_path, out / "report.html", title="Report title", figures_href="../../figures/x/default/")
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<title>Report title</title>" in page and '<nav aria-labelledby="toc-heading" class="toc">' in page
    assert 'href="../../figures/x/default/arrivals.csv"' in page


def test_html_outputs_lose_scripts_and_handlers():
    from cohen_analysis.report_html import accessible_table_html

    unsafe = ('<table><tbody><tr><td><script>alert(1)</script>x</td><td><img src="x" onerror="alert(1)">'
              '<a href="javascript:alert(1)">y</a><a href="https://example.org/">z</a></td></tr></tbody></table>')
    out = accessible_table_html(unsafe)
    assert "<script" not in out and "onerror" not in out and "javascript:" not in out
    assert '<a href="https://example.org/">z</a>' in out and '<img src="x"/>' in out and ">x</td>" in out
