"""The essay checks: values recomputed from the data, and verdicts that follow the data."""

import pandas as pd
import pytest

import cohen_analysis as ca
from cohen_analysis.analysis import essay


@pytest.fixture(scope="module")
def table():
    return essay.check_claims().set_index("claim_id")


def test_every_claim_checked_with_a_known_verdict(table):
    claims = ca.load("essay_claims")
    assert list(table.index) == list(claims["claim_id"])
    assert set(table["verdict"]) <= set(essay.VERDICTS)


def test_prisoner_range_reproduced_from_hawk_2003(table):
    row = table.loc["C01"]
    assert row["verdict"] == "reproduced"
    assert row["value_then"].startswith("150,000-200,000")
    assert "53,000-65,000" in row["value_now"] and "2025" in row["value_now"]


def test_defectors_some_18000(table):
    row = table.loc["C02"]
    assert row["value_then"] == "17,998 arrivals by end-2009"
    assert row["value_now"] == "34,537 arrivals by end-2025"
    assert row["verdict"] == "reproduced"


def test_defector_tolerance_can_fail():
    tight = essay.Data(tolerance=0.0001)
    claim = ca.load("essay_claims").set_index("claim_id").loc["C02"]
    assert essay.check_defector_stock(claim, tight).verdict == "differs"


def test_treaties_before_and_after_un_admission(table):
    assert table.loc["C03", "verdict"] == "reproduced"
    row = table.loc["C04"]
    assert row["verdict"] == "differs"
    assert row["value_then"] == "1 of 5 after admission (CEDAW)"
    assert "17 Sep 1991" in row["reason"]


def test_treaty_dates_against_un_admission():
    data = essay.Data()
    dates = essay.essay_treaty_dates(data).set_index("treaty")
    assert essay.un_admission(data) == pd.Timestamp("1991-09-17")
    assert dates.loc["ICCPR", "date"] == pd.Timestamp("1981-09-14")
    assert dates.loc["CRC", "date_precision"] == "month"
    assert dates.loc["CEDAW", "date"].year == 2001


def test_upr_figures(table):
    assert table.loc["C06", "value_then"] == "167 recommendations: 50 rejected, 117 to be examined"
    assert table.loc["C05", "verdict"] == "partly"
    assert "0 accepted at HRC13" in table.loc["C07", "value_then"]
    assert "81 supported, 6 partly" in table.loc["C07", "value_now"]


@pytest.mark.parametrize(
    "claim_id, then, now_part",
    [
        ("C08", "90.25 (United States): to be examined", "nhri"),
        ("C09", "90.1 (Chile), 90.2 (Philippines): to be examined", "CRPD ratified Dec 2016"),
        ("C10", "90.10 (Brazil), 90.11 (Spain), 90.12 (United States): to be examined", "ILO: still not a member"),
        ("C11", "90.42 (South Korea): to be examined", "special procedures"),
        ("C12", "90.106 (United Kingdom): to be examined", "right to food"),
    ],
)
def test_named_recommendations_found_by_id(table, claim_id, then, now_part):
    assert table.loc[claim_id, "value_then"] == then
    assert now_part in table.loc[claim_id, "value_now"]
    assert table.loc[claim_id, "verdict"] == "reproduced"


def test_unknown_recommendation_id_is_not_checkable():
    claim = ca.load("essay_claims").set_index("claim_id").loc["C08"].copy()
    claim["rec_ids"] = ["90.999"]
    result = essay.check_upr_rec(claim, essay.Data())
    assert result.verdict == "not checkable" and "90.999" in result.reason


def test_then_and_now():
    tn = essay.then_and_now().set_index("dataset")
    assert (tn.loc["prisoner_estimates", "then_low"], tn.loc["prisoner_estimates", "then_high"]) == (150_000, 200_000)
    assert tn.loc["defectors", "now_high"] == 34_537
    assert tn.loc["upr_cycles", "then_low"] == 167 and tn.loc["upr_cycles", "now_low"] == 294
    assert tn.loc["separated_families", "now_low"] < tn.loc["separated_families", "then_low"]
