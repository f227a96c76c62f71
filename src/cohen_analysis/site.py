"""The static report site: the index page, the sources page and the look shared by every report.

Pages use relative links only, one stylesheet (``reports/assets/site.css``), no scripts and no
external fonts, so the site works from the file system and from any static host.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from .io import atomic_write_text
from .paths import REPORTS_DIR

CSS = """
:root { --ink:#1a1a1a; --muted:#555; --rule:#d0d0d0; --accent:#0072B2; --bg:#fff; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink);
       background: var(--bg); margin: 0; line-height: 1.5; }
.site-header, .site-footer { padding: 0.75rem 1.5rem; border-bottom: 1px solid var(--rule); }
.site-footer { border-top: 1px solid var(--rule); border-bottom: 0; color: var(--muted); font-size: 0.9rem; }
.site-header a { color: var(--accent); font-weight: 600; }
main { max-width: 70rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
a { color: var(--accent); }
a:focus { outline: 3px solid #E69F00; }
h1 { font-size: 1.8rem; margin: 0.5rem 0; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: 0.95rem; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { border-bottom: 1px solid var(--rule); padding: 0.4rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.verdict { font-weight: 600; }
.verdict::before { margin-right: 0.3em; }
.verdict-reproduced::before { content: "\\2713"; }
.verdict-differs::before { content: "\\2717"; }
.verdict-partly::before { content: "\\00BD"; }
.verdict-not-checkable::before { content: "?"; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr)); gap: 1rem; padding: 0; list-style: none; }
.card { border: 1px solid var(--rule); border-radius: 6px; padding: 0.75rem; }
.card img { width: 100%; height: auto; border: 1px solid #eee; }
.card h3 { margin: 0.25rem 0; font-size: 1.1rem; }
nav.toc { border: 1px solid var(--rule); padding: 0.5rem 1rem; margin: 1rem 0; }
img { max-width: 100%; height: auto; }
"""


def _asset_prefix(depth: int) -> str:
    return "../" * depth


def decorate_report(body: str, *, title: str, depth: int = 2) -> str:
    """Give an nbconvert HTML report the site's header, stylesheet link, back link and contents.

    ``depth`` is how many folders below ``reports/`` the page sits (``reports/<nb>/<set>/``: 2).
    """
    up = _asset_prefix(depth)
    headings = re.findall(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', body, flags=re.S)
    toc_items = []
    for level, anchor, text in headings:
        label = re.sub(r"<[^>]+>", "", text).replace("¶", "").strip()
        if label:
            indent = ' style="margin-left:1rem"' if level == "3" else ""
            toc_items.append(f'<li{indent}><a href="#{html.escape(anchor)}">{html.escape(label)}</a></li>')
    toc = f'<nav class="toc" aria-label="Contents"><h2>Contents</h2><ul>{"".join(toc_items)}</ul></nav>' if toc_items else ""
    header = (
        f'<header class="site-header"><a href="{up}index.html">&larr; All reports</a> · '
        f'<a href="{up}sources.html">Sources</a></header>'
    )
    body = re.sub(r"<title>.*?</title>", f"<title>{html.escape(title)}</title>", body, count=1, flags=re.S)
    body = body.replace("</head>", f'<link rel="stylesheet" href="{up}assets/site.css">\n</head>', 1)
    body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + header + toc, body, count=1)
    if not re.search(r"<html[^>]*\blang=", body):
        body = re.sub(r"<html", '<html lang="en"', body, count=1)
    return body


def write_assets(root: Path = REPORTS_DIR) -> None:
    path = root / "assets" / "site.css"
    if not path.exists() or path.read_text(encoding="utf-8") != CSS:
        atomic_write_text(path, CSS)


def _page(title: str, content: str, *, depth: int = 0) -> str:
    up = _asset_prefix(depth)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{html.escape(title)}</title>\n<link rel=\"stylesheet\" href=\"{up}assets/site.css\">\n</head>\n<body>\n"
        f'<header class="site-header"><a href="{up}index.html">cohen-analysis reports</a> · <a href="{up}sources.html">Sources</a></header>\n'
        f"<main>\n{content}\n</main>\n</body>\n</html>\n"
    )


def _metrics(root: Path) -> list[tuple[Path, dict]]:
    out = []
    for path in sorted(root.glob("*/*/metrics.json")):
        if path.parts[-3] in {"figures", "failed", "interactive", "assets"}:
            continue
        out.append((path, json.loads(path.read_text(encoding="utf-8"))))
    return out


def _claims_table(metrics: dict) -> str:
    """The essay's figures table, from the essay notebook's ``claims`` metric (a list of rows)."""
    rows = (metrics.get("metrics", {}).get("claims") or {}).get("value") or []
    if not rows:
        return ""
    body = []
    for r in rows:
        verdict = str(r.get("verdict", ""))
        slug = re.sub(r"[^a-z]+", "-", verdict.lower()).strip("-")
        body.append(
            "<tr>"
            f"<td>{html.escape(str(r.get('ref', '')))}</td>"
            f"<td>{html.escape(str(r.get('claim', '')))}</td>"
            f"<td>{html.escape(str(r.get('essay_value', '')))}</td>"
            f"<td>{html.escape(str(r.get('value_then', '')))}</td>"
            f"<td>{html.escape(str(r.get('value_now', '')))}</td>"
            f'<td class="verdict verdict-{slug}">{html.escape(verdict)}</td>'
            f"<td>{html.escape(str(r.get('reason', '')))}</td>"
            "</tr>"
        )
    return (
        "<table>\n<caption>The essay's checkable figures, recomputed from sourced data</caption>\n"
        '<thead><tr><th scope="col">Ref.</th><th scope="col">Claim (paraphrased)</th><th scope="col">Essay</th>'
        '<th scope="col">Data, 2010</th><th scope="col">Data, now</th><th scope="col">Verdict</th><th scope="col">Why</th></tr></thead>\n'
        "<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>"
    )


def build_index(root: Path = REPORTS_DIR, *, essay_notebook: str = "essay_figures") -> Path:
    """Write ``index.html`` (claims table, one card per report) and ``sources.html``."""
    write_assets(root)
    reports = _metrics(root)
    claims = ""
    cards = []
    for path, m in reports:
        notebook, param_set = path.parts[-3], path.parts[-2]
        if notebook == essay_notebook and not claims:
            claims = _claims_table(m)
        title = m.get("title") or notebook
        headline = m.get("headline") or ""
        figures = m.get("figures") or []
        thumb = ""
        if figures:
            first = figures[0]
            src = f"figures/{notebook}/{param_set}/{first['slug']}.png"
            if (root / src).exists():
                thumb = f'<img src="{src}" alt="{html.escape(first.get("alt", ""))}" width="480">'
        cards.append(
            '<li class="card">'
            f'<h3><a href="{notebook}/{param_set}/report.html">{html.escape(title)}</a></h3>'
            f"<p>Parameter set: <code>{html.escape(param_set)}</code></p>"
            f"<p>{html.escape(headline)}</p>{thumb}</li>"
        )
    data_to = _data_runs_to(reports)
    content = (
        "<h1>Human rights in North Korea: the figures of Roberta Cohen's 2010 essay, checked and extended</h1>\n"
        "<p>Roberta Cohen, “Human Rights: A Means of Engaging North Korea”, 38 North, 16 June 2010. "
        "Every figure below is recomputed from sourced data; see the <a href=\"sources.html\">sources</a>.</p>\n"
        + (f"<p>The data run to {html.escape(data_to)}.</p>\n" if data_to else "")
        + (f"<h2>The essay's figures</h2>\n{claims}\n" if claims else "")
        + "<h2>Reports</h2>\n<ul class=\"cards\">\n" + "\n".join(cards) + "\n</ul>\n"
    )
    index = root / "index.html"
    atomic_write_text(index, _page("cohen-analysis reports", content))
    atomic_write_text(root / "sources.html", _page("Sources", sources_html()))
    return index


def _data_runs_to(reports: list[tuple[Path, dict]]) -> str:
    for _, m in reports:
        value = (m.get("metrics", {}).get("data_runs_to") or {}).get("value")
        if value:
            return str(value)
    return ""


def sources_html() -> str:
    """Every raw file's origin: producer, title, citation, URL, dates, confidence."""
    from .metadata import RAW_DIR, origin_of, raw_files

    rows = []
    for path in raw_files():
        o = origin_of(path)
        extra = "".join(
            f'<li>{html.escape(s.producer)}, <a href="{html.escape(s.url)}">{html.escape(s.title)}</a> ({html.escape(s.used_for)})</li>'
            for s in o.sources
        )
        rows.append(
            "<tr>"
            f"<td><code>{html.escape(path.relative_to(RAW_DIR).as_posix())}</code></td>"
            f"<td>{html.escape(o.producer)}</td>"
            f'<td><a href="{html.escape(o.url_main)}">{html.escape(o.title)}</a><br>{html.escape(o.citation_full)}'
            + (f"<ul>{extra}</ul>" if extra else "")
            + "</td>"
            f"<td>{html.escape(o.date_published)}</td><td>{html.escape(o.date_accessed)}</td>"
            f"<td>{html.escape(o.confidence)}</td>"
            "</tr>"
        )
    return (
        "<h1>Sources</h1>\n<p>Generated from the origin metadata beside each raw file in <code>data/raw/</code>.</p>\n"
        "<table>\n<caption>Raw files and their sources</caption>\n"
        '<thead><tr><th scope="col">File</th><th scope="col">Producer</th><th scope="col">Title and citation</th>'
        '<th scope="col">Published</th><th scope="col">Accessed</th><th scope="col">Confidence</th></tr></thead>\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody>\n</table>"
    )
