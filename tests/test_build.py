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


def test_bad_parameter_value_is_refused_before_the_kernel(project_copy):
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
    original = meta.read_text(encoding="utf-8")
    meta.write_text(original + "# reviewed\n", encoding="utf-8")
    make_in(project, "reports")
    rebuilt_data = {p.stem for p, t in parquets.items() if p.stat().st_mtime_ns != t}
    assert rebuilt_data == {"prisoner_estimates"}
    rerun = changed(before)
    reads = {p.parts[-3] + "/" + p.parts[-2] for p in before if "prisoner_estimates" in json.loads(p.read_text())["datasets"]}
    assert rerun == reads
    assert "prisoners/default" in rerun and not any(r.startswith("upr/") for r in rerun)
    # the built site is shared with later tests (two clean builds compared): put the file back
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


def tree(folder: Path, *, skip: set[str] = frozenset()) -> dict[str, str]:
    """Every file (SHA-256 of its bytes) and symbolic link (its target) under ``folder``."""
    out = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if rel in skip or rel.split("/", 1)[0] in skip:
            continue
        if p.is_symlink():
            out[rel] = "-> " + os.readlink(p)
        elif p.is_file():
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def test_two_clean_builds_in_clones_at_different_paths_are_identical(built_site, tmp_path_factory):
    """Every output of a full build matches byte for byte, except the declared stamp reports/build.json."""
    from project_copy import copy_project

    other = copy_project(tmp_path_factory.mktemp("second-clone-at-a-longer-path") / "elsewhere" / "cohen-analysis")
    make_in(other, "reports")
    # screenshots/ holds what the browser test saved into the shared built site, not build output
    skip = {"build.json", "screenshots"}
    first, second = tree(built_site / "reports", skip=skip), tree(other / "reports", skip=skip)
    assert (built_site / "reports" / "build.json").exists() and (other / "reports" / "build.json").exists()
    differ = sorted(k for k in first.keys() | second.keys() if first.get(k) != second.get(k))
    assert differ == []
    assert tree(built_site / "data" / "processed") == tree(other / "data" / "processed")
    # one published report per parameter file (reports/<notebook>/<set> links into reports/.versions/)
    published = [p for p in (built_site / "reports").glob("*/*/report.html") if p.parts[-3] not in {"drafts", "failed", "interactive"}]
    assert len(published) == len(list(built_site.glob("params/*/*.yaml")))


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
