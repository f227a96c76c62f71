"""Where one report's time goes: run by bench_build.py in a project copy, prints JSON.

    python benchmarks/report_phases.py <notebook> <params.yaml> <out_dir>

In one fresh process, as ``cohen-analysis run`` spends it: the imports of the run path
(papermill, nbconvert, jupyter_client, the package), a kernel start on its own (started and
stopped), the papermill execution (which starts its own kernel: ``execution`` is its time less
the kernel start), the clean-up of the executed notebook and the HTML export. The interpreter's
own start is measured by the caller (``python -c pass``); figure saving is the share of
``Figure.savefig`` in the plain-Python script under cProfile, also measured by the caller.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

t0 = time.perf_counter()
from cohen_analysis import build, report_html  # noqa: E402,F401  (first, as `cohen-analysis run` does)

import jupyter_client  # noqa: E402,F401
import nbconvert  # noqa: E402,F401
import papermill  # noqa: E402

imports = time.perf_counter() - t0


def main() -> None:
    notebook, params, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    spec = build.ReportSpec.from_paths(notebook, params)
    parameters = dict(build.validate_parameters(spec))
    parameters["output_dir"] = str(out)

    from jupyter_client.manager import start_new_kernel

    t = time.perf_counter()
    km, kc = start_new_kernel(kernel_name=build.KERNEL_NAME, extra_arguments=list(build.KERNEL_ARGUMENTS), startup_timeout=120)
    kernel_start = time.perf_counter() - t
    kc.stop_channels()
    km.shutdown_kernel(now=True)

    out_nb = out / "notebook.ipynb"
    t = time.perf_counter()
    papermill.execute_notebook(
        str(spec.notebook_path), str(out_nb), parameters=parameters, kernel_name=build.KERNEL_NAME,
        cwd=str(spec.notebook_path.parent), progress_bar=False, start_timeout=120,
        request_save_on_cell_execute=False, extra_arguments=list(build.KERNEL_ARGUMENTS),
    )
    papermill_s = time.perf_counter() - t

    t = time.perf_counter()
    build._strip_volatile(out_nb, staging_dir=out, final_dir=spec.report_dir)
    strip_s = time.perf_counter() - t

    t = time.perf_counter()
    build.export_html(out_nb, out / "report.html", title=spec.label, figures_href="figures/", depth=spec.depth)
    export_s = time.perf_counter() - t

    print(json.dumps({
        "imports_s": imports,
        "kernel_start_s": kernel_start,
        "execution_s": max(papermill_s - kernel_start, 0.0),
        "papermill_in_process_s": papermill_s,
        "strip_s": strip_s,
        "html_export_s": export_s,
    }))


if __name__ == "__main__":
    main()
