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
