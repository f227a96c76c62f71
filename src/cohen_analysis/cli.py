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


@app.command()
def run(
    notebook: Annotated[Path, typer.Argument(help="Notebook, e.g. notebooks/defectors.ipynb")],
    params: Annotated[Path, typer.Argument(help="Parameter file, e.g. params/defectors/default.yaml")],
    timeout: Annotated[int, typer.Option(help="Seconds a single cell may run before the run fails.")] = 600,
    kernel: Annotated[str, typer.Option(help="Jupyter kernel name.")] = "cohen-analysis",
    progress: Annotated[bool, typer.Option(help="Show a progress bar of cells.")] = True,
    log_output: Annotated[bool, typer.Option(help="Copy each cell's output to the log (stderr).")] = True,
    index: Annotated[bool, typer.Option(help="Rebuild reports/index.html afterwards.")] = False,
) -> None:
    """Run ONE notebook with ONE parameter file and publish its report (for scheduled runs).

    The report goes to reports/<notebook>/<set>/ (executed notebook, HTML with code hidden,
    metrics.json) and its figures to reports/figures/<notebook>/<set>/. Logs go to stderr.

    Exit codes: 0 success; 1 the notebook failed (the executed notebook with the error is kept
    under reports/failed/, the previous report stays); 2 bad arguments.
    """
    from .build import BuildError, ReportSpec, run_report
    from .site import build_index

    _logging()
    if notebook.suffix != ".ipynb" or not notebook.exists():
        _fail(f"{notebook}: not a notebook file", 2)
    if not params.exists():
        _fail(f"{params}: parameter file not found", 2)
    spec = ReportSpec.from_paths(notebook, params)
    try:
        out = run_report(spec, kernel=kernel, timeout=timeout, progress=progress, log_output=log_output)
    except BuildError as exc:
        _fail(str(exc), 1)
    typer.echo(f"report: {out / 'report.html'}")
    if index:
        build_index()


@app.command(name="index")
def index_cmd(
    stamp: Annotated[bool, typer.Option(help="Record the build time in reports/build.json (shown in the footer).")] = True,
) -> None:
    """Rebuild reports/index.html and reports/sources.html from the published reports.

    The build time in reports/build.json is the only time any page shows; set SOURCE_DATE_EPOCH
    to fix it, or use --no-stamp to leave the previous one.
    """
    from .build import write_build_stamp
    from .site import build_index

    if stamp:
        write_build_stamp()
    typer.echo(f"wrote {build_index()}")


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
    timeout: Annotated[int, typer.Option(help="Seconds a single cell may run.")] = 600,
) -> None:
    """Build every report (all notebooks x all parameter sets) in sequence; `make reports` does the same in parallel."""
    from . import registry
    from .build import BuildError, all_reports, run_report, write_build_stamp
    from .site import build_index

    _logging()
    registry.build_all()
    specs = all_reports()
    failures = []
    for i, spec in enumerate(specs, 1):
        typer.echo(f"[{i}/{len(specs)}] {spec.label}")
        try:
            run_report(spec, timeout=timeout, progress=False)
        except BuildError as exc:
            failures.append(str(exc))
            typer.secho(str(exc), fg=typer.colors.RED, err=True)
    write_build_stamp()
    build_index()
    if failures:
        _fail(f"{len(failures)} of {len(specs)} report(s) failed", 1)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
