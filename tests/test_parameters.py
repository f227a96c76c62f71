"""The parameter models: the single source of each notebook's parameters cell, tables and checks."""

from __future__ import annotations

import re
import subprocess

import nbformat
import pytest

from conftest import ROOT
from notebook_runs import run_notebook

from cohen_analysis import parameters as P
from cohen_analysis.notebook import ParameterError

NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))


def test_every_notebook_has_a_model_and_every_default_file_validates():
    assert sorted(P.MODELS) == NOTEBOOKS
    for path in sorted((ROOT / "params").glob("*/*.yaml")):
        P.validate_file(path.parent.name, path)  # the committed parameter sets are all valid


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_parameters_cell_readme_and_help_notebook_match_the_model(notebook):
    rows = P.describe(notebook)
    # the notebook's parameters cell is the one the model writes
    cell = next(c for c in nbformat.read(ROOT / "notebooks" / f"{notebook}.ipynb", as_version=4).cells if "parameters" in c.metadata.get("tags", []))
    assert cell.source == P.parameters_cell(notebook)
    # the README's table
    readme = (ROOT / "README.md").read_text()
    section = readme.split(f"### `notebooks/{notebook}.ipynb`", 1)[1].split("###", 1)[0]
    table = [tuple(c.strip().strip("`") for c in line.strip("|").split("|")) for line in section.splitlines() if line.startswith("| `")]
    assert table == [(n, t, d, m) for n, t, d, m in rows]
    # papermill --help-notebook: every parameter with the model's type and default, none "Unknown type"
    done = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "papermill"), "--help-notebook", str(ROOT / "notebooks" / f"{notebook}.ipynb")],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Unknown type" not in done.stdout
    shown = re.findall(r"^  (\w+): (\S+) \(default (.*?)\)(?:\s|$)", done.stdout, re.M)
    assert shown == [(n, t, d) for n, t, d, _ in rows]


def test_fields_of_the_defectors_model_are_pinned():
    assert P.describe("defectors")[:2] == [
        ("start_year", "int", "1999", "first year; a grouped period ('~1998': 1953-1998, '1999-2001') counts only if it lies entirely within the years"),
        ("end_year", "Optional[int]", "None", "last year (None: the latest year in the data)"),
    ]
    assert P.allowed("prisoners", "scope") == "one of 'all', 'political_prison_camps', 'political_prison_camps_per_camp', 'all_detention'"
    assert P.allowed("upr", "top_n_states") == "a whole number >= 1"
    assert P.allowed("separated_families", "rate_low") == "a number > 0 and < 1, or null"


@pytest.mark.parametrize(
    "notebook,values,message",
    [
        ("aid", {"start_yr": 2015}, "unknown parameter(s) start_yr; the parameters of aid are: start_year, end_year, show_wfp"),
        ("aid", {"show_wfp": "yes"}, "parameter show_wfp='yes' must be True or False"),
        ("aid", {"start_year": True}, "parameter start_year=True must be a whole year"),
        ("treaties_votes", {"end_year": "2010"}, "parameter end_year='2010' must be a whole year, or null"),
        ("separated_families", {"rate_high": 5}, "parameter rate_high=5 must be an annual death rate strictly between 0 and 1"),
        ("upr", {"top_n_states": 0}, "parameter top_n_states=0 must be a whole number of at least 1"),
        ("defectors", {"start_year": 2000, "end_year": 2001}, "no period lies entirely within start_year=2000 to end_year=2001"),
        ("aid", {"1bad": 1}, "'1bad' is not a parameter name"),
        ("aid", {"import": 1}, "'import' is not a parameter name"),
        ("defectors", {"as_of": "16 June 2010"}, "parameter as_of='16 June 2010' must be a date written 'YYYY-MM-DD'"),
        ("treaties_votes", {"bodies": ["UN Security Council of Mars"]}, "UN Security Council of Mars"),
        ("separated_families", {"start_year": 1800}, "fall outside the data"),
        ("upr", {"cycles": []}, "parameter cycles is empty"),
    ],
)
def test_validation_names_the_parameter(notebook, values, message):
    with pytest.raises(ParameterError) as err:
        P.validate(notebook, values, source="params/x/y.yaml")
    assert str(err.value).startswith("params/x/y.yaml: ")
    assert message in str(err.value)


def test_notebook_check_is_the_same_check_and_takes_single_values():
    assert P.check("treaties_votes", start_year=None, end_year=None, bodies="HRC", show_reviews=True) == (None, None, ["HRC"], True)
    assert P.check("upr", cycles=2, top_n_states=15, issues=[], top_n_issues=15, min_recommendations=10)[0] == [2]
    with pytest.raises(ParameterError) as err:
        P.check("aid", start_year=2020, end_year=2010, show_wfp=True)
    assert str(err.value) == "parameter start_year=2020 is after end_year=2010"


@pytest.mark.slow
def test_papermill_single_value_for_a_list_parameter(tmp_path):
    """`papermill -p bodies HRC` passes the string "HRC": the notebook reads it as ["HRC"]."""
    metrics = run_notebook("treaties_votes", tmp_path, bodies="HRC")
    assert metrics["parameters"]["bodies"] == ["HRC"]


@pytest.mark.slow
def test_plain_papermill_gets_the_same_message(tmp_path):
    from notebook_runs import run_failing

    exc = run_failing("aid", tmp_path, start_year="1995")
    assert exc.ename == "ParameterError"
    assert "parameter start_year='1995' must be a whole year" in exc.evalue
