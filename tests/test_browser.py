"""The built report site, opened in a real browser (headless Debian chromium driven by Playwright).

Starting from ``reports/index.html`` of the ``built_site`` fixture (a scratch project copy where
``make -j2 reports`` ran), every page reachable by links is opened from the file system, with all
network access blocked, and checked: every link resolves (files and #fragments), every image loads,
the console shows no errors, nothing is fetched from the network, headings are in order, and
axe-core finds no serious or critical accessibility violation, at a desktop width (1280 px) and a
phone width (390 px). At 390 px the pages must not scroll sideways, the essay table's verdicts
must be in view, and links meant to be tapped and text must be large enough. No page shows
internal output (reprs, ``None``, internal ids, untemplated ``{{``); every chart links its PNG, SVG
and data CSV, and each CSV parses and matches the chart's description. Screenshots of the index,
the sources page, the data page and two reports at both widths are saved under
``reports/screenshots/`` of the built site, with the axe results as ``reports/screenshots/axe.json``.

Chromium is Debian's (``/usr/bin/chromium``; CI installs it with ``.ci/install-browser.sh``);
Playwright's own browser download is never used. ``COHEN_SITE_REPORTS=/path/to/reports`` checks an
already built site instead of building one (for working on the site by hand).
"""

from __future__ import annotations

import json
import os
import re
import warnings
from collections import deque
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: The report the screenshots and the structure checks look at first.
SAMPLE_REPORT = "essay_figures/default/report.html"
#: Pages screenshotted at both widths (name -> page).
SCREENSHOTS = {
    "index": "index.html",
    "sources": "sources.html",
    "data": "data.html",
    "report": SAMPLE_REPORT,
    "report-defectors": "defectors/default/report.html",
}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
#: Impacts that fail the test; moderate and minor ones are reported (warning and axe.json).
FAILING_IMPACTS = {"serious", "critical"}

_PAGE_JS = """() => {
  const attr = (sel, name) => Array.from(document.querySelectorAll(sel)).map(e => ({raw: e.getAttribute(name), abs: e[name]}));
  return {
    title: document.title,
    lang: document.documentElement.getAttribute('lang'),
    links: attr('a[href]', 'href'),
    stylesheets: attr('link[rel~="stylesheet"]', 'href'),
    scripts: attr('script[src]', 'src'),
    styles_inline: document.querySelectorAll('head style').length,
    images: Array.from(document.images).map(i => ({
      src: (i.getAttribute('src') || '').slice(0, 120), abs: i.src.startsWith('data:') ? 'data:' : i.src,
      alt: i.getAttribute('alt'), role: i.getAttribute('role'), complete: i.complete, width: i.naturalWidth})),
    ids: Array.from(document.querySelectorAll('[id], a[name]')).map(e => e.id || e.getAttribute('name')),
    headings: Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6')).map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 80)]),
    mains: document.querySelectorAll('main').length,
    toc: !!document.querySelector('nav.toc'),
    back: Array.from(document.querySelectorAll('header a')).map(a => a.getAttribute('href')),
    charts: Array.from(document.querySelectorAll('main img')).filter(i => i.closest('.jp-OutputArea-output')).map(i => {
      const box = i.closest('.jp-OutputArea-output');
      const links = box ? Array.from(box.querySelectorAll('.downloads a')).map(a => [a.textContent.trim(), a.href]) : [];
      return {alt: i.getAttribute('alt') || '', links};
    }),
  };
}"""


@pytest.fixture(scope="module")
def site_dir(request) -> Path:
    override = os.environ.get("COHEN_SITE_REPORTS")
    root = Path(override) if override else request.getfixturevalue("built_site") / "reports"
    assert (root / "index.html").exists(), f"{root}/index.html was not built"
    return root.resolve()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: the browser test needs Debian's chromium (CI installs it with .ci/install-browser.sh)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    pytest.importorskip("axe_playwright_python", reason="axe-playwright-python is not installed")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def _local_path(url: str) -> Path | None:
    parsed = urlparse(url)
    return Path(unquote(parsed.path)) if parsed.scheme == "file" else None


_AXE_OPTIONS = {"resultTypes": ["violations"], "preload": False}


