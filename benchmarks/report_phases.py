"""Where one report's time goes: run by bench_build.py in a project copy, prints JSON.

    python benchmarks/report_phases.py <notebook> <params.yaml> <out_dir>

In one fresh process, along the path ``cohen-analysis run`` takes, each phase timed on its own
(in a real run the kernel's start overlaps the checks, and the export's warm-up the execution):

- ``imports_s``: the run path's imports before the kernel starts (the package's CLI and build
  modules, jupyter_client);
- ``kernel_start_s``: a kernel started ahead of need (``build.start_kernel``: it boots and imports
  the libraries every notebook imports) until it answers;
- ``checks_s``: the parameters checked against the data, and papermill imported;
- ``execution_s``: papermill running the notebook in that kernel;
- ``strip_s`` and ``html_export_s``: the clean-up of the executed notebook and the HTML export
  (after ``build.warm_export``'s warm-up, which a real run does during the execution).

The interpreter's own start is measured by the caller (``python -c pass``); figure saving is the
share of ``Figure.savefig`` in the plain-Python script under cProfile, also measured by the caller.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

t0 = time.perf_counter()
from cohen_analysis import build, cli  # noqa: E402,F401  (as `cohen-analysis run` starts)

import jupyter_client.manager  # noqa: E402,F401

imports = time.perf_counter() - t0


def main() -> None:
    notebook, params, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    spec = build.ReportSpec.from_paths(notebook, params)
    build.validate_parameters(spec, data=False)

    t = time.perf_counter()
    km = build.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    kernel_start = time.perf_counter() - t
    kc.stop_channels()

    t = time.perf_counter()
    parameters = dict(build.validate_parameters(spec))
    parameters["output_dir"] = str(out)
    import papermill  # noqa: F401

    checks = time.perf_counter() - t

    out_nb = out / "notebook.ipynb"
    t = time.perf_counter()
    try:
        build._execute(spec, out_nb, parameters, kernel=build.KERNEL_NAME, timeout=600, progress=False, log_output=False, km=km)
    finally:
        build.stop_kernel(km)
    execution = time.perf_counter() - t
    if build._export_warmer is not None:
        build._export_warmer.join()

    t = time.perf_counter()
    build._strip_volatile(out_nb, staging_dir=out, final_dir=spec.report_dir)
    strip_s = time.perf_counter() - t

    t = time.perf_counter()
    build.export_html(out_nb, out / "report.html", title=spec.label, figures_href="figures/", depth=spec.depth)
    export_s = time.perf_counter() - t

    print(json.dumps({
        "imports_s": imports,
        "kernel_start_s": kernel_start,
        "checks_s": checks,
        "execution_s": execution,
        "strip_s": strip_s,
        "html_export_s": export_s,
    }))


if __name__ == "__main__":
    main()
