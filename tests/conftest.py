import os
import shutil
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture
def write_csv(tmp_path):
    """Write a small CSV (dedented) into tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def shared_dir():
    """The research dossier beside the repository; tests that compare against it skip without it."""
    if not (SHARED / "research").exists():
        pytest.skip("../shared/research not available (only in the development checkout)")
    return SHARED


def _copy_project(dest: Path) -> Path:
    """A scratch copy of the project (sources, data, notebooks, params), sharing the .venv."""
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


def make_in(project: Path, *targets: str, jobs: int = 2, check: bool = True, env_extra: dict | None = None):
    """Run make in a project copy, with the package resolving paths to that copy."""
    import os
    import subprocess

    env = {**os.environ, "COHEN_ANALYSIS_ROOT": str(project), **(env_extra or {})}
    env.pop("MAKEFLAGS", None)
    done = subprocess.run(
        ["make", f"-j{jobs}", "--no-print-directory", *targets], cwd=project, env=env, capture_output=True, text=True, timeout=1800
    )
    if check and done.returncode != 0:
        raise AssertionError(f"make {' '.join(targets)} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}")
    return done


@pytest.fixture(scope="session")
def project_copy(tmp_path_factory):
    """A scratch project copy; nothing built yet."""
    return _copy_project(tmp_path_factory.mktemp("project") / "cohen-analysis")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """A scratch project copy in which `make -j2 reports` has run: returns its root."""
    project = _copy_project(tmp_path_factory.mktemp("site") / "cohen-analysis")
    make_in(project, "reports")
    return project
