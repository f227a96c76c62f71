"""The static report site: the index page, the sources page and the look shared by every report.

Layout under ``reports/``::

    index.html                      the essay's figures table, then one card per report
    sources.html                    every raw file's origin (from its ``.meta.yaml``)
    assets/site.css                 the one stylesheet of every page
    <notebook>/<set>/report.html    nbconvert output, decorated by :func:`decorate_report`
    figures/<notebook>/<set>/...    the charts (PNG thumbnails on the index)
    build.json                      optional build stamp; the only place a time may come from

Pages use relative links only, one stylesheet, no scripts and no external fonts, so the site works
from the file system and from any static host. Pages are deterministic: equal inputs give equal
bytes (no clock is read here).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from .io import atomic_write_text
from .paths import RAW_DIR, REPORTS_DIR

SITE_NAME = "Cohen 2010, checked"
ESSAY_TITLE = "Human Rights: A Means of Engaging North Korea"
ESSAY_URL = "https://www.38north.org/2010/06/human-rights-a-means-of-engaging-north-korea/"
SKIP_FOLDERS = {"figures", "failed", "interactive", "assets", "screenshots", ".staging"}

#: Verdicts of the essay's claims: symbol (a second carrier besides colour) and CSS class.
VERDICTS = {
    "reproduced": ("\u2713", "reproduced"),
    "partly": ("\u25d0", "partly"),
    "differs": ("\u2717", "differs"),
    "not checkable": ("\u2013", "not-checkable"),
}

CSS = """\
/* cohen-analysis report site: one stylesheet for the index, the sources page and every report. */
:root {
  --ink: #1b1b1b; --muted: #4a4a4a; --rule: #d5d5d5; --soft: #f4f5f7; --accent: #005a8c;
  --ok: #1d6b30; --ok-bg: #e6f3e9; --part: #7a4b00; --part-bg: #fdf1dc;
  --bad: #a3231b; --bad-bg: #fbe7e5; --na: #454545; --na-bg: #ececec;
  --mono: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; color: var(--ink); background: #fff; line-height: 1.55; font-size: 16px;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
}
a { color: var(--accent); text-underline-offset: 0.15em; }
a:hover { color: #003a5c; }
a:focus-visible, [tabindex]:focus-visible { outline: 3px solid #c47a00; outline-offset: 2px; }
code, pre { font-family: var(--mono); font-size: 0.9em; }
code { background: var(--soft); padding: 0.05em 0.3em; border-radius: 3px; }

.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  clip-path: inset(50%); white-space: nowrap; }
.skip-link { position: absolute; left: -999px; top: 0; background: #fff; padding: 0.5rem 1rem; z-index: 10; }
.skip-link:focus { left: 0.5rem; top: 0.5rem; }

.site-header { background: #10324a; color: #fff; }
.site-header .bar { max-width: 72rem; margin: 0 auto; padding: 0.7rem 1.5rem; display: flex;
  flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: baseline; justify-content: space-between; }
.site-header a { color: #fff; text-decoration: none; }
.site-header a:hover, .site-header a:focus-visible { text-decoration: underline; }
.site-header .brand { font-weight: 700; font-size: 1.05rem; letter-spacing: 0.01em; }
.site-header ul { list-style: none; margin: 0; padding: 0; display: flex; gap: 1.25rem; }
.site-header [aria-current="page"] { text-decoration: underline; text-decoration-thickness: 2px; }

main { display: block; max-width: 72rem; margin: 0 auto; padding: 1.25rem 1.5rem 3rem; }
h1, h2, h3, h4 { line-height: 1.25; color: #10324a; }
h1 { font-size: 1.9rem; margin: 0.6rem 0 0.8rem; }
h2 { font-size: 1.4rem; margin: 2.2rem 0 0.6rem; padding-bottom: 0.25rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.15rem; margin: 1.6rem 0 0.5rem; }
h4 { font-size: 1rem; margin: 1.2rem 0 0.4rem; }
p, li { max-width: 48rem; }
.lede { font-size: 1.08rem; color: var(--muted); }
.muted { color: var(--muted); }

.site-footer { border-top: 1px solid var(--rule); color: var(--muted); font-size: 0.9rem; }
.site-footer p { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 2rem; }

/* Tables: the essay's figures, the sources, and every DataFrame in the reports. */
.table-scroll { overflow-x: auto; margin: 1rem 0; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.92rem; }
main > table, .table-scroll > table, .jp-RenderedHTML table { width: 100%; }
caption { text-align: left; font-weight: 600; padding: 0 0 0.4rem; color: var(--ink); }
th, td { border-bottom: 1px solid var(--rule); padding: 0.45rem 0.6rem; text-align: left; vertical-align: top; }
thead th { background: var(--soft); border-bottom: 2px solid #9aa5ae; font-weight: 600; }
tbody th { font-weight: 600; }
tbody tr:nth-child(even) td, tbody tr:nth-child(even) th { background: #fafafa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.claims td:nth-child(2) { min-width: 13rem; }
table.claims td:nth-child(4), table.claims td:nth-child(5) { min-width: 8rem; }
table.claims td:last-child { min-width: 11rem; }
table.claims td.ref { white-space: nowrap; }
table.sources td:nth-child(3), table.sources th[scope="row"] { overflow-wrap: anywhere; }
table.sources th[scope="row"] { width: 14rem; font-weight: 400; }
table.sources td:nth-child(n+4) { white-space: nowrap; }
table.sources ul { margin: 0.2rem 0 0; padding-left: 1.1rem; }
table.sources p { margin: 0.4rem 0 0; }

/* Verdicts: a symbol and a word, coloured as a third carrier only. */
.verdict { display: inline-block; white-space: nowrap; font-weight: 600; padding: 0.05rem 0.5rem;
  border-radius: 999px; border: 1px solid currentColor; }
.verdict .sym { display: inline-block; min-width: 1em; margin-right: 0.25em; text-align: center; }
.verdict-reproduced { color: var(--ok); background: var(--ok-bg); }
.verdict-partly { color: var(--part); background: var(--part-bg); }
.verdict-differs { color: var(--bad); background: var(--bad-bg); }
.verdict-not-checkable { color: var(--na); background: var(--na-bg); }
.tally { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; }

/* Index: report cards, grouped by notebook. */
.data-runs-to { border-left: 4px solid var(--accent); padding: 0.1rem 0 0.1rem 0.8rem; font-size: 0.92rem; color: var(--muted); }
.data-runs-to strong { color: var(--ink); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(19rem, 1fr)); gap: 1rem;
  padding: 0; margin: 0.5rem 0 1.5rem; list-style: none; }
.card { border: 1px solid var(--rule); border-radius: 8px; padding: 0.9rem 1rem 1rem; display: flex;
  flex-direction: column; gap: 0.4rem; background: #fff; max-width: none; }
.card h4 { margin: 0; font-size: 1.05rem; }
.card p { margin: 0; }
.card .params { font-size: 0.85rem; color: var(--muted); }
.card .headline { font-size: 0.95rem; }
.card .thumb { display: block; margin-top: auto; border: 1px solid #e3e3e3; border-radius: 4px;
  background: #fff; aspect-ratio: 16 / 9; overflow: hidden; }
.card .thumb img { width: 100%; height: 100%; object-fit: contain; object-position: top center; display: block; }
.card .runs-to { font-size: 0.85rem; color: var(--muted); }

/* Reports: the contents box and nbconvert's output (JupyterLab's own CSS is not loaded). */
nav.toc { background: var(--soft); border: 1px solid var(--rule); border-radius: 6px; padding: 0.5rem 1.2rem 0.7rem;
  margin: 1rem 0 1.5rem; max-width: 48rem; }
nav.toc h2 { font-size: 1.05rem; border: 0; margin: 0.3rem 0; padding: 0; }
nav.toc ol { margin: 0; padding-left: 1.3rem; }
nav.toc ol ol { padding-left: 1.2rem; }
.jp-Collapser, .jp-InputPrompt, .jp-OutputPrompt, a.anchor-link { display: none; }
.jp-Cell { margin: 0; padding: 0; }
.jp-mod-noOutputs.jp-mod-noInput { display: none; }
.jp-OutputArea-output { margin: 0.6rem 0; }
.jp-RenderedHTML { overflow-x: auto; }
.jp-RenderedImage img, .jp-OutputArea-output img { display: block; max-width: 100%; height: auto; margin: 0.5rem 0; }
.jp-RenderedText pre, .jp-OutputArea-output pre { background: var(--soft); border-left: 3px solid #9aa5ae; padding: 0.5rem 0.8rem;
  margin: 0.5rem 0; white-space: pre-wrap; overflow-x: auto; line-height: 1.45; }
.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"] pre { background: #fff6e5; border-left-color: #c47a00; }
.jp-RenderedMarkdown blockquote { border-left: 3px solid var(--rule); margin: 0.8rem 0; padding: 0.1rem 1rem; color: var(--muted); }
img { max-width: 100%; height: auto; }

@media (max-width: 40rem) {
  main { padding: 1rem; }
  h1 { font-size: 1.5rem; }
}
@media print {
  .site-header, .skip-link, nav.toc { display: none; }
  main { max-width: none; padding: 0; }
}
"""


def _up(depth: int) -> str:
    return "../" * depth


def _esc(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _plain_text(value: object) -> str:
    """A headline or label as plain text: matplotlib's escaped dollar (``\\$``) becomes ``$``."""
    return str(value or "").replace("\\$", "$")


def _header(depth: int, current: str | None = None) -> str:
    up = _up(depth)

    def item(href: str, label: str, key: str) -> str:
        cur = ' aria-current="page"' if key == current else ""
        return f'<li><a href="{up}{href}"{cur}>{label}</a></li>'

    return (
        '<a class="skip-link" href="#content">Skip to content</a>\n'
        '<header class="site-header"><div class="bar">'
        f'<a class="brand" href="{up}index.html">{_esc(SITE_NAME)}</a>'
        '<nav aria-label="Site"><ul>'
        + item("index.html", "All reports", "index")
        + item("sources.html", "Sources", "sources")
        + "</ul></nav></div></header>\n"
    )


def _footer(depth: int, stamp: str = "") -> str:
    up = _up(depth)
    built = f" Built {_esc(stamp)}." if stamp else ""
    return (
        '<footer class="site-footer"><p>'
        f"Figures recomputed from sourced data around Roberta Cohen, “{_esc(ESSAY_TITLE)}”, 38 North, 16 June 2010. "
        f'Where every number comes from: <a href="{up}sources.html">sources</a>.{built}'
        "</p></footer>\n"
    )


# --------------------------------------------------------------------------------------------
# Reports


_HEADING = re.compile(r"<h([1-6])(\s[^>]*)?>(.*?)</h\1\s*>", re.S | re.I)


def _fix_heading_order(body: str) -> str:
    """One ``h1`` (the first heading), and no level skipped going down (``h2`` then ``h4`` becomes ``h2``, ``h3``)."""
    state = {"prev": 0, "seen_h1": False}

    def repl(m: re.Match) -> str:
        level = int(m.group(1))
        if level == 1 and state["seen_h1"]:
            level = 2
        elif not state["seen_h1"]:
            level = 1  # the page's first heading is its title
        state["seen_h1"] = True
        if state["prev"]:
            level = min(level, state["prev"] + 1)
        state["prev"] = level
        return f"<h{level}{m.group(2) or ''}>{m.group(3)}</h{level}>"

    return _HEADING.sub(repl, body)


def _strip_tags(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text)).replace("¶", "").strip()


def _toc(body: str) -> str:
    """A contents list of the report's ``h2``/``h3`` headings (nested), or ``""`` if none."""
    items: list[tuple[int, str, str]] = []
    for m in _HEADING.finditer(body):
        level = int(m.group(1))
        ident = re.search(r'\bid="([^"]+)"', m.group(2) or "")
        label = _strip_tags(m.group(3))
        if level in (2, 3) and ident and label:
            items.append((level, html.unescape(ident.group(1)), label))
    if not items:
        return ""
    out, open_sub = ["<ol>"], False
    for i, (level, ident, label) in enumerate(items):
        link = f'<a href="#{html.escape(ident)}">{html.escape(label)}</a>'
        if level == 3 and i > 0:
            if not open_sub:
                out[-1] = out[-1].removesuffix("</li>")
                out.append("<ol>")
                open_sub = True
            out.append(f"<li>{link}</li>")
        else:
            if open_sub:
                out.append("</ol></li>")
                open_sub = False
            out.append(f"<li>{link}</li>")
    if open_sub:
        out.append("</ol></li>")
    out.append("</ol>")
    return (
        '<nav class="toc" aria-labelledby="toc-heading"><h2 id="toc-heading">Contents</h2>'
        + "".join(out)
        + "</nav>\n"
    )


def _fix_tables(body: str) -> str:
    """DataFrame / Styler tables as accessible tables: header scopes, no empty header cells."""

    def fix_table(m: re.Match) -> str:
        table = m.group(0)
        table = re.sub(r'(<table[^>]*?)\s+border="\d+"', r"\1", table)
        head_end = table.find("</thead>")

        def th_scope(cell: re.Match, scope: str) -> str:
            attrs, content = cell.group(1) or "", cell.group(2)
            if not _strip_tags(content).replace("\xa0", "").strip():
                return f"<td{attrs}>{content}</td>"  # an empty corner cell is not a header
            if "scope=" not in attrs:
                attrs += f' scope="{scope}"'
            return f"<th{attrs}>{content}</th>"

        th = re.compile(r"<th(\s[^>]*)?>(.*?)</th>", re.S)
        if head_end >= 0:
            head, rest = table[:head_end], table[head_end:]
            head = th.sub(lambda c: th_scope(c, "col"), head)
            rest = th.sub(lambda c: th_scope(c, "row"), rest)
            return head + rest
        return th.sub(lambda c: th_scope(c, "row"), table)

    return re.sub(r"<table\b.*?</table>", fix_table, body, flags=re.S | re.I)


def _insert_toc(body: str, toc: str) -> str:
    """Put the contents after the cell that holds the ``h1`` (title and introduction)."""
    if not toc:
        return body
    h1 = re.search(r"</h1\s*>", body, flags=re.I)
    if h1:
        nxt = re.search(r'<div class="jp-Cell[ "]', body[h1.end():])
        if nxt:
            at = h1.end() + nxt.start()
            return body[:at] + toc + body[at:]
        return body[: h1.end()] + toc + body[h1.end():]
    return re.sub(r"(<main[^>]*>)", lambda m: m.group(1) + toc, body, count=1)


def decorate_report(body: str, *, title: str, depth: int = 2) -> str:
    """Give an nbconvert HTML report the site's stylesheet, header, contents and footer.

    ``depth`` is how many folders below ``reports/`` the page sits (``reports/<nb>/<set>/``: 2).
    Also: page language, one ``<main id="content">`` landmark, headings in order, accessible
    table markup, and no scripts from the network. Charts carry their alt text from the notebook
    (``Notebook.show`` puts it in the output's metadata; the template writes it).
    """
    up = _up(depth)
    body = re.sub(r"<title>.*?</title>", f"<title>{html.escape(title)}</title>", body, count=1, flags=re.S)
    body = re.sub(r'<script\b[^>]*\bsrc="(?:https?:)?//[^"]*"[^>]*>\s*</script>', "", body, flags=re.I)
    body = re.sub(r'<link\b[^>]*\bhref="(?:https?:)?//[^"]*"[^>]*>', "", body, flags=re.I)
    if not re.search(r"<html[^>]*\blang=", body):
        body = re.sub(r"<html\b", '<html lang="en"', body, count=1)
    else:
        body = re.sub(r'(<html[^>]*\blang=")[^"]*"', r'\1en"', body, count=1)
    link = f'<link rel="stylesheet" href="{up}assets/site.css">\n'
    body = body.replace("</head>", link + "</head>", 1)

    body = _fix_heading_order(body)
    body = _fix_tables(body)

    if re.search(r"<main\b", body):
        body = re.sub(r"<main\b[^>]*>", '<main id="content">', body, count=1)
    else:
        body = re.sub(r"(<body[^>]*>)", r'\1<main id="content">', body, count=1)
        body = body.replace("</body>", "</main>\n</body>", 1)
    body = re.sub(r"<body[^>]*>", lambda m: '<body class="report">\n' + _header(depth), body, count=1)
    body = body.replace("</main>", "</main>\n" + _footer(depth), 1)
    body = _insert_toc(body, _toc(body))
    return body


# --------------------------------------------------------------------------------------------
# Index and sources


def write_assets(root: Path = REPORTS_DIR) -> None:
    path = root / "assets" / "site.css"
    if not path.exists() or path.read_text(encoding="utf-8") != CSS:
        atomic_write_text(path, CSS)


def _page(title: str, content: str, *, depth: int = 0, current: str | None = None, stamp: str = "") -> str:
    up = _up(depth)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<title>{html.escape(title)}</title>\n<link rel="stylesheet" href="{up}assets/site.css">\n</head>\n<body>\n'
        + _header(depth, current)
        + f'<main id="content">\n{content}\n</main>\n'
        + _footer(depth, stamp)
        + "</body>\n</html>\n"
    )


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


def verdict_badge(verdict: object) -> str:
    """A verdict as symbol + word (the symbol is decoration for screen readers; the word is read)."""
    text = str(verdict or "").strip()
    key = text.lower()
    symbol, slug = VERDICTS.get(key, ("?", re.sub(r"[^a-z]+", "-", key).strip("-") or "unknown"))
    return (
        f'<span class="verdict verdict-{slug}"><span class="sym" aria-hidden="true">{symbol}</span>'
        f"{html.escape(text or 'unknown')}</span>"
    )


def _claims_rows(metrics: dict) -> list[dict]:
    value = (metrics.get("metrics", {}).get("claims") or {}).get("value") or []
    return [r for r in value if isinstance(r, dict)]


def _claims_table(metrics: dict, *, report_href: str = "") -> str:
    """The essay's figures table, from the essay notebook's ``claims`` metric (a list of rows)."""
    rows = _claims_rows(metrics)
    if not rows:
        return ""
    counts: dict[str, int] = {}
    body = []
    for r in rows:
        verdict = str(r.get("verdict", "")).strip()
        counts[verdict] = counts.get(verdict, 0) + 1
        body.append(
            "<tr>"
            f'<td class="ref">{_esc(r.get("ref"))}</td>'
            f"<td>{_esc(r.get('claim'))}</td>"
            f"<td>{_esc(r.get('essay_value'))}</td>"
            f"<td>{_esc(r.get('value_then'))}</td>"
            f"<td>{_esc(r.get('value_now'))}</td>"
            f"<td>{verdict_badge(verdict)}</td>"
            f"<td>{_esc(r.get('reason'))}</td>"
            "</tr>"
        )
    order = [v for v in VERDICTS if v in counts] + sorted(v for v in counts if v not in VERDICTS)
    tally = "".join(f"<li>{verdict_badge(v)} {counts[v]}</li>" for v in order)
    more = f' The <a href="{report_href}">essay figures report</a> shows how each is computed.' if report_href else ""
    return (
        f'<p>{len(rows)} figures of the essay, each set beside what the data give for 2010 and for today.{more}</p>\n'
        f'<ul class="tally" aria-label="Verdicts">{tally}</ul>\n'
        '<div class="table-scroll" role="region" aria-label="The essay\'s figures (table)" tabindex="0">\n<table class="claims">\n'
        "<caption>The essay's checkable figures, recomputed from sourced data</caption>\n"
        '<thead><tr><th scope="col">Where in the essay</th><th scope="col">Claim (paraphrased)</th>'
        '<th scope="col">Essay says</th><th scope="col">Value then (2010)</th><th scope="col">Value now</th>'
        '<th scope="col">Verdict</th><th scope="col">Why</th></tr></thead>\n'
        "<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>\n</div>\n"
        '<p class="muted">Verdicts: ✓ reproduced (the data give the essay\'s figure), ◐ partly, '
        "✗ differs (the data contradict it), – not checkable (no figure to test).</p>"
    )


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
        title = _plain_text(m.get("title") or notebook.replace("_", " ").capitalize())
        if notebook not in best or key > best[notebook][0]:
            best[notebook] = (key, title, _plain_text(entry.get("label") or "Data run to"), _human_date(value))
    ordered = sorted(best.values(), key=lambda t: (tuple(-x for x in t[0]), t[1]))
    return [(title, label, value) for _, title, label, value in ordered]


def _params_summary(params: dict) -> str:
    parts = []
    for key, value in sorted((params or {}).items()):
        if key == "output_dir":
            continue
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value) if value else "all"
        elif value is None:
            value = "auto"
        parts.append(f"{key.replace('_', ' ')}: {value}")
    return "; ".join(parts)


def _card(root: Path, notebook: str, param_set: str, m: dict) -> str:
    title = _plain_text(m.get("title") or notebook.replace("_", " ").capitalize())
    href = f"{notebook}/{param_set}/report.html"
    label = param_set.replace("_", " ")
    thumb = ""
    for fig in m.get("figures") or []:
        src = f"figures/{notebook}/{param_set}/{fig.get('slug')}.png"
        if (root / src).exists():
            alt = _plain_text(fig.get("alt") or "")
            thumb = f'<div class="thumb"><img src="{src}" alt="{_esc(alt)}" width="480" height="270"></div>'
            break
    runs = m.get("metrics", {}).get("data_runs_to") or {}
    runs_value = runs.get("value") if isinstance(runs, dict) else None
    runs_p = (
        f'<p class="runs-to">{_esc(_plain_text(runs.get("label") or "Data run to"))}: {_esc(_human_date(runs_value))}</p>'
        if runs_value not in (None, "")
        else ""
    )
    params = _params_summary(m.get("parameters") or {})
    return (
        '<li class="card">'
        f'<h4><a href="{href}"><span class="visually-hidden">{_esc(title)}: </span>{_esc(label)}</a></h4>'
        + (f'<p class="params">{_esc(params)}</p>' if params else "")
        + f'<p class="headline">{_esc(_plain_text(m.get("headline")))}</p>'
        + runs_p
        + thumb
        + "</li>"
    )


def read_stamp(root: Path = REPORTS_DIR) -> str:
    """The build time from ``reports/build.json`` (``built_at``), or ``""`` when there is none."""
    path = root / "build.json"
    if not path.exists():
        return ""
    try:
        return str(json.loads(path.read_text(encoding="utf-8")).get("built_at") or "")
    except (OSError, ValueError, AttributeError):
        return ""


def index_html(root: Path = REPORTS_DIR, *, essay_notebook: str = "essay_figures") -> str:
    """The landing page: the essay's figures first, then the date the data run to, then the reports."""
    reports = _metrics(root)
    claims = ""
    for path, m in reports:
        if path.parts[-3] == essay_notebook and _claims_rows(m):
            claims = _claims_table(m, report_href=f"{essay_notebook}/{path.parts[-2]}/report.html")
            break
    groups: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    for path, m in reports:
        notebook, param_set = path.parts[-3], path.parts[-2]
        titles.setdefault(notebook, _plain_text(m.get("title") or notebook.replace("_", " ").capitalize()))
        card = _card(root, notebook, param_set, m)
        # the default parameter set leads its group
        groups.setdefault(notebook, []).insert(0 if param_set == "default" else len(groups.get(notebook, [])), card)
    order = sorted(groups, key=lambda n: (n != essay_notebook, n))
    sections = "".join(
        f'<h3 id="nb-{html.escape(n)}">{_esc(titles[n])}</h3>\n<ul class="cards">\n' + "\n".join(groups[n]) + "\n</ul>\n"
        for n in order
    )
    runs = data_runs_to(reports)
    runs_html = ""
    if runs:
        latest_title, _, latest_value = runs[0]
        runs_html = (
            f'<p class="data-runs-to"><strong>Data run to:</strong> {_esc(latest_value)} at the latest '
            f"({_esc(latest_title)}). By report: "
            + "; ".join(f"{_esc(t)}, {_esc(v)}" for t, _, v in runs)
            + ".</p>\n"
        )
    content = (
        "<h1>Human rights in North Korea: the figures of Roberta Cohen's 2010 essay, checked and followed to today</h1>\n"
        f'<p class="lede">Roberta Cohen, “<a href="{ESSAY_URL}">{_esc(ESSAY_TITLE)}</a>”, 38 North, 16 June 2010. '
        'Every figure here is recomputed from sourced data; the <a href="sources.html">sources page</a> lists them all.</p>\n'
        + runs_html
        + (f"<h2 id=\"essay-figures\">The essay's figures</h2>\n{claims}\n" if claims else "")
        + '<h2 id="reports">Reports</h2>\n'
        + (
            "<p>One card per report: a notebook run with one parameter set. Each gives the headline finding and its main chart.</p>\n"
            + sections
            if sections
            else "<p>No reports have been built yet: run <code>make reports</code>.</p>\n"
        )
    )
    return _page(f"{SITE_NAME}: reports", content, current="index", stamp=read_stamp(root))


def _raw_files(raw_dir: Path) -> list[Path]:
    from .metadata import META_SUFFIX

    if not raw_dir.exists():
        return []
    return sorted(
        p
        for p in raw_dir.rglob("*")
        if p.is_file() and not p.name.endswith(META_SUFFIX) and p.suffix.lower() != ".md" and not p.name.startswith(".")
    )


def _copies_html(copies) -> str:
    """The copies a file's figures were read from, flagged: they are not the producer's publication."""
    if not copies:
        return ""
    items = "".join(
        "<li>"
        + (f'<a href="{_esc(c.url)}">{_esc(c.name)}</a>' if c.url else _esc(c.name))
        + f" ({_esc(c.kind)})"
        + (f": {_esc(c.note)}" if c.note else "")
        + "</li>"
        for c in copies
    )
    return f'<p><strong class="copy-flag">Copy:</strong> figures read from these copies, not from the publisher:</p><ul>{items}</ul>'


def sources_html(raw_dir: Path | None = None) -> str:
    """Every raw file's origin: producer (and the copies read, flagged), title, citation, URL, dates,
    confidence, further sources."""
    from .metadata import origin_of, via_text

    raw_dir = Path(raw_dir) if raw_dir is not None else RAW_DIR
    rows = []
    for path in _raw_files(raw_dir):
        o = origin_of(path)
        rel = path.relative_to(raw_dir).as_posix()
        extra = "".join(
            f'<li>{_esc(s.producer)}, <a href="{_esc(s.url)}">{_esc(s.title)}</a>'
            + (f", {_esc(s.date_published)}" if s.date_published else "")
            + f" (used for {_esc(s.used_for)})"
            + (f' <strong class="copy-flag">Copy:</strong> read {_esc(via_text(s.retrieved_from))}' if s.retrieved_from else "")
            + "</li>"
            for s in o.sources
        )
        rows.append(
            f'<tr id="src-{_esc(re.sub(r"[^A-Za-z0-9]+", "-", rel).strip("-"))}">'
            f'<th scope="row"><code>{_esc(rel).replace("/", "/<wbr>")}</code></th>'
            f"<td>{_esc(o.producer)}{_copies_html(o.retrieved_from)}</td>"
            f'<td><a href="{_esc(o.url_main)}">{_esc(o.title)}</a><br>{_esc(o.citation_full)}'
            + (f'<p class="muted">Further sources:</p><ul>{extra}</ul>' if extra else "")
            + "</td>"
            f"<td>{_esc(o.date_published)}</td><td>{_esc(o.date_accessed)}</td>"
            f"<td>{_esc(o.confidence)}</td>"
            "</tr>"
        )
    if not rows:
        return "<h1>Sources</h1>\n<p>No raw files found.</p>"
    return (
        "<h1>Sources</h1>\n"
        f"<p>{len(rows)} raw file{'' if len(rows) == 1 else 's'}. This page is generated from the origin metadata (<code>.meta.yaml</code>) beside each "
        "raw file in <code>data/raw/</code>: who produced the figures, where they were published, when they were read, "
        "and how sure we are of them. Where the figures were read from a copy (a machine-extracted table, a news "
        'report, a document-sharing site) rather than from the producer\'s own publication, the copy is named and '
        'flagged <strong class="copy-flag">Copy:</strong>.</p>\n'
        '<div class="table-scroll" role="region" aria-label="Sources (table)" tabindex="0">\n<table class="sources">\n<caption>Raw files and their sources</caption>\n'
        '<thead><tr><th scope="col">File</th><th scope="col">Producer</th><th scope="col">Title and citation</th>'
        '<th scope="col">Published</th><th scope="col">Accessed</th><th scope="col">Confidence</th></tr></thead>\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n</div>"
    )


def build_index(root: Path = REPORTS_DIR, *, essay_notebook: str = "essay_figures", raw_dir: Path | None = None) -> Path:
    """Write ``assets/site.css``, ``index.html`` and ``sources.html`` under ``root``; return the index path.
    """
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    write_assets(root)
    index = root / "index.html"
    # always written (even when unchanged), so that make sees reports/index.html as up to date
    atomic_write_text(index, index_html(root, essay_notebook=essay_notebook))
    sources = _page(f"{SITE_NAME}: sources", sources_html(raw_dir), current="sources", stamp=read_stamp(root))
    atomic_write_text(root / "sources.html", sources)
    return index
