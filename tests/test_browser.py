"""The built report site, opened in a real browser (headless Debian chromium driven by Playwright).

Starting from ``reports/index.html`` of the ``built_site`` fixture (a scratch project copy where
``make -j2 reports`` ran), every page reachable by links is opened from the file system, with all
network access blocked, and checked: every link resolves (files and #fragments), every image loads,
the console shows no errors, nothing is fetched from the network, headings are in order, and
axe-core finds no serious or critical accessibility violation. Screenshots of the index, the
sources page and one report are saved under ``reports/screenshots/`` of the built site, with the
axe results as ``reports/screenshots/axe.json``.

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


@pytest.fixture(scope="module")
def crawl(browser, site_dir):
    """Open every page reachable from the index; return {path: facts} (links, images, console, axe)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=True)
    blocked: list[str] = []

    def route(r):
        url = r.request.url
        if url.startswith(("file:", "data:", "about:")):
            r.continue_()
        else:
            blocked.append(url)
            r.abort()

    context.route("**/*", route)
    shots = site_dir / "screenshots"
    shots.mkdir(exist_ok=True)
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
            blocked_before = len(blocked)
            page.goto(path.as_uri(), wait_until="load")
            facts = page.evaluate(_PAGE_JS)
            facts["console"] = list(console)  # before axe runs: its own requests are not the page's
            facts["blocked"] = blocked[blocked_before:]
            # preload off: axe would fetch the stylesheets itself, which file:// pages forbid (CORS)
            axe_result = axe.run(page, options={"resultTypes": ["violations"], "preload": False})
            facts["axe"] = [
                {
                    "id": v["id"],
                    "impact": v.get("impact"),
                    "help": v.get("help"),
                    "nodes": [", ".join(map(str, n.get("target", []))) for n in v.get("nodes", [])][:5],
                    "count": len(v.get("nodes", [])),
                }
                for v in axe_result.response.get("violations", [])
            ]
            rel = path.relative_to(site_dir).as_posix()
            if rel in ("index.html", "sources.html", SAMPLE_REPORT):
                name = "report" if rel == SAMPLE_REPORT else rel.removesuffix(".html")
                page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
                page.screenshot(path=str(shots / f"{name}-top.png"), full_page=False)
            page.close()
            results[path] = facts
            for link in facts["links"]:
                target = _local_path(urldefrag(link["abs"])[0])
                if target and target.suffix == ".html" and target not in seen and target.is_relative_to(site_dir) and target.exists():
                    seen.add(target)
                    queue.append(target)
    finally:
        context.close()
    summary = {
        p.relative_to(site_dir).as_posix(): f["axe"] for p, f in sorted(results.items())
    }
    (shots / "axe.json").write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return results


def test_every_report_is_reachable_from_the_index(crawl, site_dir):
    reports = {p.resolve() for p in site_dir.glob("*/*/report.html") if p.parts[-3] not in {"failed", "interactive", "figures"}}
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


def test_accessibility_axe(crawl, site_dir):
    serious, other = [], []
    for page, facts in crawl.items():
        where = page.relative_to(site_dir).as_posix()
        for v in facts["axe"]:
            line = f"{where}: [{v['impact']}] {v['id']} ({v['count']} nodes): {v['help']} e.g. {v['nodes'][:3]}"
            (serious if v["impact"] in FAILING_IMPACTS else other).append(line)
    if other:
        warnings.warn("axe (moderate/minor):\n" + "\n".join(other), stacklevel=1)
    assert not serious, "axe-core violations:\n" + "\n".join(serious)


def test_screenshots_were_saved(crawl, site_dir):
    for name in ("index", "sources", "report"):
        shot = site_dir / "screenshots" / f"{name}.png"
        if name == "report" and (site_dir / SAMPLE_REPORT) not in crawl:
            continue
        assert shot.exists() and shot.stat().st_size > 1000, f"missing screenshot {shot}"
