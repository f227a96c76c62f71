"""Measure the report build on this machine (run by `make bench`, not by `make test`).

In one run, in a scratch copy of the project:

1. the full clean build: ``make -j2 reports`` from nothing (data, every report, the site);
2. the no-op rebuild: ``make -j2 reports`` again with nothing changed;
3. each notebook (default parameters) under papermill, as the build runs it;
4. the same notebooks as plain Python scripts (same code, no kernel): the lower bound;
5. the same notebooks under ``jupyter nbconvert --execute`` (what a user would otherwise use).

It prints the median of several runs of each and the ratios to the lower bound. For the full
build, the bound is every report's plain-Python script plus the data build, run two at a time
(the build's parallelism). Targets: full build within 2x that bound; no-op under 0.5 s;
papermill no slower than nbconvert.

    python benchmarks/bench_build.py [--runs 3] [--full-runs 2] [--json results.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from project_copy import copy_project, env_for, make_in  # noqa: E402

BIN = ROOT / ".venv" / "bin"


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median_of(runs: int, fn, label: str) -> float:
    times = []
    for i in range(runs):
        times.append(timed(fn))
        print(f"  {label}: run {i + 1}/{runs} {times[-1]:.2f} s", file=sys.stderr, flush=True)
    return statistics.median(times)


def sh(args: list[str], project: Path, cwd: Path | None = None, **extra) -> None:
    """Run a command against the project copy (paths resolve there), in ``cwd`` (default: the copy)."""
    done = subprocess.run(args, cwd=cwd or project, env=env_for(project, **extra), capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} failed:\n{done.stderr[-3000:]}")


def plain_script(project: Path, notebook: Path, params: Path, out_dir: Path) -> Path:
    """The notebook with its parameters injected (papermill --prepare-only), as a Python script."""
    import nbformat
    import papermill as pm
    import yaml
    from nbconvert import PythonExporter

    prepared = out_dir / f"{notebook.stem}-{params.stem}.ipynb"
    parameters = yaml.safe_load(params.read_text()) or {}
    parameters["output_dir"] = str(out_dir / f"{notebook.stem}-{params.stem}")
    pm.execute_notebook(str(notebook), str(prepared), parameters=parameters, prepare_only=True, kernel_name="cohen-analysis")
    source, _ = PythonExporter().from_notebook_node(nbformat.read(prepared, as_version=4))
    script = prepared.with_suffix(".py")
    # a kernel provides display() as a builtin; a plain interpreter needs it imported
    script.write_text("from IPython.display import display\n" + source)
    return script


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median reported)")
    parser.add_argument("--full-runs", type=int, default=2, help="runs of the full clean build")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="cohen-bench-") as tmp:
        tmp = Path(tmp)
        project = copy_project(tmp / "project")
        reports = sorted(project.glob("params/*/*.yaml"))
        notebooks = sorted(project.glob("notebooks/*.ipynb"))
        print(f"{len(notebooks)} notebooks, {len(reports)} reports; {args.runs} runs each", file=sys.stderr)

        # 1-2. full clean build and no-op
        def full():
            make_in(project, "clean")
            make_in(project, "reports")

        full_s = median_of(args.full_runs, full, "full clean build (make -j2 reports)")
        noop_s = median_of(max(args.runs, 5), lambda: make_in(project, "reports"), "no-op rebuild")

        scripts_dir = tmp / "scripts"
        scripts_dir.mkdir()
        scripts = {p: plain_script(project, project / "notebooks" / f"{p.parent.name}.ipynb", p, scripts_dir) for p in reports}
        defaults = [project / "params" / nb.stem / "default.yaml" for nb in notebooks]

        rows = []
        for nb, params in zip(notebooks, defaults):
            out = tmp / "pm" / nb.stem
            out.mkdir(parents=True, exist_ok=True)
            papermill_s = median_of(args.runs, lambda: sh([BIN / "papermill", nb, out / "out.ipynb", "-f", params, "-p", "output_dir", str(out), "-k", "cohen-analysis", "--cwd", project / "notebooks", "--no-progress-bar"], project), f"{nb.stem} papermill")
            plain_s = median_of(args.runs, lambda: sh([BIN / "python", scripts[params]], project, project / "notebooks", MPLBACKEND="Agg"), f"{nb.stem} plain Python")
            nbconvert_s = median_of(args.runs, lambda: sh([BIN / "jupyter", "nbconvert", "--execute", "--to", "notebook", "--output-dir", str(out), "--output", "nbconvert", "--ExecutePreprocessor.kernel_name=cohen-analysis", nb], project, project / "notebooks"), f"{nb.stem} nbconvert")
            rows.append({"notebook": nb.stem, "papermill_s": papermill_s, "plain_python_s": plain_s, "nbconvert_s": nbconvert_s})

        # the full build's lower bound: data build + every report as a plain script, two at a time
        def bound():
            sh([BIN / "cohen-analysis", "data", "--force"], project)
            with ThreadPoolExecutor(max_workers=2) as pool:
                list(pool.map(lambda s: sh([BIN / "python", s], project, project / "notebooks", MPLBACKEND="Agg"), scripts.values()))

        bound_s = median_of(args.full_runs, bound, "plain-Python bound of the full build (2 workers)")

    machine = f"{platform.node()}: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
    print(f"\nMachine: {machine}\n")
    print(f"{'measure':44} {'median s':>9} {'x bound':>8}")
    print(f"{'full clean build (make -j2 reports)':44} {full_s:9.2f} {full_s / bound_s:8.2f}   target <= 2.00")
    print(f"{'plain-Python bound of the full build':44} {bound_s:9.2f} {1:8.2f}")
    print(f"{'no-op rebuild (make -j2 reports)':44} {noop_s:9.3f} {'':8}   target < 0.5 s")
    print()
    print(f"{'notebook':22} {'plain py':>9} {'papermill':>10} {'nbconvert':>10} {'pm/plain':>9} {'nbc/plain':>10} {'pm/nbc':>7}")
    for r in rows:
        print(
            f"{r['notebook']:22} {r['plain_python_s']:9.2f} {r['papermill_s']:10.2f} {r['nbconvert_s']:10.2f} "
            f"{r['papermill_s'] / r['plain_python_s']:9.2f} {r['nbconvert_s'] / r['plain_python_s']:10.2f} {r['papermill_s'] / r['nbconvert_s']:7.2f}"
        )
    result = {"machine": machine, "full_build_s": full_s, "full_build_bound_s": bound_s, "noop_s": noop_s, "notebooks": rows}
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
