"""Tests of cohen_analysis.analysis.upr: small frames first, then the real data's key figures."""

import math

import pandas as pd
import pytest

import cohen_analysis as ca
from cohen_analysis.analysis import upr as an
from cohen_analysis.notebook import ParameterError


# ------------------------------------------------------------------------------------ fixtures
def _table(rows):
    cols = ["cycle", "review_year", "n_recommendations", "wg_supported_or_examined", "wg_noted_or_not_supported",
            "final_supported", "final_partially_supported", "final_not_supported", "supported_at_adoption"]
    return pd.DataFrame(rows, columns=cols).astype("Int64")


@pytest.fixture
def table():
    return _table([
        [1, 2009, 10, 6, 4, 3, 1, 6, 0],
        [2, 2014, 20, None, 5, 8, None, 7, 8],  # WG part and final partial not stated
    ])


def _recs(rows):
    cols = ["cycle", "rec_id", "state", "region", "response_wg", "response_final", "issues"]
    out = pd.DataFrame(rows, columns=cols)  # issues: a list of tags, as upr_recommendations holds them
    return out.astype({"cycle": "Int64"} | {c: "string" for c in cols[1:-1]})


@pytest.fixture
def recs():
    return _recs([
        [1, "90.1", "Chile", "America", "to be examined", "supported", ["labour", "nhri"]],
        [1, "90.2", "Chile", "America", "to be examined", "unknown", ["labour"]],
        [1, "90.3", "Spain", "Europe", "to be examined", "unknown", ["nhri"]],
        [1, "91.1", "Spain", "Europe", "rejected", "rejected", ["death penalty"]],
        [2, "124.1", "Spain", "Europe", "to be examined", "partially supported", ["labour"]],
        [2, "124.2", "Ghana", "Africa", "to be examined", "noted", ["nhri"]],
        [2, "125.1", "Canada", "America", "noted", "noted", ["death penalty", "labour"]],
    ])


@pytest.fixture
def issues_long(recs):
    long = recs.assign(issue=recs["issues"]).explode("issue")
    return long[["cycle", "rec_id", "issue", "response_wg", "response_final"]].astype({"issue": "string"}).reset_index(drop=True)


# ---------------------------------------------------------------------------------- parameters
def test_check_cycles_sorts_and_dedupes(table):
    assert an.check_cycles([2, 1, 2], table) == [1, 2]


@pytest.mark.parametrize(
    "value, message",
    [
        ([], "parameter cycles is empty; choose one or more of [1, 2]"),
        ([1, 5], "parameter cycles has unknown cycle(s) [5]; the DPRK has had UPR cycles [1, 2] (1 = 2009, 2 = 2014)"),
        (1, "parameter cycles=1 must be a list"),
        ("1", "parameter cycles='1' must be a list"),
        ([1, True], "not whole numbers"),
        ([1.0], "not whole numbers"),
    ],
)
def test_check_cycles_rejects(table, value, message):
    with pytest.raises(ParameterError) as err:
        an.check_cycles(value, table)
    assert message in str(err.value)


def test_per_rec_cycles(recs):
    assert an.per_rec_cycles([1, 2, 3, 4], recs) == [1, 2]
    assert an.per_rec_cycles([3, 4], recs) == []


@pytest.mark.parametrize("value", [0, -1, 2.5, True, "3", None])
def test_check_top_n_rejects(value):
    with pytest.raises(ParameterError, match=r"parameter top_n_states=.* must be a whole number of at least 1"):
        an.check_top_n("top_n_states", value)


def test_check_min_recommendations():
    assert an.check_min_recommendations(3) == 3
    with pytest.raises(ParameterError, match="parameter min_recommendations=0"):
        an.check_min_recommendations(0)


def test_check_issues_normalises(issues_long):
    assert an.check_issues([], issues_long, [1]) == []
    assert an.check_issues([" NHRI", "Death  Penalty", "nhri"], issues_long, [1, 2]) == ["nhri", "death penalty"]


def test_check_issues_unknown_tag(issues_long):
    with pytest.raises(ParameterError) as err:
        an.check_issues(["nhri", "bogus"], issues_long, [1, 2])
    assert "parameter issues has unknown issue tag(s) ['bogus']; choose from ['death penalty', 'labour', 'nhri']" == str(err.value)


