"""`cohen-analysis run` as a scheduler calls it: exit codes, messages, drafts, publishing, logs.

Each failure runs the CLI as a subprocess in a scratch copy of the project and asserts the exit
code, the message and that nothing was published.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import ROOT
from project_copy import copy_project, env_for

pytestmark = pytest.mark.slow

CA = str(ROOT / ".venv" / "bin" / "cohen-analysis")
NB = "notebooks/essay_figures.ipynb"


def state(folder: Path) -> dict[str, str]:
    """Every file (its bytes) and symbolic link (its target) under ``folder``."""
    if not folder.exists():
        return {}
    out = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if p.is_symlink():
            out[rel] = "-> " + os.readlink(p)
        elif p.is_file():
            out[rel] = p.read_bytes().hex()[:64] + str(p.stat().st_size)
    return out


def cli(project: Path, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([CA, *args], cwd=project, env=env_for(project), capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A project copy with its data built and one published report (essay_figures/upr_only)."""
    root = copy_project(tmp_path_factory.mktemp("cli") / "cohen-analysis")
    done = cli(root, "run", NB, "params/essay_figures/upr_only.yaml", "--no-progress")
    assert done.returncode == 0, done.stderr
    return root


BAD_PARAMETERS = [
    # (notebook, file text, words the message must hold)
    ("aid", "start_yr: 2015\n", ["unknown parameter(s) start_yr", "start_year, end_year, show_wfp"]),
    ("aid", "start_year: [2015\n", ["not valid YAML", "line 2"]),
    ("aid", "start_year: '2015'\n", ["parameter start_year='2015' must be a whole year"]),
    ("aid", "start_year: 2020\nend_year: 2010\n", ["start_year=2020 is after end_year=2010"]),
    ("aid", "start_year: 1900\n", ["fall outside the data", "1995", "2025"]),
    ("upr", "cycles: [1, 7]\n", ["unknown cycle(s) [7]", "[1, 2, 3, 4]"]),
    ("prisoners", "scope: camps\n", ["parameter scope='camps' is not one of ['all', 'political_prison_camps',", "'all_detention']"]),
    ("essay_figures", "approx_tolerance: 2\n", ["parameter approx_tolerance=2 must be a number between 0 and 1"]),
    ("aid", "- start_year\n", ["must be a mapping"]),
    ("aid", "output_dir: /tmp/elsewhere\n", ["output_dir is set by the build"]),
]


@pytest.mark.parametrize("notebook,text,words", BAD_PARAMETERS, ids=[t for _, t, _ in BAD_PARAMETERS])
def test_bad_parameters_exit_2_before_any_kernel(project, tmp_path, notebook, text, words):
    path = tmp_path / "scheduled.yaml"
    path.write_text(text)
    before = state(project / "reports")
    done = cli(project, "run", f"notebooks/{notebook}.ipynb", str(path), "--no-progress")
    assert done.returncode == 2, done.stderr
    assert f"error: {path}:" in done.stderr
    for word in words:
        assert word in done.stderr
    assert "nothing was run or written" in done.stderr
    assert "Traceback" not in done.stderr and "kernel" not in done.stderr.lower()
    assert state(project / "reports") == before  # no report, no draft, no reports/failed copy


def test_parameter_file_of_another_notebook_is_refused(project):
    before = state(project / "reports")
    done = cli(project, "run", "notebooks/upr.ipynb", "params/defectors/default.yaml")
    assert done.returncode == 2
    assert "params/defectors/default.yaml: not a parameter file of notebooks/upr.ipynb" in done.stderr
    assert "belongs to notebooks/defectors.ipynb" in done.stderr
    missing = cli(project, "run", "notebooks/upr.ipynb", "params/upr/nope.yaml")
    assert missing.returncode == 2 and "params/upr/nope.yaml: parameter file not found" in missing.stderr
    not_nb = cli(project, "run", "README.md", "params/upr/default.yaml")
    assert not_nb.returncode == 2 and "not a notebook file" in not_nb.stderr
    assert state(project / "reports") == before


