"""Refresh the committed outputs of the notebooks' checked cells, and strip everything else.

Notebooks are committed as sources: no outputs, except in the cells marked
``# NBVAL_CHECK_OUTPUT``, whose printed key numbers nbval compares on every test run. After a
change to data or code that moves a key number, run ``make notebook-outputs`` and review the diff.

    python tools/notebook_outputs.py [notebooks/x.ipynb ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
MARK = "# NBVAL_CHECK_OUTPUT"


def strip(nb: nbformat.NotebookNode, keep_checked: bool) -> nbformat.NotebookNode:
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
        if cell.cell_type != "code":
            continue
        if not (keep_checked and MARK in cell.source):
            cell.outputs = []
            cell.execution_count = None
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    return nb


def refresh(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="cohen-analysis", resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    strip(nb, keep_checked=True)
    nbformat.write(nb, path)
    print(f"refreshed {path.relative_to(ROOT)}")


if __name__ == "__main__":
    targets = [Path(a).resolve() for a in sys.argv[1:]] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    for target in targets:
        refresh(target)
