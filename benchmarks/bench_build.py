"""Measure the report build and the test suite on this machine (run by `make bench`, not by `make test`).

In one run, in a scratch copy of the project:

1. the full clean build: ``make -j2 reports`` from nothing (data, every report, the site);
2. the no-op rebuild: ``make -j2 reports`` again with nothing changed;
3. the rebuild after touching one parameter file (that report alone, and the index);
4. each notebook (default parameters) under papermill, as the build runs it, with the breakdown
   of one report's time (interpreter start, imports, kernel start, execution, figure saving,
   HTML export; see ``benchmarks/report_phases.py``) and the whole ``cohen-analysis run``;
5. the same notebooks as plain Python scripts (same code, no kernel): the lower bound;
6. the same notebooks under ``jupyter nbconvert --execute`` (what a user would otherwise use);
7. the test suite on a fresh clone (``git clone`` of this checkout's HEAD, the shared ``.venv``):
   its wall time and its ten slowest tests.

It prints the median of several runs of each and the ratios to the lower bound. For the full
build, the bound is every report's plain-Python script plus the data build, run two at a time
(the build's parallelism). Targets: full build within 1.25x that bound; the one-report rebuild
within 1.5x that report's script; no-op under 0.1 s; the suite under 150 s.

    python benchmarks/bench_build.py [--runs 3] [--full-runs 2] [--no-suite] [--json results.json]
"""

from __future__ import annotations

import argparse
import cProfile  # noqa: F401 - run as `python -m cProfile` on the plain scripts
import json
import os
import platform
import pstats
import re
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