def test_code_in_a_parameter_key_never_runs(project, tmp_path):
    marker = tmp_path / "ran"
    evil = tmp_path / "evil.yaml"
    evil.write_text(json.dumps({f"y = 1\n__import__('pathlib').Path({str(marker)!r}).touch()\nz": 1}))
    before = state(project / "reports")
    done = cli(project, "run", NB, str(evil), "--no-progress")
    assert done.returncode == 2
    assert "is not a parameter name" in done.stderr
    assert not marker.exists()
    assert state(project / "reports") == before


def test_unsafe_report_name_is_refused(project, tmp_path):
    path = tmp_path / 'x" onmouseover="alert(1).yaml'
    path.write_text("topics: [UPR]\n")
    done = cli(project, "run", NB, str(path))
    assert done.returncode == 2
    assert "is not allowed: use letters, digits, '_' and '-' only" in done.stderr


def test_missing_kernel_exits_3(project):
    before = state(project / "reports")
    done = cli(project, "run", NB, "params/essay_figures/default.yaml", "--kernel", "no-such-kernel")
    assert done.returncode == 3
    assert "Jupyter kernel 'no-such-kernel' is not installed" in done.stderr
    assert state(project / "reports") == before


def test_data_build_failure_exits_3(tmp_path):
    root = copy_project(tmp_path / "cohen-analysis")
    raw = root / "data" / "raw" / "essay" / "claims.csv"
    raw.write_text(raw.read_text() + "\n")  # no longer matches its recorded checksum
    done = cli(root, "run", NB, "params/essay_figures/default.yaml", "--no-progress")
    assert done.returncode == 3
    assert "error: the data could not be built" in done.stderr and "claims.csv" in done.stderr
    assert not (root / "reports").exists()


def test_success_logs_one_line_and_leaves_no_debris(project):
    done = cli(project, "run", NB, "params/essay_figures/upr_only.yaml", "--no-progress")
    assert done.returncode == 0, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 2, done.stderr
    assert re.fullmatch(r"\S+ \S+ essay_figures \[upr_only\] params/essay_figures/upr_only\.yaml: ok in \d+\.\d s", lines[0])
    assert lines[1] == "report: reports/essay_figures/upr_only/report.html"
    for noise in ("without encryption", "KeyboardInterrupt", "INFO", "Executing"):
        assert noise not in done.stderr
    reports = project / "reports"
    assert not (reports / ".staging").exists() and not (reports / ".publish.lock").exists()
    assert not list(reports.rglob(".*.switch-*")) and not list(reports.rglob(".*.old*"))
    assert len(list((reports / ".versions" / "essay_figures" / "upr_only").iterdir())) == 1
    # the index was refreshed and links the report
    assert 'href="essay_figures/upr_only/report.html"' in (reports / "index.html").read_text()


def test_notebook_failure_exits_1_and_keeps_the_previous_report(project):
    import nbformat

    reports = project / "reports"
    before = state(reports / "essay_figures" / "upr_only")
    path = project / NB
    saved = path.read_bytes()
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell("raise RuntimeError('the source changed its layout')"))
    nbformat.write(nb, path)
    try:
        done = cli(project, "run", NB, "params/essay_figures/upr_only.yaml", "--no-progress")
    finally:
        path.write_bytes(saved)
    assert done.returncode == 1
    assert "essay_figures [upr_only]" in done.stderr and "failed in cell" in done.stderr
    assert "RuntimeError: the source changed its layout" in done.stderr
    assert re.search(r"essay_figures \[upr_only\] params/essay_figures/upr_only\.yaml: failed in \d+\.\d s", done.stderr)
    assert (reports / "failed" / "essay_figures" / "upr_only.ipynb").exists()
    assert state(reports / "essay_figures" / "upr_only") == before
    assert not (reports / ".staging").exists() and not (reports / ".publish.lock").exists()


