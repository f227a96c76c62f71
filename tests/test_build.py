"""The report build: failure safety, retries, reproducibility and incremental rebuilds.

These run the real build (papermill, nbconvert, make) in a scratch copy of the project.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import ROOT, make_in
from project_copy import env_for

pytestmark = pytest.mark.slow

CA = str(ROOT / ".venv" / "bin" / "cohen-analysis")
NB = "notebooks/essay_figures.ipynb"


def _env(project: Path) -> dict:
    return env_for(project)


def run_cli(project: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([CA, *args], cwd=project, env=_env(project), capture_output=True, text=True, timeout=600)
    if check and done.returncode != 0:
        raise AssertionError(done.stderr[-4000:])
    return done


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_cli_help_explains_scheduled_runs():
    done = subprocess.run([CA, "run", "--help"], capture_output=True, text=True)
    assert done.returncode == 0
    for phrase in ("ONE notebook", "--timeout", "Exit codes", "reports/failed"):
        assert phrase in done.stdout


def test_report_build_is_reproducible(project_copy):
    """The same inputs give byte-identical processed data, figures, notebook, HTML and metrics."""
    run_cli(project_copy, "data", "--force")
    first_data = digest(project_copy / "data" / "processed")
    run_cli(project_copy, "run", NB, "params/essay_figures/default.yaml", "--no-progress", "--no-log-output")
    first = digest(project_copy / "reports" / "essay_figures" / "default")
    first_figures = digest(project_copy / "reports" / "figures" / "essay_figures" / "default")
    time.sleep(1.1)  # a different second, so any embedded time stamp would show
    run_cli(project_copy, "data", "--force")
    assert digest(project_copy / "data" / "processed") == first_data
    run_cli(project_copy, "run", NB, "params/essay_figures/default.yaml", "--no-progress", "--no-log-output")
    assert digest(project_copy / "reports" / "essay_figures" / "default") == first
    assert digest(project_copy / "reports" / "figures" / "essay_figures" / "default") == first_figures
    assert {"report.html", "notebook.ipynb", "metrics.json"} <= set(first)
    assert {"then_and_now.png", "then_and_now.svg"} <= set(first_figures)


def test_failing_notebook_keeps_previous_report(project_copy, tmp_path):
    good = ["run", NB, "params/essay_figures/default.yaml", "--no-progress", "--no-log-output"]
    run_cli(project_copy, *good)
    report = project_copy / "reports" / "essay_figures" / "default"
    before = digest(report)
    bad_params = project_copy / "params" / "essay_figures" / "default.yaml"
    saved = bad_params.read_text()
    try:
        bad_params.write_text("topics: [weather]\n")
        done = run_cli(project_copy, *good, check=False)
    finally:
        bad_params.write_text(saved)
    assert done.returncode == 1
    message = done.stderr
    assert "essay_figures [default]" in message
    assert "params/essay_figures/default.yaml" in message
    assert "failed in cell" in message and "ParameterError" in message
    failed = project_copy / "reports" / "failed" / "essay_figures" / "default.ipynb"
    assert failed.exists()
    assert "weather" in failed.read_text()
    assert digest(report) == before  # the previous good report is untouched
    # a later good run clears the failure record
    run_cli(project_copy, *good)
    assert not failed.exists()


def test_killed_run_leaves_no_partial_output(project_copy):
    args = [CA, "run", NB, "params/essay_figures/upr_only.yaml", "--no-progress", "--no-log-output"]
    report = project_copy / "reports" / "essay_figures" / "upr_only"
    run_cli(project_copy, *args[1:])
    before = digest(report)
    proc = subprocess.Popen(args, cwd=project_copy, env=_env(project_copy), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    staging = project_copy / "reports" / ".staging"
    deadline = time.time() + 60
    while time.time() < deadline and not any(staging.glob(f"{proc.pid}-*/report/notebook.ipynb")):
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert digest(report) == before
    # the next run removes what the killed one left behind
    run_cli(project_copy, *args[1:])
    assert not list(staging.glob(f"{proc.pid}-*"))
    assert digest(report) == before


def test_two_builds_at_once_do_not_corrupt(project_copy):
    args = [CA, "run", NB, "params/essay_figures/upr_only.yaml", "--no-progress", "--no-log-output"]
    procs = [subprocess.Popen(args, cwd=project_copy, env=_env(project_copy), stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    codes = [p.wait(timeout=600) for p in procs]
    assert codes == [0, 0]
    report = project_copy / "reports" / "essay_figures" / "upr_only"
    metrics = json.loads((report / "metrics.json").read_text())
    assert metrics["metrics"]["claims_checked"]["value"] == 8
    assert (report / "report.html").read_text().rstrip().endswith("</html>")


def test_kernel_start_failure_is_retried(monkeypatch, tmp_path):
    import papermill

    from cohen_analysis import build

    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("Kernel didn't respond in 60 seconds")
        Path(args[1]).write_text("{}")

    monkeypatch.setattr(papermill, "execute_notebook", flaky)
    monkeypatch.setattr(build.time, "sleep", lambda s: None)
    spec = build.ReportSpec("essay_figures", "default")
    build._execute(spec, tmp_path / "out.ipynb", {}, kernel="cohen-analysis", timeout=10, progress=False, log_output=False)
    assert len(calls) == 2


def test_cell_errors_are_not_retried(monkeypatch, tmp_path):
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from cohen_analysis import build

    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        raise PapermillExecutionError(3, 2, "x", "ValueError", "bad", [])

    monkeypatch.setattr(papermill, "execute_notebook", failing)
    with pytest.raises(PapermillExecutionError):
        build._execute(build.ReportSpec("essay_figures", "default"), tmp_path / "o.ipynb", {}, kernel="k", timeout=1, progress=False, log_output=False)
    assert len(calls) == 1


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

    before = published()
    params = project / "params" / "essay_figures" / "upr_only.yaml"
    os.utime(params)
    make_in(project, "reports")
    assert changed(before) == {"essay_figures/upr_only"}

    before = published()
    parquets = {p: p.stat().st_mtime_ns for p in (project / "data" / "processed").glob("*.parquet")}
    raw = project / "data" / "raw" / "prisoners" / "estimates.csv"
    os.utime(raw)  # staleness follows content: a touch alone rebuilds nothing
    make_in(project, "reports")
    assert {p.stem for p, t in parquets.items() if p.stat().st_mtime_ns != t} == set() and changed(before) == set()
    meta = raw.with_name(raw.name + ".meta.yaml")
    meta.write_text(meta.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    make_in(project, "reports")
    rebuilt_data = {p.stem for p, t in parquets.items() if p.stat().st_mtime_ns != t}
    assert rebuilt_data == {"prisoner_estimates"}
    rerun = changed(before)
    reads = {p.parts[-3] + "/" + p.parts[-2] for p in before if "prisoner_estimates" in json.loads(p.read_text())["datasets"]}
    assert rerun == reads
    assert "prisoners/default" in rerun and not any(r.startswith("upr/") for r in rerun)


def test_site_differs_only_by_the_declared_build_stamp(built_site):
    def index(epoch: str) -> list[str]:
        done = subprocess.run([CA, "index"], cwd=built_site, env={**_env(built_site), "SOURCE_DATE_EPOCH": epoch}, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert json.loads((built_site / "reports" / "build.json").read_text()) == {
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(epoch)))
        }
        return (built_site / "reports" / "index.html").read_text().splitlines()

    first, again, later = index("1767225600"), index("1767225600"), index("1767312000")
    assert first == again
    assert first == later  # the stamp lives in build.json only: no page carries the build time


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
            resolved = (page.parent / unquote(parts.path)).resolve()
            assert resolved.exists(), f"{page.relative_to(reports)} links to missing {target}"
            if page == index and resolved.name == "report.html":
                linked_reports.add(resolved)
    published = {p.resolve() for p in reports.glob("*/*/report.html") if p.parts[-3] not in {"interactive", "failed"}}
    assert linked_reports == published and len(published) == len(list(built_site.glob("params/*/*.yaml")))
