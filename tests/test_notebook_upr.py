"""notebooks/upr.ipynb run through papermill: non-default parameters against numbers computed here
directly from the processed datasets (not via cohen_analysis.analysis.upr), and invalid parameters."""

import json

import pandas as pd
import pytest

import cohen_analysis as ca
from cohen_analysis import charts
from notebook_runs import run_notebook


@pytest.mark.slow
def test_cycle1_final_answers_known(tmp_path):
    run_notebook("upr", tmp_path, cycles=[1], top_n_issues=15, min_recommendations=3)
    payload = json.loads((tmp_path / "metrics.json").read_text(encoding="utf-8"))
    m = {k: v["value"] for k, v in payload["metrics"].items()}
    recs = ca.load("upr_recommendations")
    para90 = recs[(recs["cycle"] == 1) & (recs["paragraph"] == 90)]
    n_possible = para90["response_final_possible"].str.len()
    assert (m["c1_final_known"], m["c1_final_partial"], m["c1_final_unknown"]) == (
        int((n_possible == 1).sum()), int(n_possible.between(2, 3).sum()), int((n_possible == 4).sum())) == (8, 14, 95)
    label = payload["metrics"]["c1_final_known"]["label"]
    assert "of the 117 recommendations left to be examined" in label and "(1 of them deduced)" in label
    # the chart's CSV holds exactly the stacked segments it draws
    drawn = charts.read_chart_data(tmp_path / "figures" / "responses_by_cycle.csv").set_index("Stage")
    assert list(drawn.columns) == ["Review", "Supported or to be examined", "Supported", "Partially supported",
                                   "Noted or rejected"]
    assert drawn.at["Working Group", "Supported or to be examined"] == 117
    assert drawn.at["Working Group", "Noted or rejected"] == 50
    assert drawn.loc["Final", ["Supported", "Partially supported", "Noted or rejected"]].tolist() == [81, 6, 80]


@pytest.mark.slow
def test_non_default_parameters(tmp_path):
    cycles, issues, min_recs = [3, 2], ["nhri", "labour", "disabilities", "special procedures", "Right to food"], 3
    run_notebook("upr", tmp_path, cycles=cycles, top_n_states=5, issues=issues, top_n_issues=4, min_recommendations=min_recs)
    payload = json.loads((tmp_path / "metrics.json").read_text(encoding="utf-8"))
    m = {k: v["value"] for k, v in payload["metrics"].items()}
    assert payload["parameters"]["cycles"] == [3, 2]

    # per-cycle counts, straight from upr_cycles
    table = ca.load("upr_cycles").set_index("cycle")
    for c in (2, 3):
        assert m[f"recommendations_c{c}"] == int(table.at[c, "n_recommendations"])
        assert m[f"wg_supported_or_examined_c{c}"] == int(table.at[c, "wg_supported_or_examined"])
        assert m[f"wg_noted_or_rejected_c{c}"] == int(table.at[c, "wg_noted_or_not_supported"])
        assert m[f"final_supported_c{c}"] == int(table.at[c, "final_supported"])
        accepted = int(table.at[c, "final_supported"]) + int(table.at[c, "final_partially_supported"])
        assert m[f"accepted_share_c{c}_pct"] == round(100 * accepted / int(table.at[c, "n_recommendations"]), 1)
    assert (m["recommendations_c2"], m["wg_supported_or_examined_c2"], m["wg_noted_or_rejected_c2"]) == (268, 185, 83)
    assert m["final_supported_c3"] == 132
    assert m["recommendations_total"] == 268 + 262
    assert "recommendations_c1" not in m and "accepted_at_hrc13_c1" not in m and "c1_final_known" not in m
    assert m["data_runs_to"] == "UPR cycle 4, 2024"

    # per-recommendation views: cycle 2 only (cycle 3 has no such data)
    recs = ca.load("upr_recommendations")
    c2 = recs[recs["cycle"] == 2]
    assert m["per_rec_cycles"] == "2 (2014)"
    assert m["recommending_states"] == c2["state"].nunique() == 82
    per_state = c2.groupby("state").size()
    assert m["top_states"] == "; ".join(sorted(per_state[per_state == per_state.max()].index))
    assert m["top_state_recommendations"] == per_state.max()
    per_region = c2.groupby("region").size()
    assert m["top_region"] == per_region.idxmax()
    assert m["top_region_share_pct"] == round(100 * per_region.max() / len(c2), 1)

    # acceptance by issue, among the chosen tags with enough known final responses
    long = ca.load("upr_issues")
    long = long[(long["cycle"] == 2) & long["issue"].isin([i.lower() for i in issues])]
    known = long[long["response_final"] != "unknown"]
    rate = known.groupby("issue")["response_final"].apply(lambda s: s.isin(["supported", "partially supported"]).mean())
    rate = rate[known.groupby("issue").size() >= min_recs]
    assert m["issues_shown"] == len(rate) == 5
    assert m["highest_acceptance_issue"] == "; ".join(sorted(rate[rate == rate.max()].index))
    assert m["highest_acceptance_pct"] == round(100 * rate.max(), 1)
    assert m["lowest_acceptance_issue"] == "; ".join(sorted(rate[rate == rate.min()].index))
    assert m["lowest_acceptance_pct"] == round(100 * rate.min(), 1)
    nhri = long[long["issue"] == "nhri"]
    assert m["nhri_recommendations"] == len(nhri) == 6
    assert m["nhri_accepted"] == nhri["response_final"].isin(["supported", "partially supported"]).sum() == 0
    assert m["nhri_unknown"] == 0

    slugs = [f["slug"] for f in payload["figures"]]
    assert slugs == ["responses_by_cycle", "recommendations_by_state", "recommendations_by_region",
                     "recommendations_by_issue", "acceptance_by_issue"]
    for slug in slugs:
        assert (tmp_path / "figures" / f"{slug}.png").exists()


@pytest.mark.slow
def test_cycles_without_per_rec_data(tmp_path):
    run_notebook("upr", tmp_path, cycles=[4])
    payload = json.loads((tmp_path / "metrics.json").read_text(encoding="utf-8"))
    m = {k: v["value"] for k, v in payload["metrics"].items()}
    table = ca.load("upr_cycles").set_index("cycle")
    assert m["recommendations_c4"] == int(table.at[4, "n_recommendations"]) == 294
    assert m["wg_supported_or_examined_c4"] is None  # the sources do not state it
    assert m["wg_noted_or_rejected_c4"] == 88
    assert "recommending_states" not in m and "highest_acceptance_issue" not in m
    assert [f["slug"] for f in payload["figures"]] == ["responses_by_cycle"]


@pytest.mark.slow
@pytest.mark.parametrize(
    "parameters, message",
    [
        ({"cycles": [1, 5]}, "parameter cycles has unknown cycle(s) [5]"),
        ({"cycles": []}, "parameter cycles is empty"),
        ({"top_n_states": 0}, "parameter top_n_states=0 must be a whole number of at least 1"),
        ({"issues": ["nhri", "no such tag"]}, "parameter issues has unknown issue tag(s) ['no such tag']"),
    ],
)
def test_invalid_parameter(tmp_path, parameters, message):
    from papermill.exceptions import PapermillExecutionError

    with pytest.raises(PapermillExecutionError) as err:
        run_notebook("upr", tmp_path, **parameters)
    assert err.value.ename == "ParameterError"
    assert message in err.value.evalue
    assert not (tmp_path / "metrics.json").exists()
