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


def test_notebooks_show_charts_with_alt_text():
    """Charts go through Notebook.show (PNG+SVG saved, alt text in the output), never plt.show()."""
    import nbformat

    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        source = "\n".join(c.source for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code")
        assert "plt.show()" not in source, notebook.name
        assert "nb.show(" in source, notebook.name


def test_papermill_reads_every_parameter():
    """papermill --help-notebook sees every parameter of the model, with its type and comment."""
    import nbformat
    from papermill.translators import PythonTranslator

    from cohen_analysis.parameters import describe

    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cell = next(c for c in nbformat.read(notebook, as_version=4).cells if "parameters" in c.metadata.get("tags", []))
        parsed = [(p.name, p.inferred_type_name, p.default, p.help) for p in PythonTranslator.inspect(cell)]
        assert parsed == describe(notebook.stem), notebook.name
        assert parsed[-1][0] == "output_dir"
