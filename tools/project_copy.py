"""A scratch copy of the project that shares this checkout's .venv (for tests and benchmarks).

The package resolves its paths from ``COHEN_ANALYSIS_ROOT``, so a build run with that variable
set to the copy reads and writes only inside the copy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("Makefile", "pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, dest / name)
    # the copy shares this checkout's .venv: never let its make reinstall the package from the copy
    os.utime(dest / "pyproject.toml", (0, 0))
    for name in ("src", "data/raw", "notebooks", "params", "tools"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.egg-info"))
    (dest / "data" / "processed").mkdir(parents=True, exist_ok=True)
    (dest / ".venv").symlink_to(ROOT / ".venv")
    return dest


def env_for(project: Path, **extra: str) -> dict:
    env = {**os.environ, "COHEN_ANALYSIS_ROOT": str(project), **extra}
    env.pop("MAKEFLAGS", None)
    env.pop("MAKELEVEL", None)
    return env


def make_in(project: Path, *targets: str, jobs: int = 2, check: bool = True, env_extra: dict | None = None):
    """Run make in a project copy, with the package resolving paths to that copy."""
    done = subprocess.run(
        ["make", f"-j{jobs}", "--no-print-directory", *targets],
        cwd=project,
        env=env_for(project, **(env_extra or {})),
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if check and done.returncode != 0:
        raise AssertionError(f"make {' '.join(targets)} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}")
    return done
