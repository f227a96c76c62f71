"""Helpers for tests that execute notebooks with papermill."""

from __future__ import annotations

import json
from pathlib import Path

import papermill as pm
from papermill.exceptions import PapermillExecutionError

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def run_notebook(name: str, tmp_path: Path, **parameters) -> dict:
    """Execute notebooks/<name>.ipynb with ``parameters``, outputs into tmp_path; return its metrics.json."""
    pm.execute_notebook(
        str(NOTEBOOKS / f"{name}.ipynb"),
        str(tmp_path / "executed.ipynb"),
        parameters={**parameters, "output_dir": str(tmp_path)},
        kernel_name="cohen-analysis",
        cwd=str(NOTEBOOKS),
        progress_bar=False,
        start_timeout=120,
    )
    return json.loads((tmp_path / "metrics.json").read_text(encoding="utf-8"))


def run_shared(name: str, tmp_path_factory, **parameters) -> Path:
    """Execute notebooks/<name>.ipynb with ``parameters`` once per test session; return its output folder.

    Tests that check the same run (the same notebook and parameters) share it, across xdist
    workers too: the first to ask runs it under a file lock, the others read its outputs
    (``executed.ipynb``, ``metrics.json``, ``figures/``). Treat the folder as read-only.
    """
    import hashlib

    from filelock import FileLock

    from conftest import session_dir

    key = hashlib.sha256(json.dumps([name, parameters], sort_keys=True).encode()).hexdigest()[:12]
    cache = session_dir(tmp_path_factory) / "notebook-runs"
    cache.mkdir(parents=True, exist_ok=True)
    out = cache / f"{name}-{key}"
    with FileLock(str(cache / f"{name}-{key}.lock")):
        if not (out / "metrics.json").exists():
            if out.exists():
                import shutil

                shutil.rmtree(out)
            out.mkdir()
            try:
                run_notebook(name, out, **parameters)
            except BaseException:
                (out / "metrics.json").unlink(missing_ok=True)
                raise
    return out


def value(metrics: dict, key: str):
    return metrics["metrics"][key]["value"]


def values(metrics: dict) -> dict:
    """Every key number of a run: {key: value}."""
    return {k: v["value"] for k, v in metrics["metrics"].items()}


def run_failing(name: str, tmp_path: Path, **parameters) -> PapermillExecutionError:
    """Execute with bad parameters; return the execution error (fails the test if none)."""
    try:
        run_notebook(name, tmp_path, **parameters)
    except PapermillExecutionError as exc:
        return exc
    raise AssertionError(f"{name} ran with {parameters} but should have failed")
