"""The report build: failure safety, retries and reproducibility of one report (the full build: test_build_site.py).

These run the real build (papermill, nbconvert, make) in a scratch copy of the project.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
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


def test_index_refuses_an_unknown_page_before_writing():
    done = subprocess.run([CA, "index", "--page", "index", "--page", "home"], capture_output=True, text=True)
    assert done.returncode == 2
    assert "unknown page 'home'; choose from index, sources, data" in done.stderr


def test_refresh_index_checks_the_pages_before_it_prunes_or_stamps(monkeypatch):
    from cohen_analysis import build

    touched = []
    monkeypatch.setattr(build, "prune_reports", lambda *a, **k: touched.append("prune"))
    monkeypatch.setattr(build, "write_build_stamp", lambda *a, **k: touched.append("stamp"))
    with pytest.raises(ValueError, match="unknown page 'home'"):
        build.refresh_index(pages=["index", "home"])
    assert touched == []


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


def test_bad_parameter_value_is_refused_before_any_cell_runs(project_copy):
    """A value outside the data (an unknown claim topic) exits 2 naming file and key; nothing is written."""
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
    assert done.returncode == 2
    assert "error: params/essay_figures/default.yaml: parameter topics has unknown value(s) ['weather']" in done.stderr
    assert "choose from ['UPR'," in done.stderr
    assert not (project_copy / "reports" / "failed" / "essay_figures" / "default.ipynb").exists()
    assert digest(report) == before


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


def test_a_kernel_started_ahead_has_imported_the_libraries_and_bound_no_name():
    """The kernel a run starts early is fresh: the common imports are loaded, the namespace is empty."""
    from cohen_analysis import build

    km = build.start_kernel()
    assert km is not None and km.is_alive()
    kc = km.client()
    try:
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        code = (
            "import sys\n"
            "print(sorted(m for m in %r if m in sys.modules), [n for n in ('pandas', 'seaborn', '_module', 'plt') if n in globals()])"
        ) % (build.WARM_IMPORTS,)
        printed = []
        reply = kc.execute_interactive(
            code, timeout=60, output_hook=lambda m: printed.append(m["content"].get("text", "")) if m["msg_type"] == "stream" else None
        )
        assert "".join(printed).strip() == f"{sorted(build.WARM_IMPORTS)} []"
        # the probe is the first counted execution: the warm-up counted none, so cells keep their numbers
        assert reply["content"]["execution_count"] == 1
    finally:
        kc.stop_channels()
        build.stop_kernel(km)
    assert not km.has_kernel


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


def _staged(folder: Path, text: str) -> Path:
    (folder / "figures").mkdir(parents=True)
    (folder / "report.html").write_text(f"<html>{text}</html>")
    (folder / "metrics.json").write_text(json.dumps({"v": text}))
    (folder / "figures" / "chart.png").write_text(f"png {text}")
    return folder


def _read(spec) -> tuple[str, str, str]:
    return (
        (spec.report_dir / "report.html").read_text(),
        json.loads((spec.report_dir / "metrics.json").read_text())["v"],
        (spec.figures_dir / "chart.png").read_text(),
    )


def test_publishing_is_old_or_new_with_a_fault_at_the_switch(monkeypatch, tmp_path):
    """A kill at the one switching step leaves the old version whole; the next run cleans the debris."""
    from cohen_analysis import build

    monkeypatch.setattr(build, "REPORTS_DIR", tmp_path / "reports")
    spec = build.ReportSpec("essay_figures", "default")
    build.publish(_staged(tmp_path / "s1", "old"), spec)
    assert _read(spec) == ("<html>old</html>", "old", "png old")

    def killed(tmp_link, link):
        raise KeyboardInterrupt("killed at the switch")

    monkeypatch.setattr(build, "_switch", killed)
    with pytest.raises(KeyboardInterrupt):
        build.publish(_staged(tmp_path / "s2", "new"), spec)
    assert _read(spec) == ("<html>old</html>", "old", "png old")  # old, whole: report and figures agree
    debris = [p.name for p in spec.report_dir.parent.iterdir() if p.name != "default"]
    assert debris and all(".switch-" in d for d in debris)
    assert len(list(spec.versions_dir.iterdir())) == 2  # the unreferenced new version is left over

    monkeypatch.undo()
    monkeypatch.setattr(build, "REPORTS_DIR", tmp_path / "reports")
    build.publish(_staged(tmp_path / "s3", "newer"), spec)
    assert _read(spec) == ("<html>newer</html>", "newer", "png newer")
    assert [p.name for p in spec.report_dir.parent.iterdir()] == ["default"]
    assert len(list(spec.versions_dir.iterdir())) == 1
    assert not (tmp_path / "reports" / ".publish.lock").exists()


def test_publishing_replaces_a_report_of_the_old_layout(monkeypatch, tmp_path):
    """A plain report folder (before versioned publishing) and its .old debris give way to the link."""
    from cohen_analysis import build

    monkeypatch.setattr(build, "REPORTS_DIR", tmp_path / "reports")
    spec = build.ReportSpec("upr", "default")
    _staged(spec.report_dir, "plain")
    (spec.figures_dir).mkdir(parents=True)
    (spec.report_dir.parent / ".default.old.abc123").mkdir()
    (tmp_path / "reports" / ".publish.lock").write_text("")
    build.publish(_staged(tmp_path / "s", "new"), spec)
    assert spec.report_dir.is_symlink() and spec.figures_dir.is_symlink()
    assert _read(spec) == ("<html>new</html>", "new", "png new")
    assert [p.name for p in spec.report_dir.parent.iterdir()] == ["default"]
    assert [p.name for p in spec.figures_dir.parent.iterdir()] == ["default"]
    assert not (tmp_path / "reports" / ".publish.lock").exists()


def test_index_escapes_names_in_links(tmp_path):
    """Names reaching href/src are validated; the index escapes them anyway."""
    from cohen_analysis import build, site

    with pytest.raises(build.UsageError, match="not allowed"):
        build.ReportSpec("aid", 'x" onload="alert(1)')
    report = tmp_path / "aid" / 'x"><script>'
    report.mkdir(parents=True)
    (report / "metrics.json").write_text(json.dumps({"notebook": "aid", "title": "Aid", "headline": "h", "figures": [],
                                                     "parameters": {}, "metrics": {}}), encoding="utf-8")
    page = site.index_html(tmp_path)
    assert 'x"><script>' not in page and "x&#34;&gt;&lt;script&gt;" in page


def test_random_styler_table_ids_are_numbered():
    from cohen_analysis.build import _stable_table_ids

    text = '<table id="T_176db"><td id="T_176db_row0_col0"> #T_9f0aa_row1 T_claims_row0 T_176dbx'
    assert _stable_table_ids(text) == '<table id="T_table0"><td id="T_table0_row0_col0"> #T_table1_row1 T_claims_row0 T_176dbx'


def test_stream_outputs_split_by_timing_are_joined():
    import nbformat

    from cohen_analysis.build import _coalesce_streams

    outs = [nbformat.v4.new_output("stream", name="stdout", text="a\n"), nbformat.v4.new_output("stream", name="stdout", text="b\n"),
            nbformat.v4.new_output("stream", name="stderr", text="w\n"), nbformat.v4.new_output("stream", name="stdout", text="c\n")]
    assert [(o["name"], o["text"]) for o in _coalesce_streams(outs)] == [("stdout", "a\nb\n"), ("stderr", "w\n"), ("stdout", "c\n")]


def test_reports_whose_workers_die_are_failures_not_silence(monkeypatch):
    """A worker that stops (crash, kill) fails the report it had; what no worker is left to run fails too."""
    from cohen_analysis import worker
    from cohen_analysis.build import ReportSpec

    # workers that read their first request and exit with 3 before answering
    monkeypatch.setattr(worker, "worker_command", lambda **_: [sys.executable, "-c", "import sys; sys.stdin.readline(); sys.exit(3)"])
    specs = [ReportSpec("essay_figures", name) for name in ("default", "upr_only", "third")]
    seen = []
    errors = worker.run_reports(specs, jobs=2, on_error=seen.append)
    assert seen == errors and len(errors) == 3
    stopped = sorted(e for e in errors if "the build worker stopped (exit code 3)" in e)
    assert len(stopped) == 2 and all(e.startswith("essay_figures [") for e in stopped)
    assert errors[-1] == "essay_figures [third]: not run: the build workers stopped"
