"""The README describes the code as it is."""

import subprocess
import sys

from conftest import ROOT


def test_readme_sections_match_the_code():
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "readme_sections.py"), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, "README.md is out of date: run `make docs`\n" + done.stderr


def test_readme_names_the_two_commands_and_ci_runs_them():
    readme = (ROOT / "README.md").read_text()
    assert "make reports" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_every_notebook_has_default_parameters():
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        assert (ROOT / "params" / notebook.stem / "default.yaml").exists(), notebook.name