def _axe_facts(axe, page) -> list[dict]:
    # preload off: axe would fetch the stylesheets itself, which file:// pages forbid (CORS)
    result = axe.run(page, options=_AXE_OPTIONS)
    return [
        {
            "id": v["id"],
            "impact": v.get("impact"),
            "help": v.get("help"),
            "nodes": [", ".join(map(str, n.get("target", []))) for n in v.get("nodes", [])][:5],
            "count": len(v.get("nodes", [])),
        }
        for v in result.response.get("violations", [])
    ]


def _context(browser, viewport: dict, blocked: list[str], *, phone: bool = False):
    context = browser.new_context(viewport=viewport, java_script_enabled=True, is_mobile=phone, has_touch=phone)

    def route(r):
        url = r.request.url
        if url.startswith(("file:", "data:", "about:")):
            r.continue_()
        else:
            blocked.append(url)
            r.abort()

    context.route("**/*", route)
    return context


def _screenshot(page, site_dir: Path, rel: str, suffix: str) -> None:
    for name, target in SCREENSHOTS.items():
        if rel == target:
            shots = site_dir / "screenshots"
            shots.mkdir(exist_ok=True)
            page.screenshot(path=str(shots / f"{name}{suffix}.png"), full_page=True)
            page.screenshot(path=str(shots / f"{name}{suffix}-top.png"), full_page=False)


