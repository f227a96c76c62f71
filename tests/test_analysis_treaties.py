"""The computations behind notebooks/treaties_votes.ipynb (cohen_analysis.analysis.treaties)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import cohen_analysis as ca
from cohen_analysis.analysis import treaties as an
from cohen_analysis.notebook import ParameterError


@pytest.fixture(scope="module")
def treaties():
    return ca.load("treaties")


@pytest.fixture(scope="module")
def votes():
    return ca.load("un_votes")


def vote_row(vote_id, body, date, precision="day", yes=None, no=None, abstain=None, mode="recorded vote",
             preferred=True, subject="resolution", derived=False):
    counts = [yes, no, abstain]
    voted = {"recorded vote": True, "without vote": False, "not stated": pd.NA}[mode]
    return {
        "vote_id": vote_id, "body": body, "subject": subject, "date": pd.Timestamp(date), "date_precision": precision,
        "date_derived": derived, "yes": yes, "no": no, "abstain": abstain, "adoption_mode": mode, "voted": voted,
        "adopted_without_vote": pd.NA if voted is pd.NA else not voted,
        "counts_complete": all(c is not None for c in counts), "preferred": preferred,
    }  # fmt: skip


def frame(rows):
    df = pd.DataFrame(rows)
    for c in ("yes", "no", "abstain"):
        df[c] = df[c].astype("Int64")
    for c in ("voted", "adopted_without_vote", "counts_complete", "preferred", "date_derived"):
        df[c] = df[c].astype("boolean")
    for c in ("vote_id", "body", "subject", "date_precision", "adoption_mode"):
        df[c] = df[c].astype("string")
    return df


@pytest.fixture
def small_votes():
    return frame([
        vote_row("A-2005", "UNGA plenary", "2005-12-16", yes=88, no=21, abstain=60),
        vote_row("A-2006", "UNGA plenary", "2006-12-01", "month"),  # recorded vote, tally not found
        vote_row("A-2012", "UNGA plenary", "2012-12-01", "month", mode="without vote"),
        vote_row("A-2014", "UNGA plenary", "2014-12-18", yes=116, no=20, abstain=53),
        vote_row("A-2014", "UNGA plenary", "2014-12-18", yes=116, no=20, abstain=55, preferred=False),
        vote_row("A-2020", "UNGA plenary", "2020-12-16", mode="not stated"),
        vote_row("H-2008", "HRC", "2008-03-27", yes=22, no=7, abstain=18),
        vote_row("H-2010", "HRC", "2010-03-01", "month", yes=28, no=5, abstain=13, derived=True),
        vote_row("H-2015", "HRC", "2015-03-27", yes=27),
        vote_row("A-2014-am", "UNGA Third Committee", "2014-11-18", yes=40, subject="amendment"),
        vote_row("S-2014", "UNSC", "2014-12-22", yes=11, no=2, abstain=2, subject="agenda"),
    ])  # fmt: skip


# ------------------------------------------------------------------------------------ treaties
def test_un_admission_is_17_september_1991():
    assert an.un_admission() == dt.date(1991, 9, 17)


def test_essay_treaties_only_cedaw_after_admission(treaties):
    table = an.essay_treaty_table(treaties)
    assert list(table["treaty"]) == ["ICCPR", "ICESCR", "Genocide Convention", "CRC", "CEDAW"]
    assert an.joined_after(table) == ["CEDAW"]
    assert an.joined_before(table) == ["ICCPR", "ICESCR", "Genocide Convention", "CRC"]
    labels = dict(zip(table["treaty"], table["date_label"]))
    assert labels == {"ICCPR": "14 Sep 1981", "ICESCR": "14 Sep 1981", "Genocide Convention": "31 Jan 1989",
                      "CRC": "Sep 1990", "CEDAW": "2001"}  # fmt: skip
    basis = dict(zip(table["treaty"], table["date_basis"]))
    assert basis["ICCPR"] == "derived" and basis["ICESCR"] == "commonly cited" and basis["CEDAW"] == "stated"
    assert set(table["event"]) == {"accession"}


def test_essay_table_uses_preferred_rows_not_the_conflicting_1982(treaties):
    table = an.essay_treaty_table(treaties)
    assert (table["date"].dt.year == 1981).sum() == 2  # the "1982" rows (preferred no) are left out


def test_crpd_and_withdrawal(treaties):
    assert an.crpd_ratification(treaties) == "Dec 2016"
    notice = an.withdrawal_notice(treaties)
    assert notice["treaty"] == "ICCPR" and notice["date_label"] == "Aug 1997"


def test_timeline_orders_treaties_by_binding_date(treaties):
    order, events = an.timeline_events(treaties)
    assert order == ["ICCPR", "ICESCR", "Genocide Convention", "CRC", "CEDAW", "OPSC", "CRPD"]
    assert events["preferred"].all()
    assert events.groupby("treaty")["binding"].sum().to_dict() == {t: 1 for t in order}
    assert set(events.loc[events["treaty"] == "OPSC", "event"]) == {
        "signature", "domestic approval", "ratification", "entry into force"}  # fmt: skip


def test_essay_table_fails_without_a_binding_event(treaties):
    with pytest.raises(ValueError, match="CEDAW"):
        an.essay_treaty_table(treaties[treaties["treaty"] != "CEDAW"])


# --------------------------------------------------------------------------------------- votes
def test_resolution_states(small_votes):
    res = an.resolutions(small_votes)
    states = dict(zip(res["vote_id"], res["state"]))
    assert states == {"A-2005": "complete", "A-2006": "partial", "A-2012": "without vote", "A-2014": "complete",
                      "A-2020": "not stated", "H-2008": "complete", "H-2010": "complete", "H-2015": "partial"}  # fmt: skip
    assert list(res["body"].unique()) == ["UNGA plenary", "HRC"]  # cleaner's body order
    assert res.loc[res["vote_id"] == "A-2014", "abstain"].tolist() == [53]  # the preferred tally


def test_bodies_and_span(small_votes):
    assert an.vote_bodies(small_votes) == ["UNGA plenary", "HRC"]  # no resolution of TC or UNSC
    assert an.vote_year_span(small_votes) == (2005, 2020)
    assert an.vote_year_span(small_votes, ["HRC"]) == (2008, 2015)
    assert an.data_runs_to(small_votes) == 2020
    assert an.resolve_years(None, None, small_votes) == (2005, 2020)
    assert an.resolve_years(2010, None, small_votes) == (2010, 2020)
    assert an.resolve_bodies(None, small_votes) == ["UNGA plenary", "HRC"]


def test_select_and_summarise(small_votes):
    sel = an.select_votes(small_votes, 2005, 2020, ["UNGA plenary", "HRC"])
    assert len(sel) == 8
    assert an.adopted_without_vote_count(sel) == 1
    assert an.latest_tally(sel) == {"UNGA plenary": "116-20-53 (18 Dec 2014)", "HRC": "28-5-13 (Mar 2010)"}
    assert an.latest_adoption(sel) == {"UNGA plenary": "2020, mode not stated", "HRC": "2015, recorded vote, tally incomplete"}
    margin = an.largest_yes_margin(sel)
    assert (margin["body"], margin["year"], margin["margin"], margin["tally"]) == ("UNGA plenary", 2014, 96, "116-20-53")
    assert an.disputed_tallies(small_votes, sel) == {"General Assembly plenary, 2014": "shown 116-20-53; also reported 116-20-55"}
    assert an.inferred_dates(sel) == ["Human Rights Council, 2010"]
    hrc = an.select_votes(small_votes, 2009, 2015, ["HRC"])
    assert list(hrc["vote_id"]) == ["H-2010", "H-2015"]
    assert an.largest_yes_margin(hrc)["margin"] == 23


def test_largest_margin_none_without_counts(small_votes):
    sel = an.select_votes(small_votes, 2012, 2012, ["UNGA plenary"])
    assert an.largest_yes_margin(sel) is None
    assert an.latest_tally(sel) == {}


def test_tally_text_marks_missing_counts():
    assert an.tally_text({"yes": 27, "no": pd.NA, "abstain": pd.NA}) == "27-?-?"


@pytest.mark.parametrize(
    "start, end, bodies, message",
    [
        (2015, 2010, ["HRC"], "start_year=2015 is after end_year=2010"),
        (2000, 2010, ["HRC"], "fall outside the data, which run from 2005 to 2020"),
        (2005, 2030, ["HRC"], "fall outside the data"),
        (2005, 2020, ["Security Council"], "parameter bodies has unknown value(s) ['Security Council']"),
        (2005, 2020, ["UNSC"], "unknown value(s) ['UNSC']"),  # an agenda vote, no resolution
        (2005, 2020, [], "parameter bodies is empty"),
        (2005, 2020, "HRC", "must be a list of body names"),
        (2005, 2020, ["HRC", "HRC"], "names a body twice"),
        (2016, 2020, ["HRC"], "no resolution of ['HRC'] from 2016 to 2020 in the data (their votes run: HRC 2008-2015)"),
        ("2005", 2020, ["HRC"], "start_year='2005' must be a whole year"),
    ],
)
def test_select_votes_rejects_bad_parameters(small_votes, start, end, bodies, message):
    with pytest.raises(ParameterError) as info:
        an.select_votes(small_votes, start, end, bodies)
    assert message in str(info.value)


def test_check_show_reviews():
    an.check_show_reviews(True)
    with pytest.raises(ParameterError, match="show_reviews='yes' must be True or False"):
        an.check_show_reviews("yes")


def test_disputed_ignores_reports_that_only_lack_counts(small_votes):
    extra = frame([vote_row("A-2005", "UNGA plenary", "2005-12-01", "month", preferred=False),  # counts not found
                   vote_row("A-2005", "UNGA plenary", "2005-12-16", yes=88, no=21, abstain=60, preferred=False)])  # fmt: skip
    votes = pd.concat([small_votes, extra], ignore_index=True)
    sel = an.select_votes(votes, 2005, 2005, ["UNGA plenary"])
    assert an.disputed_tallies(votes, sel) == {}


def test_coverage_and_without_vote_sentence(small_votes):
    sel = an.select_votes(small_votes, 2005, 2020, ["UNGA plenary", "HRC"])
    cov = an.coverage(sel, small_votes, 2005, 2020, ["UNGA plenary", "HRC"]).set_index("body")
    assert cov.loc["UNGA plenary", "missing"] == [2007, 2008, 2009, 2010, 2011, 2013, 2015, 2016, 2017, 2018, 2019]
    assert cov.loc["HRC", "missing"] == [2009, 2011, 2012, 2013, 2014]
    summary = an.without_vote_summary(sel, small_votes, 2005, 2020)
    assert (summary["without"], summary["total"], summary["recorded"], summary["not_stated"]) == (1, 8, 6, 1)
    assert an.without_vote_sentence(summary) == (
        "1 of the 8 adoptions (General Assembly plenary 2005-2020, Human Rights Council 2008-2015; 16 years not "
        "found (General Assembly plenary 2007-2011, 2013, 2015-2019; Human Rights Council 2009, 2011-2014)) were "
        "without a vote; for 1 the mode is not stated, the first in 2012"
    )
    table = an.record_by_body(sel, small_votes, 2005, 2020, ["UNGA plenary", "HRC"])
    assert table.to_dict("records")[1] == {"Body": "Human Rights Council", "Years": "2008-2015", "Adoptions": 3,
                                           "Recorded votes": 3, "Without a vote": 0, "Mode not stated": 0,
                                           "Years not found": "2009, 2011-2014"}  # fmt: skip


def test_final_adoptions_count_a_text_once():
    votes = frame([vote_row("T", "UNGA Third Committee", "2012-11-27", mode="without vote"),
                   vote_row("P", "UNGA plenary", "2012-12-20", mode="without vote")])  # fmt: skip
    sel = an.select_votes(votes, 2012, 2012, ["UNGA Third Committee", "UNGA plenary"])
    assert list(an.final_adoptions(sel)["vote_id"]) == ["P"]
    only_tc = an.select_votes(votes, 2012, 2012, ["UNGA Third Committee"])
    assert list(an.final_adoptions(only_tc)["vote_id"]) == ["T"]


# ---------------------------------------------------------------------------- the real data
def test_real_votes_key_numbers(votes):
    assert an.vote_bodies(votes) == ["UNGA Third Committee", "UNGA plenary", "HRC"]
    sel = an.select_votes(votes, *an.vote_year_span(votes), an.vote_bodies(votes))
    assert an.vote_year_span(votes) == (2005, 2025)
    assert len(sel) == 59  # Third Committee 2005-2025, plenary 2005-2024, HRC 2008-2025
    assert an.adopted_without_vote_count(sel) == 35
    assert an.latest_tally(sel) == {
        "UNGA Third Committee": "112-19-50 (19 Nov 2015)",
        "UNGA plenary": "119-19-48 (17 Dec 2015)",
        "HRC": "27-6-14 (27 Mar 2015)",
    }
    assert an.latest_adoption(sel) == {"UNGA Third Committee": "2025, without a vote",
                                       "UNGA plenary": "2024, without a vote", "HRC": "2025, without a vote"}  # fmt: skip
    margin = an.largest_yes_margin(sel)
    assert (margin["body"], margin["date_label"], margin["tally"], margin["margin"]) == (
        "UNGA plenary", "19 Dec 2011", "123-16-51", 107)  # fmt: skip
    assert an.data_runs_to(votes) == 2025
    assert set(sel["subject"]) == {"resolution"}  # amendment and UNSC agenda vote left out
    assert an.disputed_tallies(votes, sel) == {
        "Third Committee, 2009": "shown 97-19-65; also reported 96-19-65",
        "Third Committee, 2010": "shown 100-18-60; also reported 103-?-?",
        "General Assembly plenary, 2007": "shown 101-22-59; also reported 102-22-58",
        "General Assembly plenary, 2009": "shown 99-20-63; also reported 98-20-63",
        "General Assembly plenary, 2010": "shown 106-20-57; also reported 106-21-55",
        "General Assembly plenary, 2014": "shown 116-20-53; also reported 116-20-52, 116-20-55",
        "Human Rights Council, 2014": "shown 30-6-11; also reported 30-6-9",
    }
    assert an.inferred_dates(sel) == ["Third Committee, 2016"]


def test_recomputed_without_vote_statistic(votes):
    """The published "10 of 29" on the complete record: 22 of 37 resolutions (plenary 2005-2024 and
    HRC 2008-2024), 33 of 57 adoptions with the Third Committee."""
    bodies = ["UNGA Third Committee", "UNGA plenary", "HRC"]
    sel = an.select_votes(votes, 2005, 2024, bodies)
    final = an.final_adoptions(sel)
    summary = an.without_vote_summary(final, votes, 2005, 2024)
    assert (summary["without"], summary["total"], summary["first_year"]) == (22, 37, 2012)
    assert summary["coverage"] == "General Assembly plenary 2005-2024, Human Rights Council 2008-2024; every year's record found"
    everything = an.without_vote_summary(sel, votes, 2005, 2024)
    assert (everything["without"], everything["total"], everything["recorded"]) == (33, 57, 24)
    assert an.without_vote_sentence(summary, noun="resolutions") == (
        "22 of the 37 resolutions (General Assembly plenary 2005-2024, Human Rights Council 2008-2024; every year's "
        "record found) were without a vote, the first in 2012"
    )
    table = an.record_by_body(sel, votes, 2005, 2024, bodies)
    assert table[["Adoptions", "Recorded votes", "Without a vote"]].values.tolist() == [[20, 9, 11], [20, 9, 11], [17, 6, 11]]
    assert set(table["Years not found"]) == {"none"}
    grid = an.record_by_year(sel, bodies).set_index("Year")
    assert grid.loc[2010].tolist() == ["100-18-60", "106-20-57", "28-5-13"]
    assert grid.loc[2006, "Human Rights Council"] == "" and grid.loc[2012].tolist() == ["without a vote"] * 3


# ---------------------------------------------------------------------- how States voted
@pytest.fixture(scope="module")
def roll_calls():
    return ca.load("unga_roll_calls")


@pytest.fixture(scope="module")
def upr():
    return ca.load("upr_recommendations")


def test_roll_call_grid(roll_calls):
    grid = an.roll_call_grid(roll_calls)
    assert len(grid) == 193  # 192 names; the 2005 seat of Serbia and Montenegro passed to Serbia
    assert list(grid.columns) == ["State", "Region", "2005", "2006", "2007", "2008", "2009", "2010", "2011", "2014",
                                  "2015", "Yes", "No", "Abstain"]  # fmt: skip
    korea = grid.set_index("State").loc["South Korea"]
    assert korea[["2005", "2006", "2007", "2008"]].tolist() == ["abstain", "yes", "abstain", "yes"]
    assert grid[["Yes", "No", "Abstain"]].sum().tolist() == [945, 181, 509]  # 1,635 votes in all: the nine totals summed
    assert grid[["Yes", "No", "Abstain"]].sum().sum() == len(roll_calls)


def test_states_that_always_voted_no(roll_calls):
    table = an.always_no(roll_calls).set_index("State")
    assert list(table.index) == ["Belarus", "China", "Cuba", "Egypt", "Iran", "North Korea", "Oman", "Russia", "Sudan",
                                 "Syria", "Uzbekistan", "Venezuela", "Vietnam", "Zimbabwe"]  # fmt: skip
    assert table.loc["Oman", "Votes cast"] == 7 and table.loc["Uzbekistan", "Votes cast"] == 8
    assert (table.drop(["Oman", "Uzbekistan"])["Votes cast"] == 9).all()


def test_upr_recommending_states_and_their_votes(roll_calls, upr):
    link = an.upr_vote_link(roll_calls, upr).set_index("UPR review")
    assert link.loc[2009, ["Recommending States", "Voted yes", "Voted no", "Abstained", "Did not vote",
                           "Not in the roll-call data", "States voting no", "of which recommending"]].tolist() == [
        46, 27, 10, 7, 1, 1, 20, 10]  # fmt: skip
    assert link.loc[2014, ["Recommending States", "Voted yes", "Voted no", "Abstained", "Did not vote",
                           "Not in the roll-call data", "States voting no", "of which recommending"]].tolist() == [
        82, 53, 15, 14, 0, 0, 20, 15]  # fmt: skip
    assert link.loc[2009, "Recommending States that voted no"] == (
        "Algeria, Belarus, Cuba, Iran, Libya, Malaysia, Syria, Venezuela, Vietnam, Zimbabwe")
    assert link.loc[2009, "Not in the roll-call data (States)"] == "Palestine"  # an observer State, no vote
    sentence = an.upr_link_sentence(link.reset_index())
    assert sentence.startswith("Of the 46 States that made recommendations at the 2009 review, 27 voted yes")
    assert "15 of the 20 States voting no had made recommendations." in sentence


def test_upr_states_join_the_roll_calls_without_unmatched_names(roll_calls, upr):
    """Every UPR State name maps to an ISO3 code, and every recommending State but the observer State
    Palestine is a State of the roll-call data."""
    assert an.unmatched_upr_states(roll_calls, upr) == []
    recommending = set(upr.loc[upr["review_year"].isin([2009, 2014]), "iso3"])
    assert sorted(recommending - set(roll_calls["iso3"])) == ["PSE"]


def test_upr_link_skips_review_years_outside_the_roll_calls(roll_calls, upr):
    link = an.upr_vote_link(roll_calls[roll_calls["year"] >= 2010], upr)
    assert list(link["UPR review"]) == [2014]