def test_check_issues_tag_not_in_selected_cycles(issues_long):
    recs2 = issues_long[issues_long["rec_id"] != "91.1"]
    with pytest.raises(ParameterError, match=r"tag\(s\) \['death penalty'\] that no recommendation of cycle\(s\) \[1\] carries"):
        an.check_issues(["death penalty"], recs2, [1])


def test_check_issues_without_per_rec_cycles(issues_long):
    with pytest.raises(ParameterError, match="none of the selected cycles has per-recommendation data"):
        an.check_issues(["nhri"], issues_long, [])


@pytest.mark.parametrize("value", ["nhri", None, [1]])
def test_check_issues_bad_type(issues_long, value):
    with pytest.raises(ParameterError, match="parameter issues"):
        an.check_issues(value, issues_long, [1])


# ------------------------------------------------------------------------------------- cycles
def test_cycle_counts_unknown_is_the_rest(table):
    counts = an.cycle_counts([1, 2], table)
    got = {(c, s, r): (None if pd.isna(n) else int(n)) for c, s, r, n in
           counts[["cycle", "stage", "response", "recommendations"]].itertuples(index=False)}
    assert got[(1, "Working Group", "supported or to be examined")] == 6
    assert got[(1, "Working Group", "unknown")] == 0
    assert got[(2, "Working Group", "supported or to be examined")] is None
    assert got[(2, "Working Group", "noted or rejected")] == 5
    assert got[(2, "Working Group", "unknown")] == 15
    assert got[(2, "Final", "partially supported")] is None
    assert got[(2, "Final", "unknown")] == 5
    assert list(counts["cycle"].unique()) == [1, 2]


def test_cycle_counts_parts_above_total():
    bad = _table([[1, 2009, 10, 8, 4, 3, 1, 6, 0]])
    with pytest.raises(ValueError, match="add up to more than the total 10"):
        an.cycle_counts([1], bad)


def test_cycle_table(table):
    wide = an.cycle_table([2], table)
    row = wide.iloc[0]
    assert int(row["n_recommendations"]) == 20
    assert pd.isna(row["wg_supported_or_to_be_examined"])
    assert int(row["wg_unknown"]) == 15
    assert int(row["final_accepted"]) == 8  # partially supported not stated: counted as none
    assert int(row["supported_at_adoption"]) == 8
    assert row["accepted_share"] == pytest.approx(0.4)


def test_per_rec_vs_table(recs):
    t = _table([[1, 2009, 4, 3, 1, 3, 0, 1, 0]])
    out = an.per_rec_vs_table([1], recs, t).set_index(["stage", "response"])
    assert out.loc[("Working Group", "supported or to be examined"), ["stated", "per_recommendation"]].tolist() == [3, 3]
    assert out.loc[("Final", "supported"), ["stated", "per_recommendation"]].tolist() == [3, 1]
    assert out.loc[("Final", "unknown"), ["stated", "per_recommendation"]].tolist() == [0, 2]
    assert not out.loc[("Final", "supported"), "agree"]


def test_data_runs_to(table):
    assert an.data_runs_to(table) == "UPR cycle 2, 2014"


# ------------------------------------------------------------------------------------ States
def test_state_counts_and_leaders(recs):
    counts = an.state_counts(recs, [1, 2])
    assert counts["state"].tolist() == ["Spain", "Chile", "Canada", "Ghana"]
    assert counts[["cycle_1", "cycle_2", "total"]].iloc[0].tolist() == [2, 1, 3]
    assert an.leaders(counts) == (["Spain"], 3)
    assert an.leaders(an.state_counts(recs, [1])) == (["Chile", "Spain"], 2)  # a tie: both
    assert an.state_counts(recs, [2])["cycle_2"].tolist() == [1, 1, 1]


def test_cutoff_ties(recs):
    counts = an.state_counts(recs, [2])  # Canada, Ghana, Spain: one each
    assert an.cutoff_ties(counts, 1) == 2
    assert an.cutoff_ties(counts, 3) == 0
    assert an.cutoff_ties(counts, 10) == 0


def test_n_recommending_states(recs):
    assert an.n_recommending_states(recs, [1]) == 2
    assert an.n_recommending_states(recs, [1, 2]) == 4


