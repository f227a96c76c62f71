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
            assert site.html.escape(row[key]) in text
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
    for name in ("index.html", "sources.html"):
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
    first = {p.name: p.read_bytes() for p in (reports / "index.html", reports / "sources.html")}
    site.build_index(reports, raw_dir=raw_dir)
    assert first == {p.name: p.read_bytes() for p in (reports / "index.html", reports / "sources.html")}
    assert not re.search(rb"\d{2}:\d{2}:\d{2}", first["index.html"])


def test_build_time_only_from_the_stamp_file(reports, raw_dir):
    site.build_index(reports, raw_dir=raw_dir)
    assert "Built " not in (reports / "index.html").read_text(encoding="utf-8")
    (reports / "build.json").write_text(json.dumps({"built_at": "2026-01-02T03:04:05Z"}), encoding="utf-8")
    site.build_index(reports, raw_dir=raw_dir)
    for name in ("index.html", "sources.html"):
        assert "Built 2026-01-02T03:04:05Z." in (reports / name).read_text(encoding="utf-8")


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


# ----------------------------------------------------------------------------------------------
# decorate_report: the look and the accessibility fixes applied to every nbconvert report

NBCONVERT_LIKE = """<!DOCTYPE html>
<html>
<head><meta charset="utf-8"/>
<title>Notebook</title>
<script src="https://cdn.example.org/require.min.js"></script>
</head>
<body class="jp-Notebook" data-jp-theme-light="true">
<main>
<div class="jp-Cell jp-MarkdownCell"><h1 id="Title">Title<a class="anchor-link" href="#Title">¶</a></h1><p>Intro.</p></div>
<div class="jp-Cell jp-MarkdownCell"><h2 id="First">First<a class="anchor-link" href="#First">¶</a></h2></div>
<div class="jp-Cell jp-CodeCell"><div class="jp-RenderedImage"><img alt="Arrivals fell to 63 in 2021" src="data:image/png;base64,AAAA"/></div></div>
<div class="jp-Cell jp-MarkdownCell"><h4 id="Deep">Deep</h4></div>
<div class="jp-Cell jp-CodeCell"><table border="1" class="dataframe"><thead><tr><th></th><th>year</th></tr></thead>
<tbody><tr><th>0</th><td>2010</td></tr></tbody></table></div>
<div class="jp-Cell jp-MarkdownCell"><h1 id="Second-title">Second title</h1></div>
<div class="jp-Cell jp-CodeCell"><div class="jp-RenderedImage"><img alt="Women were 72% &amp; rising" src="data:image/png;base64,BBBB"/></div></div>
</main>
</body>
</html>
"""


def test_decorate_report_links_the_site_and_adds_contents():
    page = site.decorate_report(NBCONVERT_LIKE, title="Defectors [default]")
    outline = _outline(page)
    assert "<title>Defectors [default]</title>" in page
    assert '<html lang="en">' in page
    assert outline.stylesheets == ["../../assets/site.css"]
    assert not outline.scripts, "network scripts are dropped"
    assert "../../index.html" in outline.links and "../../sources.html" in outline.links
    assert outline.tags.count("main") == 1 and 'id="content"' in page
    # contents after the title cell, listing the h2/h3 headings
    toc = re.search(r'<nav class="toc".*?</nav>', page, flags=re.S).group(0)
    assert page.index("Intro.") < page.index('<nav class="toc"') < page.index('id="First"')
    assert '<a href="#First">First</a>' in toc and '<a href="#Deep">Deep</a>' in toc
    assert "¶" not in toc


def test_decorate_report_fixes_headings_tables_and_alt_text():
    page = site.decorate_report(NBCONVERT_LIKE, title="t")
    _assert_headings_in_order(_outline(page).headings)
    assert '<h3 id="Deep">' in page  # h2 -> h4 became h2 -> h3
    assert '<h2 id="Second-title">' in page  # one h1 only
    assert 'border="1"' not in page
    assert '<th scope="col">year</th>' in page and '<th scope="row">0</th>' in page
    assert "<th></th>" not in page  # an empty corner cell is not a header
    alts = [i["alt"] for i in _outline(page).images]
    assert alts == ["Arrivals fell to 63 in 2021", "Women were 72% & rising"]


def test_verdict_badge_unknown_verdict_still_has_symbol_and_text():
    badge = site.verdict_badge("Unclear")
    assert '<span class="sym" aria-hidden="true">?</span>Unclear' in badge
    assert "verdict-unclear" in badge


def test_template_drops_jupyterlab_css_and_scripts():
    template = Path(site.__file__).with_name("templates") / "cohen_report" / "index.html.j2"
    text = template.read_text(encoding="utf-8")
    for block in ("notebook_css", "html_head_js", "html_head_js_mathjax", "html_head_js_mermaidjs", "jupyter_widgets"):
        assert re.search(r"\{%-? block " + block + r" -?%\}\{%-? endblock", text), block
    conf = json.loads(template.with_name("conf.json").read_text(encoding="utf-8"))
    assert conf["preprocessors"]["100-pygments"]["enabled"] is False


def test_export_html_renders_a_notebook_with_the_site_look(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    from cohen_analysis.build import export_html

    out = tmp_path / "run"
    out.mkdir()
    import base64

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Report title\n\nIntro.\n\n## Section one\n\nText."),
        nbformat.v4.new_code_cell(
            "nb.show(fig, 'c', alt='Chart finding')",
            outputs=[nbformat.v4.new_output(
                "display_data",
                data={"image/png": base64.b64encode(PNG).decode(), "text/plain": "<Figure>"},
                metadata={"image/png": {"alt": "Chart finding"}},  # as Notebook.show writes it
            )],
        ),
    ]
    nb_path = out / "notebook.ipynb"
    nbformat.write(nb, nb_path)
    export_html(nb_path, out / "report.html", title="Report title [default]")
    page = (out / "report.html").read_text(encoding="utf-8")
    outline = _outline(page)
    assert outline.stylesheets == ["../../assets/site.css"]
    assert not outline.scripts
    assert "jp-RenderedHTMLCommon {" not in page and "--jp-layout-color0" not in page  # JupyterLab CSS not inlined
    assert [i["alt"] for i in outline.images] == ["Chart finding"]
    _assert_headings_in_order(outline.headings)
    assert '<nav class="toc"' in page


