"""notebooks/individual_cases.ipynb run through papermill: non-default parameters checked against
numbers computed here straight from the processed data, and bad parameters stopping the run."""

from __future__ import annotations

import pandas as pd
import pytest

import cohen_analysis as ca
from notebook_runs import run_failing, run_notebook, values


@pytest.mark.slow
def test_us_citizens_since_2009_match_independent_numbers(tmp_path):
    params = dict(nationalities=["United States"], start_year=2009, end_year=2023, min_confidence="medium")
    metrics = run_notebook("individual_cases", tmp_path, **params)
    m = values(metrics)
    assert metrics["parameters"] == params

    d = ca.load("detainees")
    year = d["detained"].fillna(d["released"]).dt.year
    sel = d[(d["nationality_group"] == "United States") & year.between(2009, 2023)
            & d["confidence"].astype(str).isin(["medium", "high"])]
    assert m["cases_shown"] == len(sel) == 16  # Ling ... King; Han (1999, low) and the 1990s cases left out
    assert m["day_precise_cases"] == int(sel["days_detained"].notna().sum()) == 14  # not Jun (month), Suh (unknown)
    assert m["released"] == 16 and m["still_held"] == 0
    visit = sel["visit_before_release"].isin(["high-level visit", "envoy visit"])
    assert m["released_after_visit"] == int(visit.sum()) == 10
    assert m["sentenced"] == m["sentenced_released_after_visit"] == 7
    assert m["median_days_held"] == float(sel["days_detained"].dropna().median()) == 189.5
    days = sel.groupby("visit_before_release")["days_detained"].median()
    assert m["median_days_high_level"] == days["high-level visit"] == 291.0  # Ling, Lee, Gomes, Bae, Miller, Kim x3
    assert m["median_days_no_visit"] == days["no visit reported"] == 43.0  # Park, Newman, Fowle, Lowrance, King
    assert m["longest_held"] == "Kim Dong-chul (U.S.), 950 days"
    # all-data key figures do not move with the parameters
    assert (m["us_detainees"], m["us_still_held"], m["postwar_abductees_not_returned"]) == (20, 0, 516)
    assert (m["wgeid_cases_latest"], m["wgeid_clarified"], m["wgad_opinions"], m["wgad_persons"]) == (
        362, "0 of 330 (2021)", 9, 34)
    assert m["claim_verdict"] == "partly"
    assert [f["slug"] for f in metrics["figures"]] == ["timeline", "days_by_visit", "whose_cases_move"]
    for slug in ("timeline", "days_by_visit", "whose_cases_move"):
        assert (tmp_path / "figures" / f"{slug}.png").exists()
        assert len(pd.read_csv(tmp_path / "figures" / f"{slug}.csv")) > 0
    assert len(pd.read_csv(tmp_path / "figures" / "timeline.csv")) == 16
    assert "FD" not in " ".join(f["alt"] for f in metrics["figures"])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (dict(nationalities=["Sweden"]), "parameter nationalities has unknown value(s) ['Sweden']"),
        (dict(start_year=2020, end_year=2010), "parameter start_year=2020 is after end_year=2010"),
        (dict(min_confidence="certain"), "parameter min_confidence='certain' is not one of"),
    ],
)
def test_invalid_parameter_stops_with_a_clear_message(tmp_path, bad, message):
    exc = run_failing("individual_cases", tmp_path, **bad)
    assert message in str(exc)