def test_region_counts(recs):
    regions = an.region_counts(recs, [1, 2]).set_index("region")
    assert regions.loc["Europe", ["cycle_1", "cycle_2", "total", "states"]].tolist() == [2, 1, 3, 1]
    assert regions.loc["America", "states"] == 2
    assert regions["share"].sum() == pytest.approx(1.0)
    assert regions.index[0] == "America" and regions.index[1] == "Europe"  # 3 each: alphabetical


# ------------------------------------------------------------------------------------- issues
def test_issue_counts(issues_long):
    counts = an.issue_counts(issues_long, [1, 2]).set_index("issue")
    assert counts.index.tolist() == ["labour", "nhri", "death penalty"]
    assert counts.loc["labour"].to_dict() == {"n": 4, "supported": 1, "partially supported": 1, "noted": 1,
                                              "rejected": 0, "unknown": 1}


def test_select_issues(issues_long):
    counts = an.issue_counts(issues_long, [1, 2])
    assert an.select_issues(counts, [], 2) == ["labour", "nhri"]
    assert an.select_issues(counts, ["nhri"], 2) == ["nhri"]


def test_acceptance_by_issue(issues_long):
    acc = an.acceptance_by_issue(issues_long, [1, 2]).set_index("issue")
    labour = acc.loc["labour"]
    # 90.1 supported, 90.2 unknown, 124.1 partially supported, 125.1 noted
    assert labour[["n", "n_known", "n_accepted", "n_unknown"]].tolist() == [4, 3, 2, 1]
    assert labour["rate"] == pytest.approx(2 / 3)
    assert labour["rate_low"] == pytest.approx(2 / 4)
    assert labour["rate_high"] == pytest.approx(3 / 4)
    assert acc.loc["death penalty", "rate"] == 0.0
    nhri = acc.loc["nhri"]  # 90.1 supported, 90.3 unknown, 124.2 noted
    assert nhri["rate"] == pytest.approx(0.5)
    assert acc.index.tolist() == ["labour", "nhri", "death penalty"]


def test_acceptance_nothing_known():
    recs = _recs([[1, "90.1", "Chile", "America", "to be examined", "unknown", ["labour"]]])
    long = recs.assign(issue=recs["issues"].str[0]).astype({"issue": "string"})
    acc = an.acceptance_by_issue(long, [1])
    assert math.isnan(acc.loc[0, "rate"])
    assert acc.loc[0, "rate_low"] == 0.0 and acc.loc[0, "rate_high"] == 1.0


def test_acceptance_bounds_use_constraints_and_totals():
    # cycle 1 of 6: A supported; B, C not fully accepted; D, E unknown; F noted. Totals: 2 supported,
    # 1 partially supported, 3 not accepted.
    recs = _recs([
        [1, "90.1", "Chile", "America", "to be examined", "supported", ["labour"]],
        [1, "90.2", "Chile", "America", "to be examined", "unknown", ["labour"]],
        [1, "90.3", "Chile", "America", "to be examined", "unknown", ["labour"]],
        [1, "90.4", "Chile", "America", "to be examined", "unknown", ["labour"]],
        [1, "90.5", "Chile", "America", "to be examined", "unknown", ["nhri"]],
        [1, "90.6", "Chile", "America", "to be examined", "noted", ["nhri"]],
    ]).assign(response_final_possible=[["supported"], ["partially supported", "noted", "rejected"],
                                       ["partially supported", "noted", "rejected"], ["unknown"], ["unknown"], ["noted"]])
    long = recs.assign(issue=recs["issues"].str[0]).astype({"issue": "string"})
    free = an.acceptance_by_issue(long, [1]).set_index("issue")
    # without totals: B and C may be partial acceptances, D anything
    assert free.loc["labour", ["n_known", "n_accepted", "accepted_low", "accepted_high"]].tolist() == [1, 1, 1, 4]
    totals = _table([[1, 2009, 6, 6, 0, 2, 1, 3, 0]])
    bound = an.acceptance_by_issue(long, [1], totals).set_index("issue")
    # left after A and F: 1 supported, 1 partial, 2 not accepted. Only D or E can take the supported one;
    # the partial one goes to B, C or D unless E takes it, and E cannot take both: at least one more in labour
    assert bound.loc["labour", ["accepted_low", "accepted_high"]].tolist() == [2, 3]
    assert bound.loc["nhri", ["accepted_low", "accepted_high"]].tolist() == [0, 1]
    assert bound.loc["labour", "rate_high"] == pytest.approx(3 / 4)
    # totals that cannot be met fall back to the constraints of each recommendation
    impossible = _table([[1, 2009, 6, 6, 0, 0, 0, 6, 0]])
    assert an.acceptance_by_issue(long, [1], impossible).set_index("issue").loc["labour", "accepted_high"] == 4


