"""notebooks/treaties_votes.ipynb run through papermill: key numbers and parameter errors.

The expected numbers are computed here straight from the processed datasets with pandas, not
through cohen_analysis.analysis.treaties.
"""

from __future__ import annotations


import pandas as pd
import pytest

import cohen_analysis as ca
from cohen_analysis import charts
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
    assert got["resolutions"] == len(sel) == 16
    assert got["adopted_without_vote"] == int(sel["adopted_without_vote"].fillna(False).sum()) == 4
    # no Third Committee selected: every adoption is a final one
    assert got["resolutions_final"] == 16 and got["adopted_without_vote_final"] == 4
    assert got["without_vote_statement"] == (
        "4 of the 16 resolutions (General Assembly plenary 2008-2015, Human Rights Council 2008-2015; every year's "
        "record found) were without a vote, the first in 2012"
    )
    both = sel.dropna(subset=["yes", "no"])
    margins = both["yes"] - both["no"]
    assert got["largest_yes_margin"] == int(margins.max()) == 107
    best = both.loc[margins.idxmax()]
    assert got["largest_yes_margin_vote"].startswith("General Assembly plenary")
    assert got["largest_yes_margin_vote"].endswith(f"{best['yes']}-{best['no']}-{best['abstain']}")
    expected_latest = {}
    for body in bodies:
        done = sel[(sel["body"] == body) & sel["counts_complete"].astype(bool)].sort_values("date")
        last = done.iloc[-1]
        expected_latest[body] = f"{last['yes']}-{last['no']}-{last['abstain']}"
    assert {b: t.split(" ")[0] for b, t in got["latest_tally"].items()} == expected_latest
    assert expected_latest == {"UNGA plenary": "119-19-48", "HRC": "27-6-14"}
    all_res = ca.load("un_votes")
    assert got["data_runs_to"] == int(all_res.loc[all_res["subject"] == "resolution", "date"].dt.year.max()) == 2025

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
    assert got["roll_call_votes"] == 6  # 2008-2011, 2014, 2015


@pytest.mark.slow
def test_default_run_publishes_the_recomputed_statistic_with_its_coverage(tmp_path):
    metrics = run_notebook("treaties_votes", tmp_path)
    got = {k: v["value"] for k, v in metrics["metrics"].items()}
    v = ca.load("un_votes")
    res = v[v["preferred"].astype(bool) & (v["subject"] == "resolution")]
    final = res[res["body"].isin(["UNGA plenary", "HRC"])]
    assert got["resolutions"] == len(res) == 59 and got["adopted_without_vote"] == 35
    assert got["resolutions_final"] == len(final) == 38
    assert got["adopted_without_vote_final"] == int(final["adopted_without_vote"].sum()) == 23
    assert "23 of the 38 UN resolutions on its human rights (General Assembly plenary 2005-2024, Human Rights " \
        "Council 2008-2025; every year's record found) were without a vote, the first in 2012" in metrics["headline"]
    assert "10 of 29" not in metrics["headline"]
    assert "Third Committee 2005-2025" in metrics["metrics"]["resolutions"]["label"]
    # how States voted: computed here from the roll calls
    r = ca.load("unga_roll_calls")
    only_no = [iso for iso, votes in r.groupby("iso3")["vote"] if set(votes) == {"no"}]
    steady = sorted(r.loc[r["iso3"].isin(only_no), "state"].unique())
    assert got["roll_call_votes"] == r["rcid"].nunique() == 9
    assert got["always_no_states"] == steady and len(steady) == 14 and "China" in steady
    u = ca.load("upr_recommendations")
    rec_2014 = set(u.loc[u["review_year"] == 2014, "iso3"])
    no_2014 = set(r.loc[(r["year"] == 2014) & (r["vote"] == "no"), "iso3"])
    assert f"{len(rec_2014 & no_2014)} of the {len(no_2014)} States voting no" in got["upr_vote_link"]
    assert len(rec_2014 & no_2014) == 15 and len(no_2014) == 20
    # each chart's CSV holds exactly what it draws
    steps = charts.read_chart_data(tmp_path / "figures" / "treaty_timeline.csv")
    assert list(steps.columns) == ["Treaty", "Step", "Date drawn", "Date as known", "Date known to the", "Date basis"]
    cedaw = steps[(steps["Treaty"] == "CEDAW") & (steps["Step"] == "accession")].iloc[0]
    assert cedaw[["Date drawn", "Date as known", "Date known to the"]].tolist() == ["2001-01-01", "2001", "year"]
    icescr = steps[(steps["Treaty"] == "ICESCR") & (steps["Step"] == "accession")].iloc[0]
    assert icescr[["Date drawn", "Date basis"]].tolist() == ["1981-09-14", "commonly cited"]
    assert steps["Step"].str.startswith("treaty-body review: ").sum() == 20
    drawn = charts.read_chart_data(tmp_path / "figures" / "un_votes.csv")
    assert list(drawn.columns) == ["Year", "Body", "How adopted", "Yes", "No", "Abstain"]
    plenary_2011 = drawn[(drawn["Body"] == "UN General Assembly, plenary") & (drawn["Year"] == 2011)]
    assert plenary_2011[["Yes", "No", "Abstain"]].values.tolist() == [[123, 16, 51]]
    assert len(drawn) == 59 and (drawn["How adopted"] == "adopted without a vote").sum() == 35


@pytest.mark.slow
@pytest.mark.parametrize(
    "parameters, message",
    [
        ({"start_year": 2015, "end_year": 2010}, "parameter start_year=2015 is after end_year=2010"),
        ({"start_year": 1990}, "years 1990-2025 fall outside the data, which run from 2005 to 2025"),
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
