"""notebooks/individual_cases.ipynb run through papermill: non-default parameters checked against
numbers computed here straight from the processed data, and bad parameters stopping the run."""

from __future__ import annotations

import pandas as pd
import pytest

import cohen_analysis as ca
from cohen_analysis import charts
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
        assert len(charts.read_chart_data(tmp_path / "figures" / f"{slug}.csv")) > 0
    # each chart's CSV holds exactly what it draws
    tl = charts.read_chart_data(tmp_path / "figures" / "timeline.csv")
    assert len(tl) == 16 and list(tl.columns) == [
        "Detainee", "Bar from (detention)", "Bar to (release, or data date if held)", "How the detention ended",
        "Dates known to the day"]
    assert tl.iloc[0].tolist() == ["Euna Lee (U.S.)", "2009-03-17", "2009-08-05", "After a high-level visit", "yes"]
    days = charts.read_chart_data(tmp_path / "figures" / "days_by_visit.csv")
    assert len(days) == 14 and days["Days held"].max() == 950
    assert set(days.loc[days["How the detention ended"] == "After a high-level visit", "Median of the group"]) == {291.0}
    assert set(days.loc[days["How the detention ended"] == "No visit reported", "Median of the group"]) == {43.0}
    moved = charts.read_chart_data(tmp_path / "figures" / "whose_cases_move.csv").set_index("Group")
    assert moved.iloc[0][["Came back or clarified", "Not returned", "Cases that came back", "Cases in the group"]].tolist() == [
        1.0, 0.0, 20, 20]
    assert moved.iloc[-1][["Not returned", "Cases that came back", "Cases in the group"]].tolist() == [1.0, 0, 330]
    assert "# Units: Came back or clarified: share of the group (1 = all)" in (
        tmp_path / "figures" / "whose_cases_move.csv").read_text(encoding="utf-8")
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