def test_shown_acceptance_and_extremes(issues_long):
    acc = an.acceptance_by_issue(issues_long, [1, 2])
    shown = an.shown_acceptance(acc, ["labour", "nhri", "death penalty"], 2)
    assert shown["issue"].tolist() == ["labour", "nhri", "death penalty"]
    assert an.extreme_acceptance(shown, "max") == (["labour"], pytest.approx(2 / 3))
    assert an.extreme_acceptance(shown, "min") == (["death penalty"], 0.0)
    assert an.shown_acceptance(acc, ["labour", "nhri"], 3)["issue"].tolist() == ["labour"]
    with pytest.raises(ParameterError, match="min_recommendations=5"):
        an.shown_acceptance(acc, ["labour"], 5)


def test_extreme_ties():
    shown = pd.DataFrame({"issue": ["a", "b", "c"], "rate": [0.0, 0.5, 0.0]})
    assert an.extreme_acceptance(shown, "min") == (["a", "c"], 0.0)


def test_issue_records(recs):
    out = an.issue_records(recs, "nhri", [1, 2])
    assert out["rec_id"].tolist() == ["90.1", "90.3", "124.2"]
    assert out.columns.tolist() == ["cycle", "rec_id", "state", "response_wg", "response_final"]
    assert an.issue_records(recs, "lab", [1, 2]).empty  # whole tags only


def test_unknown_share(recs):
    assert an.unknown_share(recs, [1]) == pytest.approx(0.5)
    assert an.unknown_share(recs, [2]) == 0.0


def test_labels():
    assert an.issue_label("nhri") == "NHRI"
    assert an.issue_label("torture and other cid treatment") == "Torture and other CID treatment"
    assert an.issue_label("no such tag") == "no such tag"
    assert an.name_list(["nhri"]) == "'NHRI'"
    assert an.name_list(["nhri", "labour"]) == "'NHRI' and 'Labour'"
    assert an.name_list(["nhri", "labour", "justice", "detention"]) == "'NHRI', 'Labour' and 2 other tags"


# ------------------------------------------------------------------------------ the real data
@pytest.fixture(scope="module")
def data():
    return ca.load("upr_cycles"), ca.load("upr_recommendations"), ca.load("upr_issues")


def test_real_cycle_figures(data):
    table, _, _ = data
    wide = an.cycle_table([1, 2, 3, 4], table).set_index("cycle")
    assert wide["n_recommendations"].tolist() == [167, 268, 262, 294]
    assert wide.loc[1, ["wg_supported_or_to_be_examined", "wg_noted_or_rejected"]].tolist() == [117, 50]
    assert wide.loc[2, ["wg_supported_or_to_be_examined", "wg_noted_or_rejected"]].tolist() == [185, 83]
    assert wide.loc[3, ["wg_supported_or_to_be_examined", "wg_noted_or_rejected"]].tolist() == [199, 63]
    assert pd.isna(wide.loc[4, "wg_supported_or_to_be_examined"]) and wide.loc[4, "wg_unknown"] == 206
    assert wide["final_supported"].tolist() == [81, 113, 132, 143]
    assert wide["final_partially_supported"].tolist() == [6, 1, 0, 7]
    assert wide["final_unknown"].tolist() == [0, 0, 0, 0]
    assert wide.loc[1, "supported_at_adoption"] == 0
    assert an.data_runs_to(table) == "UPR cycle 4, 2024"