def sh(args: list[str], project: Path, cwd: Path | None = None, **extra) -> str:
    """Run a command against the project copy (paths resolve there), in ``cwd`` (default: the copy); its stdout."""
    done = subprocess.run(args, cwd=cwd or project, env=env_for(project, **extra), capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def median_dict(runs: int, fn, label: str) -> dict:
    """Median, key by key, of ``runs`` results of ``fn()`` (a dict of seconds)."""
    results = []
    for i in range(runs):
        results.append(fn())
        print(f"  {label}: run {i + 1}/{runs} " + " ".join(f"{k}={v:.2f}" for k, v in results[-1].items()), file=sys.stderr, flush=True)
    return {k: statistics.median(r[k] for r in results) for k in results[0]}


def savefig_share(project: Path, script: Path, out: Path) -> float:
    """The share of the plain script's time spent in matplotlib's ``Figure.savefig`` (under cProfile)."""
    prof = out / f"{script.stem}.prof"
    sh([BIN / "python", "-m", "cProfile", "-o", str(prof), str(script)], project, project / "notebooks", MPLBACKEND="Agg")
    stats = pstats.Stats(str(prof))
    total = max(stats.total_tt, 1e-9)
    saving = sum(ct for (file, _, name), (_, _, _, ct, _) in stats.stats.items() if name == "savefig" and file.endswith("figure.py"))
    return min(saving / total, 1.0)


def run_suite(tmp: Path) -> dict:
    """The test suite on a fresh clone of this checkout's HEAD: wall time and the ten slowest tests."""
    clone = tmp / "clone" / "cohen-analysis"
    clone.parent.mkdir(parents=True)
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    (clone / ".venv").symlink_to(ROOT / ".venv")
    env = {**os.environ, "PYTHONPATH": str(clone / "src")}
    for key in ("COHEN_ANALYSIS_ROOT", "MAKEFLAGS", "MAKELEVEL"):
        env.pop(key, None)
    start = time.perf_counter()
    done = subprocess.run([str(BIN / "python"), "-m", "pytest", "-q", "--durations=10"], cwd=clone, env=env,
                          capture_output=True, text=True, timeout=7200)
    wall = time.perf_counter() - start
    slowest = []
    if "slowest 10 durations" in done.stdout:
        section = done.stdout.split("slowest 10 durations", 1)[1]
        for line in section.splitlines()[1:]:
            m = re.match(r"^\s*(\d+\.\d+)s (\w+)\s+(\S.*)$", line)
            if m:
                slowest.append({"seconds": float(m.group(1)), "phase": m.group(2), "test": m.group(3)})
            elif slowest:
                break
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    return {"wall_s": wall, "returncode": done.returncode, "summary": summary, "slowest": slowest}


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


def measure_notebooks(runs: int, project: Path, notebooks: list[Path], scripts: dict[Path, Path], out_dir: Path) -> list[dict]:
    """Each notebook with its default parameters: papermill, plain script, nbconvert, a whole run, its phases."""
    defaults = [project / "params" / nb.stem / "default.yaml" for nb in notebooks]
    interpreter_s = median_of(max(runs, 5), lambda: sh([BIN / "python", "-c", "pass"], project), "interpreter start (python -c pass)")
    rows = []
    for nb, params in zip(notebooks, defaults):
        out = out_dir / nb.stem
        out.mkdir(parents=True, exist_ok=True)
        rel_nb, rel_params = nb.relative_to(project), params.relative_to(project)
        papermill_s = median_of(runs, lambda: sh([BIN / "papermill", nb, out / "out.ipynb", "-f", params, "-p", "output_dir", str(out), "-k", "cohen-analysis", "--cwd", project / "notebooks", "--no-progress-bar"], project), f"{nb.stem} papermill")
        plain_s = median_of(runs, lambda: sh([BIN / "python", scripts[params]], project, project / "notebooks", MPLBACKEND="Agg"), f"{nb.stem} plain Python")
        nbconvert_s = median_of(runs, lambda: sh([BIN / "jupyter", "nbconvert", "--execute", "--to", "notebook", "--output-dir", str(out), "--output", "nbconvert", "--ExecutePreprocessor.kernel_name=cohen-analysis", nb], project, project / "notebooks"), f"{nb.stem} nbconvert")
        run_s = median_of(runs, lambda: sh([BIN / "cohen-analysis", "run", rel_nb, rel_params, "--no-progress", "--no-data", "--no-index"], project), f"{nb.stem} cohen-analysis run")
        phases = median_dict(runs, lambda: json.loads(sh([BIN / "python", ROOT / "benchmarks" / "report_phases.py", rel_nb, rel_params, str(out / "phases")], project).strip().splitlines()[-1]), f"{nb.stem} phases")
        saving = savefig_share(project, scripts[params], out) * plain_s
        rows.append({"notebook": nb.stem, "papermill_s": papermill_s, "plain_python_s": plain_s, "nbconvert_s": nbconvert_s,
                     "run_s": run_s, "interpreter_s": interpreter_s, "figure_saving_s": saving, **phases})
    return rows


#: Targets of issue 15 (ratios to the plain-Python bound, seconds).
TARGETS = {"full": 1.25, "one_report": 1.5, "noop_s": 0.1, "suite_s": 150.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median reported)")
    parser.add_argument("--full-runs", type=int, default=2, help="runs of the full clean build")
    parser.add_argument("--touch", default="essay_figures/upr_only", help="the parameter file touched for the one-report rebuild")
    parser.add_argument("--no-suite", action="store_true", help="do not time the test suite")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument("--full-only", action="store_true",
                        help="measure only the full clean build and its plain-Python bound (no suite either)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="cohen-bench-") as tmp:
        tmp = Path(tmp)
        project = copy_project(tmp / "project")
        reports = sorted(project.glob("params/*/*.yaml"))
        notebooks = sorted(project.glob("notebooks/*.ipynb"))
        print(f"{len(notebooks)} notebooks, {len(reports)} reports; {args.runs} runs each", file=sys.stderr)

        # 1-3. full clean build, no-op, one touched parameter file
        def full():
            make_in(project, "clean")
            make_in(project, "reports")

        full_s = median_of(args.full_runs, full, "full clean build (make -j2 reports)")
        touched = project / "params" / f"{args.touch}.yaml"

        def one_report():
            os.utime(touched)
            make_in(project, "reports")

        noop_s = one_s = touched_plain_s = None
        if not args.full_only:
            noop_s = median_of(max(args.runs, 5), lambda: make_in(project, "reports"), "no-op rebuild")
            before = {p: p.stat().st_mtime_ns for p in project.glob("reports/*/*/metrics.json")}
            one_s = median_of(args.runs, one_report, f"rebuild after touching params/{args.touch}.yaml")
            rerun = sorted(p.parts[-3] + "/" + p.parts[-2] for p, t in before.items() if p.stat().st_mtime_ns != t)
            assert rerun == [args.touch], f"touching params/{args.touch}.yaml re-ran {rerun}"

        scripts_dir = tmp / "scripts"
        scripts_dir.mkdir()
        scripts = {p: plain_script(project, project / "notebooks" / f"{p.parent.name}.ipynb", p, scripts_dir) for p in reports}
        if not args.full_only:
            touched_plain_s = median_of(args.runs, lambda: sh([BIN / "python", scripts[touched]], project, project / "notebooks", MPLBACKEND="Agg"), f"{args.touch} plain Python")
        rows = [] if args.full_only else measure_notebooks(args.runs, project, notebooks, scripts, tmp / "pm")

        # the full build's lower bound: data build + every report as a plain script, two at a time
        def bound():
            sh([BIN / "cohen-analysis", "data", "--force"], project)
            with ThreadPoolExecutor(max_workers=2) as pool:
                list(pool.map(lambda s: sh([BIN / "python", s], project, project / "notebooks", MPLBACKEND="Agg"), scripts.values()))

        bound_s = median_of(args.full_runs, bound, "plain-Python bound of the full build (2 workers)")
        suite = None if args.no_suite or args.full_only else run_suite(tmp)

    machine = f"{platform.node()}: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
    result = {"machine": machine, "full_build_s": full_s, "full_build_bound_s": bound_s, "noop_s": noop_s,
              "one_report": {"params": args.touch, "rebuild_s": one_s, "plain_python_s": touched_plain_s},
              "targets": TARGETS, "notebooks": rows, "suite": suite}
    print(f"\nMachine: {machine}\n")
    print(f"{'measure':52} {'median s':>9} {'ratio':>7}   target")
    print(f"{'full clean build (make -j2 reports)':52} {full_s:9.2f} {full_s / bound_s:7.2f}   <= {TARGETS['full']:.2f} x bound")
    print(f"{'plain-Python bound of the full build':52} {bound_s:9.2f} {1:7.2f}")
    if not args.full_only:
        print(f"{f'rebuild after touching params/{args.touch}.yaml':52} {one_s:9.2f} {one_s / touched_plain_s:7.2f}   <= {TARGETS['one_report']:.2f} x its script")
        print(f"{f'  its plain-Python script':52} {touched_plain_s:9.2f} {1:7.2f}")
        print(f"{'no-op rebuild (make -j2 reports)':52} {noop_s:9.3f} {'':7}   < {TARGETS['noop_s']} s")
    if suite:
        print(f"{'test suite on a fresh clone (pytest, ' + str(os.cpu_count()) + ' cores)':52} {suite['wall_s']:9.1f} {'':7}   < {TARGETS['suite_s']:.0f} s")
        print(f"  {suite['summary']}")
        print("  ten slowest:")
        for t in suite["slowest"]:
            print(f"  {t['seconds']:8.2f} s {t['phase']:8} {t['test']}")
    if rows:
        print_notebook_tables(rows)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


def print_notebook_tables(rows: list[dict]) -> None:
    print()
    print(f"{'notebook':22} {'plain py':>9} {'papermill':>10} {'nbconvert':>10} {'pm/plain':>9} {'nbc/plain':>10} {'pm/nbc':>7}")
    for r in rows:
        print(
            f"{r['notebook']:22} {r['plain_python_s']:9.2f} {r['papermill_s']:10.2f} {r['nbconvert_s']:10.2f} "
            f"{r['papermill_s'] / r['plain_python_s']:9.2f} {r['nbconvert_s'] / r['plain_python_s']:10.2f} {r['papermill_s'] / r['nbconvert_s']:7.2f}"
        )
    print()
    print("Where one report's time goes (default parameters; seconds; `run` is the whole `cohen-analysis run`):")
    print(f"{'notebook':22} {'run':>6} {'interp':>7} {'imports':>8} {'kernel':>7} {'checks':>7} {'execute':>8} {'(figures)':>10} {'strip':>6} {'html':>6} {'plain py':>9}")
    for r in rows:
        print(
            f"{r['notebook']:22} {r['run_s']:6.2f} {r['interpreter_s']:7.2f} {r['imports_s']:8.2f} {r['kernel_start_s']:7.2f} "
            f"{r['checks_s']:7.2f} {r['execution_s']:8.2f} {r['figure_saving_s']:10.2f} {r['strip_s']:6.2f} {r['html_export_s']:6.2f} {r['plain_python_s']:9.2f}"
        )
    print("kernel: started ahead of need, with the common imports, until it answers (a run overlaps it with checks);")
    print("(figures): the share of Figure.savefig in the plain script under cProfile, times the script's time; part of execute.")


if __name__ == "__main__":
    main()
