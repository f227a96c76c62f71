"""Running notebooks into reports: papermill execution, HTML export, and safe publishing.

One report is one notebook run with one parameter file, ``params/<notebook>/<set>.yaml``. A run
executes in a private staging folder; only a run that succeeds replaces the published report
(``reports/<notebook>/<set>/``) and its figures (``reports/figures/<notebook>/<set>/``). A failed
run leaves the previous report in place and keeps the executed notebook, error included, under
``reports/failed/<notebook>/<set>.ipynb``.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from .io import atomic_path, atomic_write_text
from .paths import NOTEBOOKS_DIR, PARAMS_DIR, PROJ_ROOT, REPORTS_DIR, relative

log = logging.getLogger(__name__)

KERNEL_NAME = "cohen-analysis"
#: Errors raised while a kernel starts, which a retry can cure (port races under parallel runs).
KERNEL_START_RETRIES = 3


class BuildError(RuntimeError):
    """A report could not be built; the message names notebook, parameter set and cell."""


@dataclass(frozen=True)
class ReportSpec:
    notebook: str  # stem of notebooks/<notebook>.ipynb
    param_set: str  # stem of params/<notebook>/<set>.yaml

    @property
    def notebook_path(self) -> Path:
        return NOTEBOOKS_DIR / f"{self.notebook}.ipynb"

    @property
    def params_path(self) -> Path:
        return PARAMS_DIR / self.notebook / f"{self.param_set}.yaml"

    @property
    def report_dir(self) -> Path:
        return REPORTS_DIR / self.notebook / self.param_set

    @property
    def figures_dir(self) -> Path:
        return REPORTS_DIR / "figures" / self.notebook / self.param_set

    @property
    def failed_path(self) -> Path:
        return REPORTS_DIR / "failed" / self.notebook / f"{self.param_set}.ipynb"

    @property
    def label(self) -> str:
        return f"{self.notebook} [{self.param_set}]"

    @classmethod
    def from_paths(cls, notebook: str | Path, params: str | Path) -> "ReportSpec":
        notebook, params = Path(notebook), Path(params)
        return cls(notebook.stem, params.stem)


def all_reports() -> list[ReportSpec]:
    """Every (notebook, parameter set) pair found under ``params/``."""
    specs = []
    for path in sorted(PARAMS_DIR.glob("*/*.yaml")):
        spec = ReportSpec(path.parent.name, path.stem)
        if spec.notebook_path.exists():
            specs.append(spec)
    return specs


def read_parameters(path: Path) -> dict:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise BuildError(f"{relative(path)}: cannot read parameters: {exc}") from None
    if not isinstance(data, dict):
        raise BuildError(f"{relative(path)}: parameters must be a mapping of name: value")
    return data


def _is_kernel_start_failure(exc: BaseException) -> bool:
    text = f"{type(exc).__name__}: {exc}".lower()
    return any(
        s in text
        for s in ("kernel didn't respond", "kernel died before replying", "address already in use", "zmqerror", "kernel failed to start", "no such kernel")
    ) and "papermillexecutionerror" not in text


def _strip_volatile(nb_path: Path, *, staging_dir: Path, final_dir: Path) -> None:
    """Make the executed notebook depend on its inputs only.

    Removes the run-time stamps papermill and nbclient write, gives cells ids from their position
    (papermill's injected cell has a random one), and replaces the private staging folder, which
    the injected ``output_dir`` names, by the report's published folder.
    """
    import nbformat

    text = nb_path.read_text(encoding="utf-8").replace(str(staging_dir), relative(final_dir))
    text = re.sub(r" at 0x[0-9a-f]+>", ">", text)  # object reprs carry memory addresses
    nb = nbformat.reads(text, as_version=4)
    pm = nb.metadata.get("papermill", {})
    for key in ("start_time", "end_time", "duration", "input_path", "output_path", "environment_variables", "version"):
        pm.pop(key, None)
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i:03d}"
        cell.metadata.pop("execution", None)
        cpm = cell.metadata.get("papermill", {})
        for key in ("start_time", "end_time", "duration", "exception", "status"):
            cpm.pop(key, None)
    with atomic_path(nb_path) as tmp:
        nbformat.write(nb, tmp)


def export_html(nb_path: Path, html_path: Path, *, title: str, figures_href: str | None = None) -> None:
    """Export an executed notebook to the site's report page (code hidden; see :mod:`.report_html`).

    ``figures_href``: the report's figures folder relative to the page, for each chart's download line.
    """
    from .report_html import export

    export(nb_path, html_path, title=title, figures_href=figures_href)


def _execute(spec: ReportSpec, out_nb: Path, parameters: dict, *, kernel: str, timeout: int, progress: bool, log_output: bool) -> None:
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    for attempt in range(1, KERNEL_START_RETRIES + 1):
        try:
            pm.execute_notebook(
                str(spec.notebook_path),
                str(out_nb),
                parameters=parameters,
                kernel_name=kernel,
                execution_timeout=timeout,
                log_output=log_output,
                progress_bar=progress,
                cwd=str(NOTEBOOKS_DIR),
                start_timeout=120,
                # the notebook is written once at the end (and on failure), not after every cell
                request_save_on_cell_execute=False,
            )
            return
        except PapermillExecutionError:
            raise
        except Exception as exc:  # noqa: BLE001 - only kernel start-up failures are retried
            if attempt < KERNEL_START_RETRIES and _is_kernel_start_failure(exc):
                log.warning("%s: kernel failed to start (%s); retry %d of %d", spec.label, exc, attempt, KERNEL_START_RETRIES - 1)
                time.sleep(1.0 * attempt)
                continue
            raise


def _remove_abandoned_staging(staging_root: Path) -> None:
    """Remove staging folders left by runs that were killed (their process no longer exists)."""
    for folder in staging_root.iterdir():
        pid = folder.name.split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:
            pass


def _replace_dir(new: Path, target: Path) -> None:
    """Put ``new`` at ``target``; the old content is swapped out by renames, then removed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
        os.replace(target, old / "content")
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def run_report(
    spec: ReportSpec, *, kernel: str = KERNEL_NAME, timeout: int = 600, progress: bool = False, log_output: bool = False
) -> Path:
    """Execute one report and publish it. Returns the published report folder.

    Raises :class:`BuildError` naming the notebook, the parameter set and the failing cell.
    """
    from filelock import FileLock

    if not spec.notebook_path.exists():
        raise BuildError(f"{spec.label}: notebook {relative(spec.notebook_path)} not found")
    if not spec.params_path.exists():
        raise BuildError(f"{spec.label}: parameter file {relative(spec.params_path)} not found")
    parameters = read_parameters(spec.params_path)
    staging_root = REPORTS_DIR / ".staging"
    staging_root.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_staging(staging_root)
    stage = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-{spec.notebook}-{spec.param_set}-", dir=staging_root))
    try:
        out_dir = stage / "report"
        out_dir.mkdir()
        parameters["output_dir"] = str(out_dir)
        out_nb = out_dir / "notebook.ipynb"
        log.info("%s: running %s with %s", spec.label, relative(spec.notebook_path), relative(spec.params_path))
        started = time.monotonic()
        try:
            _execute(spec, out_nb, parameters, kernel=kernel, timeout=timeout, progress=progress, log_output=log_output)
        except Exception as exc:
            from papermill.exceptions import PapermillExecutionError

            if out_nb.exists():
                spec.failed_path.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(out_nb, spec.failed_path)
            if isinstance(exc, PapermillExecutionError):
                where = f"cell {exc.cell_index} (execution count {exc.exec_count})"
                raise BuildError(
                    f"{spec.label}: notebook {relative(spec.notebook_path)} with {relative(spec.params_path)} "
                    f"failed in {where}: {exc.ename}: {exc.evalue}\n"
                    f"  the executed notebook is kept at {relative(spec.failed_path)}; "
                    f"the previous report stays in place"
                ) from None
            raise BuildError(f"{spec.label}: run failed before completion: {type(exc).__name__}: {exc}") from exc
        _strip_volatile(out_nb, staging_dir=out_dir, final_dir=spec.report_dir)
        metrics_path = out_dir / "metrics.json"
        if not metrics_path.exists():
            raise BuildError(f"{spec.label}: the notebook did not write metrics.json (call nb.write_metrics())")
        metrics = json.loads(metrics_path.read_text(encoding="utf-8"))
        title = metrics.get("title") or spec.notebook.replace("_", " ").capitalize()
        from .site import set_title

        export_html(out_nb, out_dir / "report.html", title=f"{title}: {set_title(spec.notebook, spec.param_set)}",
                    figures_href=f"../../figures/{spec.notebook}/{spec.param_set}/")
        figures = out_dir / "figures"
        if not figures.exists():
            figures.mkdir()
        (out_dir / "deps.mk").write_text(_deps_rule(spec, metrics.get("datasets", [])), encoding="utf-8")
        with FileLock(str(REPORTS_DIR / ".publish.lock")):
            shutil.rmtree(spec.failed_path, ignore_errors=True) if spec.failed_path.is_dir() else spec.failed_path.unlink(missing_ok=True)
            _replace_dir(figures, spec.figures_dir)
            _replace_dir(out_dir, spec.report_dir)
        log.info("%s: done in %.1f s -> %s", spec.label, time.monotonic() - started, relative(spec.report_dir))
        return spec.report_dir
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _deps_rule(spec: ReportSpec, datasets: list[str]) -> str:
    """A Makefile rule: this report depends on the processed datasets its run read."""
    target = relative(spec.report_dir / "metrics.json")
    deps = " ".join(f"data/processed/{d}.parquet" for d in sorted(datasets))
    return f"{target}: {deps}\n"


def write_build_stamp(root: Path = REPORTS_DIR) -> Path:
    """Write the one declared build-time stamp, ``reports/build.json``; nothing else carries the time.

    ``SOURCE_DATE_EPOCH`` (seconds since 1970), when set, fixes it for reproducible builds.
    """
    stamp = os.environ.get("SOURCE_DATE_EPOCH")
    when = time.gmtime(int(stamp)) if stamp else time.gmtime()
    path = root / "build.json"
    atomic_write_text(path, json.dumps({"built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", when)}) + "\n")
    return path


__all__ = ["BuildError", "ReportSpec", "all_reports", "run_report", "export_html", "write_build_stamp"]