@pytest.fixture(scope="module")
def crawl(browser, site_dir):
    """Open every page reachable from the index; return {path: facts} (links, images, console, axe)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    blocked: list[str] = []
    context = _context(browser, DESKTOP, blocked)
    results: dict[Path, dict] = {}
    queue = deque([site_dir / "index.html"])
    seen = {site_dir / "index.html"}
    try:
        while queue:
            path = queue.popleft()
            page = context.new_page()
            console: list[str] = []
            page.on("console", lambda msg, c=console: c.append(f"{msg.type}: {msg.text}") if msg.type == "error" else None)
            page.on("pageerror", lambda exc, c=console: c.append(f"pageerror: {exc}"))
            page.on("requestfailed", lambda req, c=console: c.append(f"requestfailed: {req.url[:120]} {req.failure}"))
            page.on("dialog", lambda d, c=console: (c.append(f"dialog: {d.message}"), d.dismiss()))
            blocked_before = len(blocked)
            page.goto(path.as_uri(), wait_until="load")
            facts = page.evaluate(_PAGE_JS)
            facts["text"] = page.evaluate("() => document.body.innerText")
            facts["console"] = list(console)  # before axe runs: its own requests are not the page's
            facts["blocked"] = blocked[blocked_before:]
            facts["axe"] = _axe_facts(axe, page)
            rel = path.relative_to(site_dir).as_posix()
            _screenshot(page, site_dir, rel, "")
            page.close()
            results[path] = facts
            for link in facts["links"]:
                target = _local_path(urldefrag(link["abs"])[0])
                if target and target.suffix == ".html" and target not in seen and target.is_relative_to(site_dir) and target.exists():
                    seen.add(target)
                    queue.append(target)
    finally:
        context.close()
    return results


_PHONE_JS = """() => {
  const vw = document.documentElement.clientWidth;
  const box = e => e.getBoundingClientRect();
  const visible = e => { const r = box(e); const s = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  const small = [];
  for (const e of document.querySelectorAll('main *, header *, footer *')) {
    if (!visible(e)) continue;
    const own = Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const size = parseFloat(getComputedStyle(e).fontSize);
    if (size < 12) small.push(`${e.tagName.toLowerCase()}.${e.className}: ${size}px "${e.textContent.trim().slice(0, 40)}"`);
  }
  const taps = [];
  for (const a of document.querySelectorAll('header a, .card h4 a, .downloads a, .files a')) {
    if (!visible(a)) continue;
    const r = box(a);
    if (r.height < 24 || r.width < 24) taps.push(`${a.textContent.trim().slice(0, 40)}: ${Math.round(r.width)}x${Math.round(r.height)}`);
  }
  const verdicts = Array.from(document.querySelectorAll('table.claims .verdict')).map(v => {
    const r = box(v); return {text: v.textContent.trim(), left: r.left, right: r.right, visible: visible(v)}; });
  return {viewport: vw, scroll_width: document.documentElement.scrollWidth, small_text: small, taps, verdicts};
}"""


@pytest.fixture(scope="module")
def phone(browser, site_dir, crawl):
    """Every crawled page again at 390 px: layout facts and axe results."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    blocked: list[str] = []
    context = _context(browser, PHONE, blocked, phone=True)
    results: dict[Path, dict] = {}
    try:
        for path in crawl:
            page = context.new_page()
            page.goto(path.as_uri(), wait_until="load")
            facts = page.evaluate(_PHONE_JS)
            facts["axe"] = _axe_facts(axe, page)
            _screenshot(page, site_dir, path.relative_to(site_dir).as_posix(), "-390")
            page.close()
            results[path] = facts
    finally:
        context.close()
    summary = {
        f"{width}/{p.relative_to(site_dir).as_posix()}": f["axe"]
        for width, pages in (("1280", crawl), ("390", results)) for p, f in sorted(pages.items())
    }
    (site_dir / "screenshots" / "axe.json").write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return results


def test_every_report_is_reachable_from_the_index(crawl, site_dir):
    # lexical paths, as a browser sees them: a published report is a link into reports/.versions/
    reports = {Path(os.path.abspath(p)) for p in site_dir.glob("*/*/report.html") if p.parts[-3] not in {"failed", "interactive", "figures"}}
    assert reports, "no report.html was built"
    missing = sorted(p.relative_to(site_dir).as_posix() for p in reports - set(crawl))
    assert not missing, f"reports not linked from the index: {missing}"
    assert site_dir / "sources.html" in crawl


def test_every_link_resolves(crawl, site_dir):
    problems = []
    external = set()
    for page, facts in crawl.items():
        where = page.relative_to(site_dir).as_posix()
        for kind in ("links", "stylesheets", "scripts"):
            for link in facts[kind]:
                raw, url = link["raw"], link["abs"]
                scheme = urlparse(url).scheme
                if scheme in ("http", "https"):
                    if kind != "links":
                        problems.append(f"{where}: external {kind[:-1]} {url}")
                    elif not urlparse(url).netloc:
                        problems.append(f"{where}: malformed URL {url}")
                    external.add(url)
                    continue
                if scheme == "mailto":
                    continue
                if scheme != "file":
                    problems.append(f"{where}: unexpected link {raw!r}")
                    continue
                if raw.startswith(("/", "file:")):
                    problems.append(f"{where}: link {raw!r} is not relative")
                base, fragment = urldefrag(url)
                target = _local_path(base)
                if not target.exists():
                    problems.append(f"{where}: {raw!r} -> missing {target}")
                    continue
                if not target.is_relative_to(site_dir):
                    problems.append(f"{where}: {raw!r} leaves the site folder")
                # like a browser: the fragment as written, else percent-decoded, names an id
                ids = crawl[target]["ids"] if target in crawl else None
                if fragment and ids is not None and fragment not in ids and unquote(fragment) not in ids:
                    problems.append(f"{where}: {raw!r} -> no element with id {unquote(fragment)!r}")
    assert not problems, "\n".join(problems)


def test_every_image_loads_and_has_alt_text(crawl, site_dir):
    problems = []
    count = 0
    for page, facts in crawl.items():
        where = page.relative_to(site_dir).as_posix()
        for img in facts["images"]:
            count += 1
            if not img["complete"] or img["width"] <= 0:
                problems.append(f"{where}: image {img['src']!r} did not load")
            if img["role"] != "presentation" and not (img["alt"] or "").strip():
                problems.append(f"{where}: image {img['src'][:60]!r} has no alt text")
    assert count > 0, "the site has no images"
    assert not problems, "\n".join(problems)


def test_no_console_errors_and_no_network(crawl, site_dir):
    problems = []
    for page, facts in crawl.items():
        where = page.relative_to(site_dir).as_posix()
        problems += [f"{where}: {c}" for c in facts["console"]]
        problems += [f"{where}: fetched from the network: {u}" for u in facts["blocked"]]
        problems += [f"{where}: script {s['raw']}" for s in facts["scripts"]]
    assert not problems, "\n".join(problems)


def test_pages_share_the_site_look(crawl, site_dir):
    problems = []
    for page, facts in crawl.items():
        where = page.relative_to(site_dir).as_posix()
        sheets = [s["abs"] for s in facts["stylesheets"]]
        if [_local_path(s) for s in sheets] != [site_dir / "assets" / "site.css"]:
            problems.append(f"{where}: stylesheets {sheets} (expected only assets/site.css)")
        if facts["lang"] != "en":
            problems.append(f"{where}: lang={facts['lang']!r}")
        if facts["mains"] != 1:
            problems.append(f"{where}: {facts['mains']} <main> elements")
        back = [h for h in facts["back"] if h and h.endswith("index.html")]
        if not back:
            problems.append(f"{where}: no link back to the index in the header")
        if page.name == "report.html" and not facts["toc"]:
            problems.append(f"{where}: no table of contents")
    assert not problems, "\n".join(problems)


def test_headings_are_in_order(crawl, site_dir):
    problems = []
    for page, facts in crawl.items():
        where = page.relative_to(site_dir).as_posix()
        levels = [h[0] for h in facts["headings"]]
        if levels.count(1) != 1 or levels[0] != 1:
            problems.append(f"{where}: expected one h1 first, got {facts['headings'][:3]}")
        for (a, _), (b, text) in zip(facts["headings"], facts["headings"][1:]):
            if b > a + 1:
                problems.append(f"{where}: h{a} then h{b} ({text!r})")
    assert not problems, "\n".join(problems)


def test_index_leads_with_the_essay_figures(site_dir, crawl):
    text = (site_dir / "index.html").read_text(encoding="utf-8")
    claims = text.find('<table class="claims"')
    cards = text.find('class="cards"')
    assert 0 <= claims < cards, "the essay's figures table must come before the report cards"
    table = text[claims : text.find("</table>", claims)]
    rows = re.findall(r"<tr>(.*?)</tr>", table[table.find("<tbody>") :], flags=re.S)
    assert rows, "the claims table is empty"
    for row in rows:
        verdict = re.search(r'<span class="verdict verdict-[^"]+"><span class="sym" aria-hidden="true">(.+?)</span>(.+?)</span>', row)
        assert verdict and verdict.group(1).strip() and verdict.group(2).strip(), f"verdict without symbol and text: {row[:200]}"
    assert "Data run to" in text


@pytest.mark.parametrize("width", ["1280", "390"])
def test_accessibility_axe(width, crawl, phone, site_dir):
    serious, other = [], []
    for page, facts in (crawl if width == "1280" else phone).items():
        where = f"{page.relative_to(site_dir).as_posix()} at {width} px"
        for v in facts["axe"]:
            line = f"{where}: [{v['impact']}] {v['id']} ({v['count']} nodes): {v['help']} e.g. {v['nodes'][:3]}"
            (serious if v["impact"] in FAILING_IMPACTS else other).append(line)
    if other:
        warnings.warn("axe (moderate/minor):\n" + "\n".join(other), stacklevel=1)
    assert not serious, "axe-core violations:\n" + "\n".join(serious)


def test_screenshots_were_saved(crawl, phone, site_dir):
    for name, rel in SCREENSHOTS.items():
        if (site_dir / rel) not in crawl:
            continue
        for suffix in ("", "-390"):
            shot = site_dir / "screenshots" / f"{name}{suffix}.png"
            assert shot.exists() and shot.stat().st_size > 1000, f"missing screenshot {shot}"


# ---------------------------------------------------------------------------------------------
# Phone layout (390 px)


def test_no_page_scrolls_sideways_at_390(phone, site_dir):
    problems = [
        f"{p.relative_to(site_dir).as_posix()}: {f['scroll_width']} px wide in a {f['viewport']} px viewport"
        for p, f in phone.items() if f["scroll_width"] > f["viewport"] + 1
    ]
    assert not problems, "\n".join(problems)


def test_essay_verdicts_are_in_view_at_390(phone, site_dir):
    facts = phone[site_dir / "index.html"]
    assert facts["verdicts"], "the index has no essay table verdicts"
    outside = [v for v in facts["verdicts"] if not v["visible"] or v["left"] < 0 or v["right"] > facts["viewport"]]
    assert not outside, f"verdicts outside the {facts['viewport']} px viewport: {outside[:5]}"


def test_text_and_tap_targets_are_large_enough_at_390(phone, site_dir):
    problems = []
    for page, facts in phone.items():
        where = page.relative_to(site_dir).as_posix()
        problems += [f"{where}: text {t}" for t in facts["small_text"]]
        problems += [f"{where}: tap target {t}" for t in facts["taps"]]
    assert not problems, "\n".join(problems[:40])


# ---------------------------------------------------------------------------------------------
# Readers first: nothing internal on any page

_INTERNAL = [
    ("a Python path repr", re.compile(r"PosixPath|WindowsPath")),
    ("a bound-method repr", re.compile(r"<bound method|<function |object at 0x")),
    ("None", re.compile(r"\bNone\b")),
    ("an untemplated {{", re.compile(r"\{\{|\}\}|\{%")),
    ("an internal id", re.compile(r"\b[A-Z]\d{2}[a-z]?\b|\bUNGA-[A-Z]{2,3}-\d{4}\b|\b[A-Z]{2,5}-[A-Z]{2,3}-\d{4}(?:-\d+)?\b")),
]


def _internal(text: str) -> list[str]:
    found = []
    for what, pattern in _INTERNAL:
        for m in pattern.finditer(text):
            found.append(f"{what}: ...{text[max(0, m.start() - 40):m.end() + 40]!r}...".replace("\\n", " "))
    return found


@pytest.mark.parametrize("name", [
    "index.html",
    "sources.html",
    "data.html",
])
def test_site_pages_show_nothing_internal(name, crawl, site_dir):
    path = site_dir / name
    assert path in crawl, f"{name} is not linked from the index"
    problems = _internal(crawl[path]["text"])
    assert not problems, "\n".join(problems[:40])


def test_reports_show_nothing_internal(crawl, site_dir):
    problems = []
    for path, facts in crawl.items():
        if path.name == "report.html":
            problems += [f"{path.relative_to(site_dir).as_posix()}: {p}" for p in _internal(facts["text"])]
    assert not problems, "\n".join(problems[:60])


# ---------------------------------------------------------------------------------------------
# The data behind every chart


def _chart_links(crawl, site_dir):
    """{report: [(img alt, {PNG: path, SVG: path, data (CSV): path})]} from the download lines."""
    out = {}
    for path, facts in crawl.items():
        if path.name != "report.html":
            continue
        out[path] = facts["charts"]
    return out


def test_chart_download_links_resolve_and_csvs_parse(crawl, site_dir):
    from cohen_analysis.charts import read_chart_data

    problems, csvs = [], 0
    for path, charts in _chart_links(crawl, site_dir).items():
        where = path.relative_to(site_dir).as_posix()
        for chart in charts:
            links = {label: _local_path(href) for label, href in chart["links"]}
            for label in ("PNG", "SVG"):
                if label not in links or not links[label] or not links[label].exists():
                    problems.append(f"{where}: chart {chart['alt'][:50]!r} has no working {label} link")
            csv = links.get("data (CSV)")
            if csv is None:
                continue
            csvs += 1
            if not csv.exists():
                problems.append(f"{where}: missing {csv}")
                continue
            header = [line for line in csv.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
            if not any(line.startswith("# Source: ") for line in header):
                problems.append(f"{where}: {csv.name} has no source line")
            frame = read_chart_data(csv)
            if frame.empty or frame.shape[1] < 2:
                problems.append(f"{where}: {csv.name} has no data")
                continue
            # the chart's alt text describes this data: every series' first, last and highest value
            alt = csv.with_name(csv.name.removesuffix(".csv") + ".alt.txt").read_text(encoding="utf-8")
            from cohen_analysis.charts import describe_data, read_chart_units

            units = read_chart_units(csv)
            if describe_data(frame, units=units) not in alt:
                problems.append(f"{where}: {csv.name} does not match the chart's description")
    assert csvs > 0, "no chart links a data CSV"
    assert not problems, "\n".join(problems)


def test_every_chart_links_its_data_csv(crawl, site_dir):
    missing = [
        f"{path.relative_to(site_dir).as_posix()}: {chart['alt'][:60]!r}"
        for path, charts in _chart_links(crawl, site_dir).items()
        for chart in charts
        if not any(label == "data (CSV)" for label, _ in chart["links"])
    ]
    assert not missing, "charts without a data CSV:\n" + "\n".join(missing)


def test_every_report_chart_has_a_download_line(crawl, site_dir):
    problems = []
    for path, charts in _chart_links(crawl, site_dir).items():
        for chart in charts:
            if not chart["links"]:
                problems.append(f"{path.relative_to(site_dir).as_posix()}: chart {chart['alt'][:60]!r} without downloads")
    assert not problems, "\n".join(problems)


def test_no_two_cards_share_a_headline(site_dir, crawl):
    text = (site_dir / "index.html").read_text(encoding="utf-8")
    headlines = re.findall(r'<p class="headline">(.*?)</p>', text, flags=re.S)
    assert headlines
    repeated = sorted({h for h in headlines if headlines.count(h) > 1})
    assert not repeated, f"headlines shared by several cards: {repeated}"


# ---------------------------------------------------------------------------------------------
# Escaping: crafted values in the essay's claims never run in the browser

SCRIPT_PAYLOAD = '<script>window.__pwned = "script"; document.title = "pwned"</script>'
IMG_PAYLOAD = '"><img src=x onerror="window.__pwned = \'img\'">'


@pytest.fixture(scope="module")
def crafted_site(tmp_path_factory, browser):
    """A project copy whose ``claims.csv`` carries script payloads, with the essay report and the site built."""
    import csv
    import subprocess

    from project_copy import copy_project, env_for, make_in

    project = copy_project(tmp_path_factory.mktemp("crafted") / "cohen-analysis")
    path = project / "data" / "raw" / "essay" / "claims.csv"
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    by_id = {r["claim_id"]: r for r in rows}
    by_id["C01"]["claim"] += " " + SCRIPT_PAYLOAD
    by_id["C14"]["claim"] += " " + IMG_PAYLOAD
    by_id["C13"]["essay_value"] = IMG_PAYLOAD
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    cli = str(project / ".venv" / "bin" / "cohen-analysis")
    subprocess.run([cli, "checksum", str(path)], cwd=project, env=env_for(project), check=True, capture_output=True)
    make_in(project, "reports/essay_figures/default/metrics.json")
    subprocess.run([cli, "index"], cwd=project, env=env_for(project), check=True, capture_output=True)
    return project / "reports"


def _open_crafted(browser, page_path: Path) -> dict:
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=True)
    dialogs: list[str] = []
    try:
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(page_path.as_uri(), wait_until="load")
        facts = page.evaluate("""() => ({
          pwned: window.__pwned === undefined ? null : String(window.__pwned),
          title: document.title,
          text: document.body.innerText,
          handlers: Array.from(document.querySelectorAll('*')).filter(e => Array.from(e.attributes).some(a => a.name.startsWith('on'))).length,
          bad_images: document.querySelectorAll('img[src="x"]').length,
        })""")
        facts["dialogs"] = dialogs
        return facts
    finally:
        context.close()


@pytest.mark.parametrize("page", ["index.html", "essay_figures/default/report.html"])
def test_crafted_claims_never_run(page, crafted_site, browser):
    facts = _open_crafted(browser, crafted_site / page)
    assert facts["pwned"] is None, f"a crafted value ran as script ({facts['pwned']})"
    assert facts["title"] != "pwned" and not facts["dialogs"]
    assert facts["handlers"] == 0, "an element carries an event handler attribute"


def test_crafted_claims_show_as_text_on_the_index(crafted_site, browser):
    facts = _open_crafted(browser, crafted_site / "index.html")
    assert SCRIPT_PAYLOAD in facts["text"]
    assert IMG_PAYLOAD in facts["text"]
    assert facts["bad_images"] == 0  # the crafted <img> stayed text


def test_crafted_claims_show_as_text_in_the_essay_report(crafted_site, browser):
    facts = _open_crafted(browser, crafted_site / "essay_figures" / "default" / "report.html")
    assert SCRIPT_PAYLOAD in facts["text"]
    assert IMG_PAYLOAD in facts["text"]
    assert facts["bad_images"] == 0
