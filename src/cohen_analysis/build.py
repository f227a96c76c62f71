"""Running notebooks into reports: parameter checks, papermill execution, HTML export, publishing.

One report is one notebook run with one parameter file. ``params/<notebook>/<set>.yaml`` gives the
report ``reports/<notebook>/<set>/`` (on the index); a parameter file anywhere else is a *draft*,
published under ``reports/drafts/<notebook>/<set>/`` and never on the index (``publish=True``
puts it there). :func:`run_scheduled` is the whole run path of ``cohen-analysis run``: resolve the
files, validate the parameters against the notebook's model (no kernel yet), check the kernel and
the data, execute, publish, refresh the index. It returns the exit code.

A run executes in a private staging folder. Publishing is one atomic switch: the report's content
goes to a versioned folder ``reports/.versions/<notebook>/<set>/<content hash>/`` and the symbolic
link ``reports/<notebook>/<set>`` is replaced, by one rename, with a link to it; the figures
folder ``reports/figures/<notebook>/<set>`` is a fixed link into the report's own ``figures/``. A
reader (also over ``file://``) sees the old or the new version whole, never a mix; what a killed
run leaves (staging folders, switch links, unreferenced versions) is removed by the next run. A
failed run leaves the previous report in place and keeps the executed notebook, error included,
under ``reports/failed/<notebook>/<set>.ipynb``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .io import atomic_path, atomic_write_text
from .paths import NOTEBOOKS_DIR, PARAMS_DIR, REPORTS_DIR, relative

log = logging.getLogger(__name__)

# nbformat (loaded by papermill and nbconvert) imports jsonschema, which imports the optional
# package rfc3987_syntax when it is installed (JupyterLab's dependencies install it) to check the
# "iri" string format. Building its grammar takes about 1 s, in every `cohen-analysis run`; no
# schema validated here uses that format (nbformat checks no string formats), so the run path
# does without it. A process that imported it before keeps it.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

KERNEL_NAME = "cohen-analysis"
#: Errors raised while a kernel starts, which a retry can cure (port races under parallel runs).
KERNEL_START_RETRIES = 3
#: Names that become folder names, URLs and HTML attributes: a notebook or parameter-set name.
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$")
#: The kernel's own log level: its start-up and shutdown messages are noise in a build log.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]

#: What every notebook imports first. A kernel started ahead of need (:func:`start_kernel`) imports
#: them while the run checks its data and parameters; the loop leaves no name in the namespace.
WARM_IMPORTS = ("pandas", "matplotlib.pyplot", "seaborn", "cohen_analysis.charts", "cohen_analysis.notebook")
_WARM_ARGUMENTS = [
    f"--IPKernelApp.exec_lines=for _module in {WARM_IMPORTS!r}: __import__(_module)",
    "--IPKernelApp.exec_lines=del _module",
]

#: Exit codes of ``cohen-analysis run``.
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_ENVIRONMENT = 0, 1, 2, 3


class BuildError(RuntimeError):
    """A report could not be built; the message names notebook, parameter set and cell."""


class UsageError(ValueError):
    """Bad arguments or parameters: nothing was run or written (exit code 2)."""


class EnvironmentProblem(RuntimeError):
    """The kernel is missing or the data could not be built (exit code 3)."""


@dataclass(frozen=True)
class ReportSpec:
    notebook: str  # stem of notebooks/<notebook>.ipynb
    param_set: str  # stem of the parameter file
    params_file: Path | None = None  # default: params/<notebook>/<set>.yaml
    draft: bool = False  # published under reports/drafts/, never on the index
    published_draft: bool = False  # a parameter file outside params/ put on the index (--publish)

    def __post_init__(self) -> None:
        for what, name in (("notebook", self.notebook), ("parameter set", self.param_set)):
            if not SAFE_NAME.match(name):
                raise UsageError(
                    f"{what} name {name!r} is not allowed: use letters, digits, '_' and '-' only "
                    "(it becomes a folder name and a link on the index)"
                )

    @property
    def notebook_path(self) -> Path:
        return NOTEBOOKS_DIR / f"{self.notebook}.ipynb"

    @property
    def params_path(self) -> Path:
        return self.params_file or PARAMS_DIR / self.notebook / f"{self.param_set}.yaml"

    @property
    def root(self) -> Path:
        return REPORTS_DIR / "drafts" if self.draft else REPORTS_DIR

    @property
    def report_dir(self) -> Path:
        return self.root / self.notebook / self.param_set

    @property
    def figures_dir(self) -> Path:
        return self.root / "figures" / self.notebook / self.param_set

    @property
    def versions_dir(self) -> Path:
        return self.root / ".versions" / self.notebook / self.param_set

    @property
    def failed_path(self) -> Path:
        return REPORTS_DIR / "failed" / ("drafts" if self.draft else "") / self.notebook / f"{self.param_set}.ipynb"

    @property
    def depth(self) -> int:
        """Folders between the report and the site root (for its links home)."""
        return 3 if self.draft else 2

    @property
    def label(self) -> str:
        return f"{self.notebook} [{self.param_set}]" + (" (draft)" if self.draft else "")

    @classmethod
    def from_paths(cls, notebook: str | Path, params: str | Path, *, publish: bool = False) -> "ReportSpec":
        """The report of running ``notebook`` with the parameter file ``params`` (any path).

        Raises :class:`UsageError` for a file that is not the project's notebook, a parameter
        file of another notebook's folder, or an unsafe name.
        """
        notebook, params = Path(notebook), Path(params)
        if notebook.suffix != ".ipynb" or not notebook.is_file():
            raise UsageError(f"{notebook}: not a notebook file (e.g. notebooks/defectors.ipynb)")
        if notebook.resolve() != (NOTEBOOKS_DIR / notebook.name).resolve():
            raise UsageError(f"{notebook}: not one of the project's notebooks (in {relative(NOTEBOOKS_DIR)}/)")
        if not params.is_file():
            raise UsageError(f"{params}: parameter file not found")
        if params.suffix not in {".yaml", ".yml"}:
            raise UsageError(f"{params}: a parameter file is a YAML file ending in .yaml")
        name = notebook.stem
        folder = params.resolve().parent
        params_root = PARAMS_DIR.resolve()
        if folder == params_root / name:
            return cls(name, params.stem, params.resolve())
        if folder == params_root or params_root in folder.parents:
            owner = folder.relative_to(params_root).parts[0] if folder != params_root else None
            hint = f"it belongs to notebooks/{owner}.ipynb" if owner else "parameter files live in params/<notebook>/"
            raise UsageError(
                f"{relative(params)}: not a parameter file of notebooks/{name}.ipynb ({hint}); "
                f"use a file in params/{name}/, or one outside params/ for a draft"
            )
        if publish:
            regular = PARAMS_DIR / name / f"{params.stem}.yaml"
            if regular.exists():
                raise UsageError(
                    f"{params}: --publish would replace the report of {relative(regular)}; rename the file"
                )
            return cls(name, params.stem, params.resolve(), published_draft=True)
        return cls(name, params.stem, params.resolve(), draft=True)


def project_path(path: Path) -> str:
    """``path`` relative to the project root *without* resolving links (a report's name, not its version)."""
    from .paths import PROJ_ROOT

    try:
        return Path(path).relative_to(PROJ_ROOT).as_posix()
    except ValueError:
        return relative(path)


def all_reports() -> list[ReportSpec]:
    """Every (notebook, parameter set) pair found under ``params/``; unsafe names are skipped with a warning."""
    specs = []
    for path in sorted(PARAMS_DIR.glob("*/*.yaml")):
        if not (NOTEBOOKS_DIR / f"{path.parent.name}.ipynb").exists():
            continue
        try:
            specs.append(ReportSpec(path.parent.name, path.stem))
        except UsageError as exc:
            log.warning("%s: skipped: %s", relative(path), exc)
    return specs


def read_parameters(path: Path) -> dict:
    """The mapping in a parameter file (raises :class:`UsageError` for unreadable or bad YAML)."""
    from .parameters import ParameterError, read_file

    try:
        return read_file(path)
    except ParameterError as exc:
        raise UsageError(str(exc)) from None


def validate_parameters(spec: ReportSpec, *, data: bool = True) -> dict:
    """The parameter file checked against the notebook's model: the values papermill will inject.

    Names must be the notebook's own parameters (identifiers): a key carrying code never reaches
    papermill's injected cell. Raises :class:`UsageError` with the file, the key and what is allowed.
    """
    from .parameters import ParameterError, validate

    values = read_parameters(spec.params_path)
    try:
        checked = validate(spec.notebook, values, source=relative(spec.params_path), data=data)
    except ParameterError as exc:
        raise UsageError(str(exc)) from None
    # only the names the file sets: the notebook's defaults stay in its parameters cell
    return {k: v for k, v in checked.model_dump().items() if k in values}


def check_kernel(kernel: str) -> None:
    """Raise :class:`EnvironmentProblem` when the Jupyter kernel ``kernel`` is not installed."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(kernel)
    except NoSuchKernel:
        raise EnvironmentProblem(
            f"Jupyter kernel {kernel!r} is not installed; `make venv` registers the kernel 'cohen-analysis'"
        ) from None


def _is_kernel_start_failure(exc: BaseException) -> bool:
    text = f"{type(exc).__name__}: {exc}".lower()
    return any(
        s in text
        for s in ("kernel didn't respond", "kernel died before replying", "address already in use", "zmqerror", "kernel failed to start", "no such kernel")
    ) and "papermillexecutionerror" not in text


def _stable_table_ids(text: str) -> str:
    """pandas Styler tables get a random id (``T_1a2b3``) unless ``set_uuid`` is called: number them
    in order of appearance instead, so two runs give the same notebook and HTML."""
    ids: dict[str, str] = {}

    def number(m: re.Match) -> str:
        return ids.setdefault(m.group(1), f"T_table{len(ids)}")

    return re.sub(r"\b(T_[0-9a-f]{5})(?![0-9a-zA-Z])", number, text)


def _coalesce_streams(outputs: list) -> list:
    """Join consecutive stdout (or stderr) outputs: how the kernel splits a stream depends on timing."""
    merged: list = []
    for out in outputs:
        prev = merged[-1] if merged else None
        if out.get("output_type") == "stream" and prev is not None and prev.get("output_type") == "stream" and prev.get("name") == out.get("name"):
            prev["text"] = "".join(prev["text"]) + "".join(out["text"])
        else:
            merged.append(out)
    return merged


def _strip_volatile(nb_path: Path, *, staging_dir: Path, final_dir: Path) -> None:
    """Make the executed notebook depend on its inputs only.

    Removes the run-time stamps papermill and nbclient write, gives cells ids from their position
    (papermill's injected cell has a random one), and replaces the private staging folder, which
    the injected ``output_dir`` names, by the report's published folder.
    """
    import nbformat

    text = nb_path.read_text(encoding="utf-8").replace(str(staging_dir), project_path(final_dir))
    text = re.sub(r" at 0x[0-9a-f]+>", ">", text)  # object reprs carry memory addresses
    text = _stable_table_ids(text)
    nb = nbformat.reads(text, as_version=4)
    pm = nb.metadata.get("papermill", {})
    for key in ("start_time", "end_time", "duration", "input_path", "output_path", "environment_variables", "version"):
        pm.pop(key, None)
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i:03d}"
        if cell.get("outputs"):
            cell.outputs = _coalesce_streams(cell.outputs)
        cell.metadata.pop("execution", None)
        cpm = cell.metadata.get("papermill", {})
        for key in ("start_time", "end_time", "duration", "exception", "status"):
            cpm.pop(key, None)
    with atomic_path(nb_path) as tmp:
        nbformat.write(nb, tmp)


#: The background thread of :func:`warm_export` (one per process).
_export_warmer: threading.Thread | None = None


def warm_export() -> None:
    """Ready the HTML export (nbconvert, the template, the Markdown parser) in a background thread.

    Started when the kernel begins to execute the notebook, when this process only waits for the
    kernel (so the thread does not compete for the interpreter with the run's own checks);
    :func:`export_html` waits for it, so the two never render at once.
    """
    global _export_warmer
    if _export_warmer is not None:
        return

    def work() -> None:
        try:
            from .report_html import warm

            warm()
        except Exception as exc:  # noqa: BLE001 - the real export reports any problem
            log.debug("warming the HTML export failed: %s", exc)

    _export_warmer = threading.Thread(target=work, name="warm-export", daemon=True)
    _export_warmer.start()


def export_html(nb_path: Path, html_path: Path, *, title: str, figures_href: str | None = None, depth: int = 2) -> None:
    """Export an executed notebook to the site's report page (code hidden; see :mod:`.report_html`).

    ``figures_href``: the report's figures folder relative to the page, for each chart's download line;
    ``depth``: folders between the page and the site root (3 for drafts).
    """
    from .report_html import export

    if _export_warmer is not None:
        _export_warmer.join()

    export(nb_path, html_path, title=title, depth=depth, figures_href=figures_href)


def start_kernel(kernel: str = KERNEL_NAME):
    """Start a fresh kernel for one report now, ahead of need; returns its manager, or ``None``.

    The kernel boots and imports :data:`WARM_IMPORTS` in its own process while this one checks the
    data and the parameters and imports papermill, so the first cell does not wait for either. It
    runs nothing of the notebook: every report still gets a kernel of its own. When it cannot be
    started here, ``None`` lets papermill start one (with its retries and messages).
    """
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name=kernel)
    try:
        km.start_kernel(extra_arguments=[*KERNEL_ARGUMENTS, *_WARM_ARGUMENTS], cwd=str(NOTEBOOKS_DIR))
    except Exception as exc:  # noqa: BLE001 - papermill starts one and reports what is wrong
        log.debug("kernel %s could not be started ahead of the run: %s", kernel, exc)
        return None
    return km


def stop_kernel(km) -> None:
    """Shut down a kernel from :func:`start_kernel` (already stopped or dead: nothing to do)."""
    if km is None:
        return
    with contextlib.suppress(Exception):
        if km.has_kernel:
            km.shutdown_kernel(now=True)
    with contextlib.suppress(Exception):
        km.cleanup_resources()


def _execute(spec: ReportSpec, out_nb: Path, parameters: dict, *, kernel: str, timeout: int, progress: bool, log_output: bool,
             km=None) -> None:
    """Run the notebook with papermill, in the kernel ``km`` when one was started ahead of need.

    A kernel that fails to start is retried (a fresh one each time); errors in cells are not.
    """
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    warm_export()
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
                # the kernel's start-up and shutdown warnings are not the report's business
                extra_arguments=list(KERNEL_ARGUMENTS),
                **({"km": km} if km is not None else {}),
            )
            return
        except PapermillExecutionError:
            raise
        except Exception as exc:  # noqa: BLE001 - only kernel start-up failures are retried
            if attempt < KERNEL_START_RETRIES and _is_kernel_start_failure(exc):
                stop_kernel(km)
                km = None  # papermill starts the next one
                log.warning("%s: kernel failed to start (%s); retry %d of %d", spec.label, exc, attempt, KERNEL_START_RETRIES - 1)
                time.sleep(1.0 * attempt)
                continue
            raise


def _remove_abandoned_staging(staging_root: Path) -> None:
    """Remove staging folders left by runs that were killed (their process no longer exists)."""
    if not staging_root.is_dir():
        return
    for folder in staging_root.iterdir():
        pid = folder.name.split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        if not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def publish_lock(root: Path = REPORTS_DIR):
    """Serialise publishing between processes: an advisory lock on the reports folder itself.

    Locking the folder (not a lock file) leaves nothing behind after success, failure or Ctrl-C;
    the lock dies with the process.
    """
    root.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: fall back to a lock file
        from filelock import FileLock

        with FileLock(str(root / ".publish.lock")):
            yield
        return
    fd = os.open(root, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def content_hash(folder: Path) -> str:
    """A digest of every file's relative path and bytes under ``folder`` (names the version)."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(path.relative_to(folder).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:16]


def _switch(tmp_link: Path, link: Path) -> None:
    """The one atomic step of publishing: rename the new link over the old one."""
    os.replace(tmp_link, link)


def _point(link: Path, target: str) -> None:
    """Make ``link`` a symbolic link to ``target`` (relative), replacing it atomically."""
    if link.is_symlink() and os.readlink(link) == target:
        return
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.exists() and not link.is_symlink():
        # a report folder of the layout before versioned publishing: moved aside once, removed below
        os.replace(link, link.parent / f".{link.name}.old-{os.getpid()}")
    tmp = link.parent / f".{link.name}.switch-{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(target, tmp)
    _switch(tmp, link)


def clean_debris(spec: ReportSpec) -> None:
    """Remove what interrupted publishing left: switch links, old folders, unreferenced versions.

    Call with the publish lock held: every complete version then is the current one.
    """
    for parent in (spec.report_dir.parent, spec.figures_dir.parent):
        if not parent.is_dir():
            continue
        for p in parent.glob(f".{spec.param_set}.*"):
            m = re.match(r".*\.(switch|old)-(\d+)$", p.name)
            if m and _alive(int(m.group(2))) and int(m.group(2)) != os.getpid():
                continue
            if p.is_symlink() or p.is_file():
                p.unlink()
            else:
                shutil.rmtree(p, ignore_errors=True)
    current = os.path.basename(os.readlink(spec.report_dir)) if spec.report_dir.is_symlink() else None
    if spec.versions_dir.is_dir():
        for version in spec.versions_dir.iterdir():
            if version.name != current:
                shutil.rmtree(version, ignore_errors=True) if version.is_dir() else version.unlink()
    legacy_lock = REPORTS_DIR / ".publish.lock"
    legacy_lock.unlink(missing_ok=True)


def publish(staged: Path, spec: ReportSpec) -> Path:
    """Publish the finished report folder ``staged`` (call with the publish lock held).

    The content moves to ``versions_dir/<hash>``; one rename switches ``report_dir`` to it. A
    report whose content did not change keeps its version (its ``metrics.json`` is touched, so
    that make sees it up to date).
    """
    clean_debris(spec)
    version = spec.versions_dir / content_hash(staged)
    if version.is_dir():
        shutil.rmtree(staged)
        os.utime(version / "metrics.json")
    else:
        version.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged, version)
    _point(spec.report_dir, os.path.relpath(version, spec.report_dir.parent))
    _point(spec.figures_dir, os.path.relpath(spec.report_dir / "figures", spec.figures_dir.parent))
    clean_debris(spec)
    return spec.report_dir


def unpublish(spec: ReportSpec) -> None:
    """Remove a published report: its link, its figures link and its versions."""
    for link in (spec.figures_dir, spec.report_dir):
        if link.is_symlink() or link.is_file():
            link.unlink()
        elif link.is_dir():
            shutil.rmtree(link)
    shutil.rmtree(spec.versions_dir, ignore_errors=True)
    for folder in (spec.versions_dir.parent, spec.report_dir.parent, spec.figures_dir.parent):
        with contextlib.suppress(OSError):
            folder.rmdir()


def prune_reports(root: Path = REPORTS_DIR) -> list[ReportSpec]:
    """Remove the published reports whose parameter file is gone (kept: drafts put on with --publish)."""
    from .site import SKIP_FOLDERS

    removed = []
    with publish_lock(root):
        for path in sorted(root.glob("*/*")):
            notebook, param_set = path.parts[-2], path.name
            if notebook in SKIP_FOLDERS or notebook.startswith(".") or notebook == "drafts" or param_set.startswith("."):
                continue
            if not (path.is_dir() and (path / "metrics.json").exists()):
                continue
            if (PARAMS_DIR / notebook / f"{param_set}.yaml").exists() or (path / PUBLISHED_DRAFT).exists():
                continue
            try:
                spec = ReportSpec(notebook, param_set)
            except UsageError:
                spec = None
            if spec is None:
                shutil.rmtree(path) if not path.is_symlink() else path.unlink()
                continue
            unpublish(spec)
            removed.append(spec)
            log.info("%s: removed from the reports (its parameter file is gone)", spec.label)
    return removed


#: Marker in a draft put on the index with ``--publish`` (names the parameter file's name).
PUBLISHED_DRAFT = "published-draft.txt"


def run_report(
    spec: ReportSpec,
    *,
    kernel: str = KERNEL_NAME,
    timeout: int = 600,
    progress: bool = False,
    log_output: bool = False,
    parameters: dict | None = None,
    km=None,
) -> Path:
    """Execute one report and publish it. Returns the published report folder.

    ``parameters`` are the validated values (see :func:`validate_parameters`; validated here
    when not given). ``km``: the report's kernel, started ahead of need (:func:`start_kernel`);
    the caller shuts it down. Raises :class:`BuildError` naming the notebook, the parameter set and the
    failing cell, :class:`UsageError` for bad parameters (before any kernel starts).
    """
    if not spec.notebook_path.exists():
        raise UsageError(f"{spec.label}: notebook {relative(spec.notebook_path)} not found")
    if not spec.params_path.exists():
        raise UsageError(f"{spec.label}: parameter file {relative(spec.params_path)} not found")
    parameters = dict(validate_parameters(spec) if parameters is None else parameters)
    staging_root = REPORTS_DIR / ".staging"
    staging_root.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_staging(staging_root)
    stage = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-{spec.notebook}-{spec.param_set}-", dir=staging_root))
    started = time.monotonic()
    result = "failed"
    try:
        out_dir = stage / "report"
        out_dir.mkdir()
        parameters["output_dir"] = str(out_dir)
        out_nb = out_dir / "notebook.ipynb"
        log.debug("%s: running %s with %s", spec.label, relative(spec.notebook_path), relative(spec.params_path))
        try:
            _execute(spec, out_nb, parameters, kernel=kernel, timeout=timeout, progress=progress, log_output=log_output, km=km)
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
                    figures_href="figures/", depth=spec.depth)
        (out_dir / "figures").mkdir(exist_ok=True)
        if not spec.draft:
            (out_dir / "deps.mk").write_text(_deps_rule(spec, metrics.get("datasets", [])), encoding="utf-8")
        if spec.published_draft:
            (out_dir / PUBLISHED_DRAFT).write_text(spec.params_path.name + "\n", encoding="utf-8")
        with publish_lock():
            if spec.failed_path.is_dir():
                shutil.rmtree(spec.failed_path, ignore_errors=True)
            else:
                spec.failed_path.unlink(missing_ok=True)
            publish(out_dir, spec)
        result = "ok"
        return spec.report_dir
    except KeyboardInterrupt:
        result = "interrupted"
        raise
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        with contextlib.suppress(OSError):
            staging_root.rmdir()  # only when no other run is staging
        log.info("%s %s: %s in %.1f s", spec.label, relative(spec.params_path), result, time.monotonic() - started)


def run_scheduled(
    notebook: str | Path,
    params: str | Path,
    *,
    publish: bool = False,
    index: bool = True,
    build_data: bool = True,
    kernel: str = KERNEL_NAME,
    timeout: int = 600,
    progress: bool = False,
    log_output: bool = False,
    echo=None,
) -> int:
    """The run path of ``cohen-analysis run``: one notebook, one parameter file; returns the exit code.

    In order, and stopping at the first problem: the files and names (2), the parameters against
    the notebook's model (2, before any kernel or data build), the kernel (3; it is started here,
    ahead of need), the processed data (3), the parameters' data-dependent bounds (2), the run (1),
    publishing, and the index (3).
    Errors go to ``echo`` (default: stderr) as ``error: <message>``.
    """
    from .errors import DataError

    def say(message: str) -> None:
        (echo or (lambda m: print(m, file=sys.stderr)))(message)

    km = None
    try:
        try:
            spec = ReportSpec.from_paths(notebook, params, publish=publish)
            validate_parameters(spec, data=False)
            check_kernel(kernel)
            km = start_kernel(kernel)  # it boots while the data and the parameters' bounds are checked
            if build_data:
                from . import registry

                try:
                    registry.build_all()
                except (DataError, KeyError) as exc:
                    raise EnvironmentProblem(f"the data could not be built: {exc}") from None
            parameters = validate_parameters(spec)
        except UsageError as exc:
            say(f"error: {exc}\n  nothing was run or written")
            return EXIT_USAGE
        except EnvironmentProblem as exc:
            say(f"error: {exc}")
            return EXIT_ENVIRONMENT
        try:
            out = run_report(spec, kernel=kernel, timeout=timeout, progress=progress, log_output=log_output, parameters=parameters, km=km)
        except BuildError as exc:
            say(f"error: {exc}")
            return EXIT_FAILED
    finally:
        stop_kernel(km)
    say(f"report: {project_path(out / 'report.html')}")
    if index and not spec.draft:
        try:
            refresh_index()
        except Exception as exc:  # noqa: BLE001 - the report is published; the index is the problem
            say(f"error: the report is published but the index could not be rebuilt: {type(exc).__name__}: {exc}")
            return EXIT_ENVIRONMENT
    return EXIT_OK


def refresh_index(*, stamp: bool = True, pages=None) -> Path:
    """Rebuild the site pages (``pages``, default all: see ``site.PAGES``).

    With the index page: first drop the reports whose parameter file is gone and write the build stamp.
    Raises ValueError for an unknown page, before anything is changed.
    """
    from .site import PAGES, build_index, check_pages

    pages = check_pages(PAGES if pages is None else pages)  # before anything is pruned or written
    if "index" in pages:
        prune_reports()
        if stamp:
            write_build_stamp()
    return build_index(pages=pages)


def _deps_rule(spec: ReportSpec, datasets: list[str]) -> str:
    """A Makefile rule: this report depends on the processed datasets its run read."""
    target = project_path(spec.report_dir / "metrics.json")
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


__all__ = [
    "BuildError", "EnvironmentProblem", "ReportSpec", "UsageError", "all_reports", "export_html", "prune_reports",
    "publish", "refresh_index", "run_report", "run_scheduled", "validate_parameters", "write_build_stamp",
]
