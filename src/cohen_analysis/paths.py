"""Every path the project uses, resolved from this file's location.

A notebook run by papermill from ``notebooks/`` and a test run from the repository root see
the same folders. ``COHEN_ANALYSIS_ROOT`` overrides the root (used by tests that build into a
scratch copy).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJ_ROOT = Path(os.environ.get("COHEN_ANALYSIS_ROOT", PACKAGE_DIR.parents[1])).resolve()

DATA_DIR = PROJ_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
PROCESSED_DIR = DATA_DIR / "processed"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
PARAMS_DIR = PROJ_ROOT / "params"
REPORTS_DIR = PROJ_ROOT / "reports"
FIGURES_DIR = REPORTS_DIR / "figures"


def relative(path: str | os.PathLike) -> str:
    """``path`` relative to the project root when it lies inside it, for messages."""
    p = Path(path).resolve()
    try:
        return p.relative_to(PROJ_ROOT).as_posix()
    except ValueError:
        return str(path)
