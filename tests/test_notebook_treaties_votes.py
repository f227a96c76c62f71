"""notebooks/treaties_votes.ipynb run through papermill: key numbers and parameter errors.

The expected numbers are computed here straight from the processed datasets with pandas, not
through cohen_analysis.analysis.treaties.
"""

from __future__ import annotations


import pandas as pd
import pytest

import cohen_analysis as ca
from notebook_runs import run_notebook

ADMISSION = pd.Timestamp("1991-09-17")


def resolutions_of(bodies, start, end):
    v = ca.load("un_votes")
    v = v[v["preferred"].astype(bool) & (v["subject"] == "resolution")]
    return v[v["body"].isin(bodies) & v["date"].dt.year.between(start, end)]


@pytest.mark.slow
def test_non_default_parameters_give_independently_computed_numbers(tmp_path):
    bodies, start, end = ["UNGA plenary", "HRC"], 2008, 2015
    metrics = run_notebook("treaties_votes", tmp_path, start_year=start, end_year=end, bodies=bodies, show_reviews=False)
    got = {k: v["value"] for k, v in metrics["metrics"].items()}

    sel = resolutions_of(bodies, start, end)
    assert got["resolutions"] == len(sel) == 13
    assert got["adopted_without_vote"] == int(sel["adopted_without_vote"].fillna(False).sum()) == 3
    both = sel.dropna(subset=["yes", "no"])
    margins = both["yes"] - both["no"]
    assert got["largest_yes_margin"] == int(margins.max()) == 107
    best = both.loc[margins.idxmax()]
    assert got["largest_yes_margin_vote"].endswith(f"{best['yes']}-{best['no']}-{best['abstain']}")
    expected_latest = {}
    for body in bodies:
        done = sel[(sel["body"] == body) & sel["counts_complete"].astype(bool)].sort_values("date")
        last = done.iloc[-1]
        expected_latest[body] = f"{last['yes']}-{last['no']}-{last['abstain']}"
    assert {b: t.split(" ")[0] for b, t in got["latest_tally"].items()} == expected_latest
    assert expected_latest == {"UNGA plenary": "119-19-48", "HRC": "30-6-11"}
    all_res = ca.load("un_votes")
    assert got["data_runs_to"] == int(all_res.loc[all_res["subject"] == "resolution", "date"].dt.year.max()) == 2024

    t = ca.load("treaties")
    bound = t[t["preferred"].astype(bool) & t["event"].isin(["accession", "ratification"]) & t["named_in_essay"].astype(bool)]
    after = sorted(bound.loc[bound["date"] > ADMISSION, "treaty"])
    assert sorted(got["essay_treaties_after"]) == after == ["CEDAW"]
    assert got["essay_treaties_after_admission"] == len(after) == 1
    assert sorted(got["essay_treaties_before"]) == sorted(bound.loc[bound["date"] < ADMISSION, "treaty"])
    assert got["un_admission"] == "1991-09-17"
    assert got["crpd_ratification"] == "Dec 2016"

    assert metrics["parameters"] == {"start_year": start, "end_year": end, "bodies": bodies, "show_reviews": False}
    assert {f["slug"] for f in metrics["figures"]} == {"treaty_timeline", "un_votes"}
    assert (tmp_path / "figures" / "un_votes.png").exists()


@pytest.mark.slow
@pytest.mark.parametrize(
    "parameters, message",
    [
        ({"start_year": 2015, "end_year": 2010}, "parameter start_year=2015 is after end_year=2010"),
        ({"start_year": 1990}, "years 1990-2024 fall outside the data, which run from 2005 to 2024"),
        ({"bodies": ["UNGA plenary", "General Council"]}, "parameter bodies has unknown value(s) ['General Council']"),
        ({"show_reviews": "no"}, "parameter show_reviews='no' must be True or False"),
    ],
)
def test_invalid_parameter_stops_with_a_clear_message(tmp_path, parameters, message):
    from papermill.exceptions import PapermillExecutionError

    with pytest.raises(PapermillExecutionError) as info:
        run_notebook("treaties_votes", tmp_path, **parameters)
    assert info.value.ename == "ParameterError"
    assert message in info.value.evalue
    assert not (tmp_path / "metrics.json").exists()
