"""The ``cohen-analysis`` command: build data, run notebooks into reports, check raw files."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(
    help="Sourced data and reports around Roberta Cohen's essay on human rights in North Korea.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _logging(verbose: bool = False) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        datefmt="%H:%M:%S",
        stream=sys.stderr,
    )
    for noisy in ("traitlets", "asyncio", "matplotlib", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def relative_path(path: Path) -> str:
    from .paths import relative

    return relative(path)


def _fail(message: str, code: int = 1) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


@app.command()
def data(
    only: Annotated[Optional[list[str]], typer.Option("--only", help="Build only this dataset (repeatable).")] = None,
    force: Annotated[bool, typer.Option(help="Rebuild even when up to date.")] = False,
) -> None:
    """Build the processed datasets (CSV + Parquet + data dictionary) in data/processed/.

    Only datasets whose inputs changed in content (raw files, metadata, cleaner code), or whose
    processed files are missing or differ from data/processed/manifest.json, are rebuilt. Every file
    is replaced atomically: a failed build leaves the previous files untouched.
    """
    from . import registry
    from .errors import DataError

    _logging()
    try:
        if only:
            for name in only:
                changed = registry.refresh(name, force=force)
                typer.echo(f"{name}: {'built' if changed else 'up to date'}")
        else:
            names = registry.datasets()
            done = []

            def progress(name: str, changed: bool) -> None:
                done.append(name)
                typer.echo(f"[{len(done)}/{len(names)}] {name}: {'built' if changed else 'up to date'}")

            registry.build_all(force=force, progress=progress)
    except (DataError, KeyError) as exc:
        _fail(str(exc))


@app.command()
def datasets() -> None:
    """List the processed datasets with their descriptions."""
    from . import registry

    for name in registry.datasets():
        typer.echo(f"{name:28} {registry.get(name).description}")


@app.command()
def check() -> None:
    """Validate the origin metadata and checksum of every raw file."""
    from .errors import DataError
    from .metadata import raw_files, read_origin
    from .paths import relative

    problems = 0
    for path in raw_files():
        try:
            read_origin(path)
            typer.echo(f"ok      {relative(path)}")
        except DataError as exc:
            problems += 1
            typer.secho(f"FAILED  {exc}", fg=typer.colors.RED, err=True)
    if problems:
        raise typer.Exit(1)


@app.command()
def checksum(files: Annotated[Optional[list[Path]], typer.Argument(help="Raw files (default: all).")] = None) -> None:
    """Write the current SHA-256 of raw files into their metadata, after an intended edit."""
    from .metadata import raw_files, update_checksum
    from .paths import relative

    for path in files or raw_files():
        changed = update_checksum(path)
        typer.echo(f"{'updated ' if changed else 'same    '}{relative(path)}")


def _not_a_dead_kernel_echo(record: logging.LogRecord) -> bool:
    """Drop asyncio's "Task exception was never retrieved" for a kernel that died.

    When Ctrl-C reaches the kernel with the run, a task still watching it can fail with
    DeadKernelError after the run has stopped; asyncio then logs that with a traceback. The run's
    own message already says what happened (interrupted, or the kernel died: exit 1), so the echo
    only frightens a reader of the log.
    """
    exc = record.exc_info[1] if record.exc_info else None
    return not (exc is not None and type(exc).__name__ == "DeadKernelError")


def _run_logging(log_output: bool) -> None:
    """One line per report; papermill's lines only with --log-output (they are the cells' output)."""
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s", datefmt="%Y-%m-%d %H:%M:%S", stream=sys.stderr)
    logging.getLogger("cohen_analysis").setLevel(logging.INFO)
    logging.getLogger("papermill").setLevel(logging.INFO if log_output else logging.WARNING)
    for noisy in ("traitlets", "asyncio", "matplotlib", "fontTools", "nbclient", "jupyter_client"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    asyncio_log = logging.getLogger("asyncio")
    if _not_a_dead_kernel_echo not in asyncio_log.filters:
        asyncio_log.addFilter(_not_a_dead_kernel_echo)


def _params_help() -> str:
    """The parameters of every notebook, from their models (the README tables give their meaning)."""
    from .parameters import MODELS, describe

    def esc(text: str) -> str:  # rich markup: a literal "[" is written "\\["
        return text.replace("[", "\\[")

    lines = ["Parameters of each notebook (name: type = default; README.md gives their meaning):"]
    for name in MODELS:
        items = "; ".join(f"{p}: {t} = {d}" for p, t, d, _ in describe(name) if p != "output_dir")
        lines.append(esc(f"notebooks/{name}.ipynb: {items}"))
    return "\n\n".join(lines)


_RUN_HELP = (
    "Run ONE notebook with ONE parameter file and publish its report (for scheduled runs).\n\n"
    "The parameter file is checked against the notebook's parameters before any kernel starts, and against the data's years once the data is up to date: unknown names, wrong types, values out of range and bad YAML stop the run with exit code 2, naming the file, the parameter and what is allowed; nothing is written.\n\n"
    "A file in params/<notebook>/ gives reports/<notebook>/<set>/ (executed notebook, HTML with code hidden, metrics.json, figures, also linked as reports/figures/<notebook>/<set>/), and the index is refreshed. A file anywhere else is a draft: reports/drafts/<notebook>/<set>/, never on the index, unless --publish. The report's name <set> is the file's name without .yaml.\n\n"
    "Logs go to stderr: one line per report (name, parameter file, result, seconds).\n\n"
    "Exit codes: 0 success; 1 the notebook failed (the executed notebook with the error is kept under reports/failed/, the previous report stays); 2 bad arguments or parameters; 3 environment problem (Jupyter kernel missing, data build failed)."
)


@app.command(help=_RUN_HELP, epilog=_params_help())
def run(
    notebook: Annotated[Path, typer.Argument(help="Notebook, e.g. notebooks/defectors.ipynb")],
    params: Annotated[Path, typer.Argument(help="Parameter file (YAML), e.g. params/defectors/default.yaml or any path for a draft")],
    timeout: Annotated[int, typer.Option(help="Seconds a single cell may run before the run fails.")] = 600,
    kernel: Annotated[str, typer.Option(help="Jupyter kernel name.")] = "cohen-analysis",
    progress: Annotated[Optional[bool], typer.Option(help="Show a progress bar of cells (default: when stderr is a terminal).")] = None,
    log_output: Annotated[bool, typer.Option(help="Copy each cell's output to the log (stderr).")] = False,
    index: Annotated[bool, typer.Option(help="Refresh reports/index.html after publishing (drafts never appear on it).")] = True,
    publish: Annotated[bool, typer.Option(help="Put a draft (a parameter file outside params/) on the index.")] = False,
    data: Annotated[bool, typer.Option(help="Build the processed data first when out of date (`make` builds it itself).")] = True,
) -> None:
    from .build import run_scheduled

    _run_logging(log_output)
    show = sys.stderr.isatty() if progress is None else progress
    try:
        code = run_scheduled(
            notebook, params, publish=publish, index=index, build_data=data, kernel=kernel, timeout=timeout,
            progress=show, log_output=log_output, echo=lambda m: typer.secho(m, fg=typer.colors.RED if m.startswith("error") else None, err=True),
        )
    except KeyboardInterrupt:
        typer.secho("error: interrupted; the previous report stays in place", fg=typer.colors.RED, err=True)
        raise typer.Exit(130) from None
    raise typer.Exit(code)


@app.command(name="index")
def index_cmd(
    stamp: Annotated[bool, typer.Option(help="Record the build time in reports/build.json (no page shows it).")] = True,
    page: Annotated[Optional[list[str]], typer.Option(
        help="Rebuild only this page (repeatable): index (from the published reports), sources (from the raw "
             "files' metadata) or data (from the processed datasets). Default: all three.")] = None,
) -> None:
    """Rebuild the site's pages: reports/index.html, reports/sources.html and reports/data.html.

    With the index page, reports whose parameter file is gone are removed first (drafts put on
    with --publish stay). `make reports` rebuilds each page only when what it is made from changed.

    The build time in reports/build.json is the only time the build records (no page shows it);
    set SOURCE_DATE_EPOCH to fix it, or use --no-stamp to leave the previous one.
    """
    from .build import refresh_index
    from .paths import REPORTS_DIR
    from .site import PAGES, check_pages

    _run_logging(False)
    try:
        pages = check_pages(page or PAGES)
        refresh_index(stamp=stamp, pages=pages)
    except ValueError as exc:
        _fail(str(exc), 2)
    for name in pages:
        typer.echo(f"wrote {relative_path(REPORTS_DIR / f'{name}.html')}")


@app.command(name="make-deps")
def make_deps() -> None:
    """Print Makefile variables: the processed datasets and every file they are built from."""
    from . import registry
    from .paths import relative

    inputs: list[str] = []
    for name in registry.datasets():
        inputs += [relative(p) for p in registry.get(name).inputs if relative(p) not in inputs]
    typer.echo("DATA_INPUTS := " + " ".join(inputs))
    typer.echo("DATASETS := " + " ".join(f"data/processed/{n}.parquet" for n in registry.datasets()))


@app.command()
def reports(
    params: Annotated[Optional[list[Path]], typer.Argument(help="Parameter files in params/<notebook>/ (default: every one).", show_default=False)] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Reports run at once, each worker a long-lived process (0: one per core).", min=0)] = 1,
    timeout: Annotated[int, typer.Option(help="Seconds a single cell may run.")] = 600,
    kernel: Annotated[str, typer.Option(help="Jupyter kernel name.")] = "cohen-analysis",
    data: Annotated[bool, typer.Option(help="Build the processed data first when out of date (`make` builds it itself).")] = True,
    index: Annotated[bool, typer.Option(help="Rebuild the site's pages afterwards (`make` rebuilds each when its inputs changed).")] = True,
) -> None:
    """Run many reports (default: every notebook x every parameter set) and publish each; `make reports` runs the stale ones with this.

    The reports are run by --jobs workers that stay alive for the whole list, so the interpreter,
    papermill and the checks are loaded once per worker, not once per report. Each report still
    gets a fresh kernel of its own, started while the report before it runs, and is published
    atomically as `cohen-analysis run` publishes it. A failed report does not stop the others;
    the exit code is then 1 (2: a file that is not a parameter file of params/<notebook>/;
    3: the Jupyter kernel is missing or the data could not be built; 130: interrupted).
    """
    from .build import EnvironmentProblem, UsageError, all_reports, check_kernel, refresh_index
    from .errors import DataError
    from .worker import run_reports, spec_for

    _run_logging(False)
    try:
        specs = list(dict.fromkeys(spec_for(p) for p in params)) if params else all_reports()
    except UsageError as exc:
        _fail(f"{exc}\n  nothing was run or written", 2)
    try:
        check_kernel(kernel)
    except EnvironmentProblem as exc:
        _fail(f"{exc}\n  nothing was run or written", 3)
    if data:
        from . import registry  # imported only here: the first kernel starts sooner without it

        try:
            registry.build_all()
        except (DataError, KeyError) as exc:
            _fail(f"the data could not be built: {exc}", 3)
    try:
        failures = run_reports(specs, jobs=jobs, kernel=kernel, timeout=timeout, on_error=lambda m: typer.secho(f"error: {m}", fg=typer.colors.RED, err=True))
    except KeyboardInterrupt:
        _fail("interrupted; the reports not yet rebuilt keep their previous version", 130)
    if index:
        refresh_index()
    if failures:
        _fail(f"{len(failures)} of {len(specs)} report(s) failed", 1)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
