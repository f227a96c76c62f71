"""The full build in scratch copies of the project: incremental rebuilds, reproducibility, the site's links.

These use the ``built_site`` fixture (one `make -j2 reports` per test session, shared by every
xdist worker; tests/conftest.py runs them on one worker, as they rebuild parts of it and put
them back) and one more clean build in a second clone.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from conftest import ROOT, make_in, tree
from project_copy import env_for

pytestmark = pytest.mark.slow

CA = str(ROOT / ".venv" / "bin" / "cohen-analysis")


def _env(project: Path) -> dict:
    return env_for(project)


def test_incremental_rebuilds(built_site):
    """No-op does nothing; a touched parameter file or an edited raw input re-runs only what depends on it."""
    project = built_site
    start = time.perf_counter()
    noop = make_in(project, "reports")
    elapsed = time.perf_counter() - start
    assert "cohen-analysis run" not in noop.stdout + noop.stderr and "report:" not in noop.stdout
    assert elapsed < 5  # timing itself is measured by benchmarks/bench_build.py

    def published() -> dict:
        return {p: p.stat().st_mtime_ns for p in (project / "reports").glob("*/*/metrics.json")}

    def changed(before: dict) -> set[str]:
        return {p.parts[-3] + "/" + p.parts[-2] for p, t in before.items() if p.stat().st_mtime_ns != t}

    def pages() -> dict:
        return {name: (project / "reports" / f"{name}.html").stat().st_mtime_ns for name in ("index", "sources", "data")}

    before, site_before = published(), pages()
    params = project / "params" / "essay_figures" / "upr_only.yaml"
    os.utime(params)
    touched = make_in(project, "reports")
    assert changed(before) == {"essay_figures/upr_only"}
    # Make found the one stale report and handed it to the build's worker
    assert "1 report(s) to run, 1 at a time" in touched.stderr
    # of the site's own pages only the index is made from the reports: the others are not rebuilt
    assert [n for n, t in pages().items() if t != site_before[n]] == ["index"]

    before = published()
    parquets = {p: p.stat().st_mtime_ns for p in (project / "data" / "processed").glob("*.parquet")}
    raw = project / "data" / "raw" / "prisoners" / "estimates.csv"
    os.utime(raw)  # staleness follows content: a touch alone rebuilds nothing
    make_in(project, "reports")
    assert {p.stem for p, t in parquets.items() if p.stat().st_mtime_ns != t} == set() and changed(before) == set()
    meta = raw.with_name(raw.name + ".meta.yaml")
    original, original_raw = meta.read_text(encoding="utf-8"), raw.read_text(encoding="utf-8")
    manifest = project / "data" / "processed" / "manifest.json"
    inputs = json.loads(manifest.read_text())["datasets"]["prisoner_estimates"]["inputs"]
    # an edit that changes no figure: the dataset is rebuilt, but its files keep their bytes and
    # time stamps (written only when their content changes), so no report runs again
    meta.write_text(original + "# reviewed\n", encoding="utf-8")
    make_in(project, "reports")
    assert json.loads(manifest.read_text())["datasets"]["prisoner_estimates"]["inputs"] != inputs
    assert {p.stem for p, t in parquets.items() if p.stat().st_mtime_ns != t} == set() and changed(before) == set()
    # an intended edit of a figure's note (checksum recorded): that dataset and the reports that read it
    raw.write_text(original_raw.replace("Single news report", "One news report", 1), encoding="utf-8")
    done = subprocess.run([CA, "checksum", str(raw)], cwd=project, env=_env(project), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    make_in(project, "reports")
    rebuilt_data = {p.stem for p, t in parquets.items() if p.stat().st_mtime_ns != t}
    assert rebuilt_data == {"prisoner_estimates"}
    # a raw file's edit rebuilds the pages made from the data and the sources too
    assert all(t != site_before[n] for n, t in pages().items())
    rerun = changed(before)
    reads = {p.parts[-3] + "/" + p.parts[-2] for p in before if "prisoner_estimates" in json.loads(p.read_text())["datasets"]}
    assert rerun == reads
    assert "prisoners/default" in rerun and not any(r.startswith("upr/") for r in rerun)
    # the built site is shared with later tests (two clean builds compared): put the files back
    raw.write_text(original_raw, encoding="utf-8")
    meta.write_text(original, encoding="utf-8")
    make_in(project, "reports")


def test_site_differs_only_by_the_declared_build_stamp(built_site):
    def index(epoch: str) -> bytes:
        done = subprocess.run([CA, "index"], cwd=built_site, env={**_env(built_site), "SOURCE_DATE_EPOCH": epoch}, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert json.loads((built_site / "reports" / "build.json").read_text()) == {
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(epoch)))
        }
        return (built_site / "reports" / "index.html").read_bytes() + (built_site / "reports" / "sources.html").read_bytes()

    assert index("1767225600") == index("1767312000")


def test_two_clean_builds_in_clones_at_different_paths_are_identical(tmp_path_factory, request):
    """Every output of a full build matches byte for byte, except the declared stamp reports/build.json."""
    from project_copy import copy_project

    other = copy_project(tmp_path_factory.mktemp("second-clone-at-a-longer-path") / "elsewhere" / "cohen-analysis")
    make_in(other, "reports")
    # the shared built site as its own clean build left it (built meanwhile, or already, by another worker)
    first_state = request.getfixturevalue("clean_build_state")
    built_site = request.getfixturevalue("built_site")
    skip = {"build.json"}
    first = {k: v for k, v in first_state["reports"].items() if k not in skip}
    second = tree(other / "reports", skip=skip)
    assert "build.json" in first_state["reports"] and (other / "reports" / "build.json").exists()
    differ = sorted(k for k in first.keys() | second.keys() if first.get(k) != second.get(k))
    assert differ == []
    assert first_state["processed"] == tree(other / "data" / "processed")
    # one published report per parameter file (reports/<notebook>/<set> links into reports/.versions/)
    published = [p for p in (other / "reports").glob("*/*/report.html") if p.parts[-3] not in {"drafts", "failed", "interactive"}]
    assert len(published) == len(list(built_site.glob("params/*/*.yaml"))) == len(list(other.glob("params/*/*.yaml")))


def test_built_index_links_all_resolve(built_site):
    """Every relative link and image of the built site points at a file that exists."""
    import re
    from urllib.parse import unquote, urlsplit

    reports = built_site / "reports"
    index = reports / "index.html"
    assert index.exists()
    pages = [index, reports / "sources.html", *sorted(reports.glob("*/*/report.html"))]
    linked_reports = set()
    for page in pages:
        for target in re.findall(r'(?:href|src)="([^"#]+)(?:#[^"]*)?"', page.read_text(encoding="utf-8")):
            parts = urlsplit(target)
            if parts.scheme in {"http", "https", "mailto", "data"}:
                continue
            # lexically, as a browser resolves it: a published report folder is a link into reports/.versions/
            resolved = Path(os.path.normpath(page.parent / unquote(parts.path)))
            assert resolved.exists(), f"{page.relative_to(reports)} links to missing {target}"
            if page == index and resolved.name == "report.html":
                linked_reports.add(resolved)
    published = {Path(os.path.normpath(p)) for p in reports.glob("*/*/report.html") if p.parts[-3] not in {"interactive", "failed"}}
    assert linked_reports == published and len(published) == len(list(built_site.glob("params/*/*.yaml")))
