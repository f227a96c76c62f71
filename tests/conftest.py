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
