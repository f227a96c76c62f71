import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

sys.path.insert(0, str(ROOT / "tools"))
from project_copy import copy_project as _copy_project  # noqa: E402
from project_copy import make_in  # noqa: E402,F401


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