def test_real_per_rec_agrees_with_totals(data):
    table, recs, _ = data
    check = an.per_rec_vs_table([1, 2], recs, table)
    assert check.loc[check["cycle"] == 2, "agree"].all()
    assert check.loc[(check["cycle"] == 1) & (check["stage"] == "Working Group"), "agree"].all()
    c1_final = check[(check["cycle"] == 1) & (check["stage"] == "Final")].set_index("response")["per_recommendation"]
    # 90.4 noted and 90.71, 90.82 noted or rejected count as "noted or rejected"; 90.5-90.16 stay unknown
    assert c1_final.to_dict() == {"supported": 6, "partially supported": 1, "noted or rejected": 53, "unknown": 107}


def test_real_states(data):
    table, recs, _ = data
    assert an.n_recommending_states(recs, [1]) == 46 == table.set_index("cycle").at[1, "n_recommending_states"]
    assert an.n_recommending_states(recs, [2]) == 82 == table.set_index("cycle").at[2, "n_recommending_states"]
    assert an.n_recommending_states(recs, [1, 2]) == 89
    assert an.leaders(an.state_counts(recs, [1, 2])) == (["Chile"], 14)
    assert an.leaders(an.state_counts(recs, [1])) == (["Chile"], 9)
    regions = an.region_counts(recs, [1, 2]).set_index("region")
    assert regions.loc["Europe", "total"] == 187 and regions["total"].sum() == 435


def test_real_acceptance(data):
    _, recs, issues = data
    acc = an.acceptance_by_issue(issues, [1, 2]).set_index("issue")
    assert acc.loc["right to health", ["n", "n_known", "n_accepted"]].tolist() == [25, 17, 16]
    assert acc.loc["death penalty", ["n", "n_known", "n_accepted"]].tolist() == [32, 32, 0]
    top = an.select_issues(an.issue_counts(issues, [1, 2]), [], 15)
    shown = an.shown_acceptance(acc.reset_index(), top, 10)
    assert an.extreme_acceptance(shown, "max") == (["right to health"], pytest.approx(16 / 17))
    assert an.extreme_acceptance(shown, "min") == (["death penalty"], 0.0)
    nhri = an.issue_records(recs, "nhri", [1, 2])
    assert nhri.iloc[0][["cycle", "rec_id", "state", "response_final"]].tolist() == [1, "90.25", "United States", "unknown"]
    assert (nhri.loc[nhri["cycle"] == 2, "response_final"] == "noted").sum() == 6
    assert an.unknown_share(recs, [1]) == pytest.approx(109 / 167)


def test_real_final_coverage(data):
    _, recs, _ = data
    cover = an.final_coverage(recs, 1)
    assert (cover["n"], cover["known"], cover["known_deduced"], cover["partial"], cover["none"]) == (117, 8, 1, 14, 95)
    assert cover["known_ids"] == ["90.1", "90.2", "90.3", "90.4", "90.17", "90.18", "90.19", "90.20"]
    assert cover["accepted_ids"] == ["90.1", "90.2", "90.3", "90.17", "90.18", "90.19", "90.20"]
    assert cover["partial_ids"] == [f"90.{n}" for n in range(5, 17)] + ["90.71", "90.82"]


def test_real_acceptance_bounds(data):
    table, recs, issues = data
    acc = an.acceptance_by_issue(issues, [1], table, recs).set_index("issue")
    free = an.acceptance_by_issue(issues, [1], None, recs).set_index("issue")
    cols = ["n", "n_known", "n_accepted", "accepted_low", "accepted_high"]
    # international instruments: 10 of 90.5-90.16 carry the tag; with 90.1 partially accepted only 5 of
    # the 6 partial acceptances are left for them, so the stated totals bring the most from 20 to 15
    assert acc.loc["international instruments", cols].tolist() == [28, 12, 4, 4, 15]
    assert free.loc["international instruments", ["accepted_low", "accepted_high"]].tolist() == [4, 20]
    assert acc.loc["rights of the child", cols].tolist() == [17, 6, 2, 2, 13]
    assert acc.loc["death penalty", cols].tolist() == [9, 9, 0, 0, 0]
    both = an.acceptance_by_issue(issues, [1, 2], table, recs).set_index("issue")
    assert both.loc["international instruments", ["rate_low", "rate_high"]].tolist() == [
        pytest.approx(21 / 68), pytest.approx(32 / 68)]
    assert both.loc["right to health", ["rate", "rate_low", "rate_high"]].tolist() == [
        pytest.approx(16 / 17), pytest.approx(16 / 25), pytest.approx(24 / 25)]
