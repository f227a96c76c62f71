"""The essay-figures notebook under papermill: non-default parameters and a bad parameter."""

import json

import pytest

import cohen_analysis as ca
from notebook_runs import run_failing, run_notebook, run_shared, value

pytestmark = pytest.mark.slow


def test_upr_only_without_extensions(tmp_path):
    metrics = run_notebook("essay_figures", tmp_path, topics=["UPR"], show_extensions=False)
    claims = ca.load("essay_claims")
    expected = claims[(claims["topic"] == "UPR") & ~claims["check"].str.endswith("_extension")]
    assert value(metrics, "claims_checked") == len(expected) == 8
    rows = value(metrics, "claims")
    assert [r["claim_id"] for r in rows] == list(expected["claim_id"])
    assert value(metrics, "claims_reproduced") == sum(r["verdict"] == "reproduced" for r in rows) == 6
    assert metrics["parameters"]["topics"] == ["UPR"]
    assert {f["slug"] for f in metrics["figures"]} == {"treaties_vs_un_admission", "then_and_now"}
    assert (tmp_path / "figures" / "then_and_now.svg").exists()
    alt = {f["slug"]: f["alt"] for f in metrics["figures"]}["then_and_now"]
    assert "87,566 (May 2009) to 34,368 (Dec 2025)" in alt  # the headline rule, not the low-medium Aug 2026 count


def test_default_run_checks_20_claims_with_sources(tmp_path_factory):
    # the notebook's own defaults: the same run as test_reader_output's, shared
    metrics = json.loads((run_shared("essay_figures", tmp_path_factory) / "metrics.json").read_text(encoding="utf-8"))
    assert value(metrics, "claims_checked") == 20
    assert (value(metrics, "claims_reproduced"), value(metrics, "claims_differs"), value(metrics, "claims_partly"),
            value(metrics, "claims_not_checkable")) == (14, 1, 2, 3)
    rows = {r["claim_id"]: r for r in value(metrics, "claims")}
    assert rows["C17"]["verdict"] == "reproduced" and "8-11 Dec 2008" in rows["C17"]["value_then"]


def test_unknown_topic_fails_clearly(tmp_path):
    err = run_failing("essay_figures", tmp_path, topics=["weather"])
    assert err.ename == "ParameterError"
    assert "parameter topics has unknown value(s) ['weather']" in err.evalue


def test_bad_tolerance_fails_clearly(tmp_path):
    err = run_failing("essay_figures", tmp_path, approx_tolerance=2)
    assert "approx_tolerance=2 must be a number between 0 and 1" in err.evalue