def test_ctrl_c_leaves_no_debris_and_the_previous_report(project):
    reports = project / "reports"
    before = state(reports / "essay_figures" / "upr_only")
    proc = subprocess.Popen(
        [CA, "run", NB, "params/essay_figures/upr_only.yaml", "--no-progress"], cwd=project, env=env_for(project),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    deadline = time.time() + 120
    while time.time() < deadline and not list((reports / ".staging").glob(f"{proc.pid}-*/report")):
        time.sleep(0.05)
    time.sleep(1.0)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C sends: the whole process group
    _, err = proc.communicate(timeout=120)
    assert proc.returncode != 0
    assert state(reports / "essay_figures" / "upr_only") == before
    assert not list((reports / ".staging").glob(f"{proc.pid}-*")) if (reports / ".staging").exists() else True
    assert not (reports / ".publish.lock").exists()
    assert "Traceback" not in err


def test_draft_is_published_apart_then_on_the_index_with_publish(project, tmp_path):
    reports = project / "reports"
    draft = tmp_path / "upr_claims.yaml"
    draft.write_text("topics: [UPR]\nshow_extensions: false\n")
    done = cli(project, "run", NB, str(draft), "--no-progress")
    assert done.returncode == 0, done.stderr
    assert "report: reports/drafts/essay_figures/upr_claims/report.html" in done.stderr
    html = (reports / "drafts" / "essay_figures" / "upr_claims" / "report.html").read_text()
    assert 'href="../../../assets/site.css"' in html  # its links home work from the drafts folder
    assert "upr_claims" not in (reports / "index.html").read_text()
    assert "upr_claims" not in (project / "README.md").read_text()
    metrics = json.loads((reports / "drafts" / "essay_figures" / "upr_claims" / "metrics.json").read_text())
    assert metrics["parameters"]["topics"] == ["UPR"] and metrics["metrics"]["claims_checked"]["value"] == 8

    published = cli(project, "run", NB, str(draft), "--no-progress", "--publish")
    assert published.returncode == 0, published.stderr
    assert 'href="essay_figures/upr_claims/report.html"' in (reports / "index.html").read_text()
    # a published draft stays on the index across index rebuilds (it has no file in params/)
    assert cli(project, "index").returncode == 0
    assert 'href="essay_figures/upr_claims/report.html"' in (reports / "index.html").read_text()
    # --publish never replaces the report of a file in params/
    clash = tmp_path / "upr_only.yaml"
    clash.write_text("topics: [UPR]\n")
    refused = cli(project, "run", NB, str(clash), "--publish")
    assert refused.returncode == 2 and "would replace the report of params/essay_figures/upr_only.yaml" in refused.stderr


def test_removed_parameter_file_leaves_the_index(project):
    extra = project / "params" / "essay_figures" / "treaties_only.yaml"
    extra.write_text("topics: [treaties]\n")
    try:
        done = cli(project, "run", NB, "params/essay_figures/treaties_only.yaml", "--no-progress")
        assert done.returncode == 0, done.stderr
        assert 'href="essay_figures/treaties_only/report.html"' in (project / "reports" / "index.html").read_text()
    finally:
        extra.unlink()
    assert cli(project, "index").returncode == 0
    reports = project / "reports"
    assert "treaties_only" not in (reports / "index.html").read_text()
    assert not (reports / "essay_figures" / "treaties_only").exists()
    assert not (reports / "figures" / "essay_figures" / "treaties_only").exists()
    assert not (reports / ".versions" / "essay_figures" / "treaties_only").exists()
    assert (reports / "essay_figures" / "upr_only" / "report.html").exists()


def readme_cron_line() -> str:
    block = re.search(r"```cron\n(.*?)\n```", (ROOT / "README.md").read_text(), re.S).group(1)
    line = next(ln for ln in block.splitlines() if ln.strip() and not ln.startswith("#"))
    return line


def test_readme_cron_line_works_on_a_fresh_clone(tmp_path):
    """The README's crontab line, run as cron would (sh, from a fresh clone: no logs/, no data, no reports)."""
    root = copy_project(tmp_path / "clone" / "cohen-analysis")
    line = readme_cron_line()
    fields = line.split(None, 5)
    assert len(fields) == 6 and fields[:5] == ["0", "6", "*", "*", "1"]
    command = fields[5].replace("/path/to/cohen-analysis", shlex.quote(str(root)))
    assert not (root / "logs").exists() and not (root / "reports").exists()
    done = subprocess.run(["/bin/sh", "-c", command], env=env_for(root), capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, (done.stdout, done.stderr, (root / "logs" / "defectors.log").read_text() if (root / "logs" / "defectors.log").exists() else "")
    assert done.stdout == "" and done.stderr == ""  # cron mails any output: everything goes to the log
    log = (root / "logs" / "defectors.log").read_text()
    assert re.search(r"defectors \[default\] params/defectors/default\.yaml: ok in \d+\.\d s", log)
    assert "report: reports/defectors/default/report.html" in log
    assert (root / "reports" / "defectors" / "default" / "report.html").exists()
    assert 'href="defectors/default/report.html"' in (root / "reports" / "index.html").read_text()


def _staged_pids(reports: Path) -> set[int]:
    """The processes staging a report now (a staging folder is named ``<pid>-<notebook>-<set>-…``)."""
    return {int(p.parent.name.split("-", 1)[0]) for p in (reports / ".staging").glob("*/report")} if (reports / ".staging").exists() else set()


def test_reports_runs_its_list_in_long_lived_workers_and_a_failure_stops_only_its_report(project):
    """`cohen-analysis reports --jobs 2 FILES…`, as `make reports` calls it with Make's stale list."""
    reports = project / "reports"
    bad = project / "params" / "essay_figures" / "worker_bad.yaml"
    bad.write_text("topics: [weather]\n")
    try:
        done = cli(project, "reports", "--jobs", "2", "--no-data", "--no-index", "params/essay_figures/upr_only.yaml",
                   "params/essay_figures/worker_bad.yaml", "params/essay_figures/default.yaml", "params/essay_figures/upr_only.yaml")
    finally:
        bad.unlink()
    assert done.returncode == 1, done.stderr
    assert "3 report(s) to run, 2 at a time" in done.stderr  # the repeated file runs once
    assert "error: params/essay_figures/worker_bad.yaml: parameter topics has unknown value(s) ['weather']" in done.stderr
    assert "error: 1 of 3 report(s) failed" in done.stderr
    for name, claims in (("upr_only", 8), ("default", 20)):
        assert re.search(rf"essay_figures \[{name}\] params/essay_figures/{name}\.yaml: ok in ", done.stderr)
        metrics = json.loads((reports / "essay_figures" / name / "metrics.json").read_text())
        assert metrics["metrics"]["claims_checked"]["value"] == claims
    assert not (reports / "essay_figures" / "worker_bad").exists()
    # a draft, or a file of no notebook, is refused before anything runs
    draft = project / "draft.yaml"
    draft.write_text("topics: [UPR]\n")
    refused = cli(project, "reports", "--no-data", str(draft))
    assert refused.returncode == 2 and "run a draft with `cohen-analysis run`" in refused.stderr
    assert "report(s) to run" not in refused.stderr
    no_kernel = cli(project, "reports", "--no-data", "--kernel", "no-such-kernel", "params/essay_figures/upr_only.yaml")
    assert no_kernel.returncode == 3 and "Jupyter kernel 'no-such-kernel' is not installed" in no_kernel.stderr


def test_ctrl_c_stops_the_workers_and_leaves_the_previous_reports(project):
    reports = project / "reports"
    names = ("upr_only", "default")
    cli(project, "reports", "--no-data", "--no-index", *(f"params/essay_figures/{n}.yaml" for n in names))
    before = {n: state(reports / "essay_figures" / n) for n in names}
    proc = subprocess.Popen(
        [CA, "reports", "--jobs", "2", "--no-data", *(f"params/essay_figures/{n}.yaml" for n in names)], cwd=project,
        env=env_for(project), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    deadline = time.time() + 120
    while time.time() < deadline and len(_staged_pids(reports)) < 2:
        time.sleep(0.05)
    workers = _staged_pids(reports)
    assert len(workers) == 2 and proc.pid not in workers  # two worker processes, each staging a report
    time.sleep(1.0)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C sends to the command's process group
    _, err = proc.communicate(timeout=180)
    assert proc.returncode == 130, err
    assert "error: interrupted; the reports not yet rebuilt keep their previous version" in err
    assert {n: state(reports / "essay_figures" / n) for n in names} == before
    assert _staged_pids(reports) == set() and not (reports / ".publish.lock").exists()
    for pid in workers:  # the workers have stopped
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert "Traceback" not in err
