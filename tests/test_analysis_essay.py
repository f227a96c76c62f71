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


def test_every_verdict_pinned(table):
    assert table["verdict"].to_dict() == {
        "C01": "reproduced", "C02": "reproduced", "C03": "reproduced", "C04": "differs", "C05": "partly",
        "C06": "reproduced", "C07": "not checkable", "C08": "reproduced", "C09": "reproduced", "C10": "reproduced",
        "C11": "reproduced", "C12": "reproduced", "C13": "not checkable", "C14": "not checkable",
        "C15": "reproduced", "C16": "reproduced", "C17": "reproduced", "C18": "reproduced", "C19": "reproduced",
        "C20": "partly",
    }


def test_individual_cases_claim_moves_for_foreigners_not_for_koreans(table):
    row = table.loc["C20"]
    assert row["ref"] == "¶14, endnote xviii"
    assert row["value_then"] == "7 U.S. detainees released by June 2010, 4 of them after a visit to Pyongyang"
    assert row["value_now"] == ("all 20 U.S. detainees 1994-2023 released, 12 after a visit; 516 post-war South Korean "
                                "abductees not returned; 0 of 330 UN disappearance cases clarified")
    assert "of 8 named South Korean detainees 1 was released" in row["reason"]
    assert "12 of Japan's identified abductees" in row["reason"]
    assert row["datasets"] == "detainees;korean_japanese_cases;un_case_mechanisms"


def test_prisoner_range_attributed_to_hawk_2003(table):
    row = table.loc["C01"]
    assert row["verdict"] == "reproduced"
    assert row["value_then"] == "150,000-200,000 (attributed to David Hawk, US Committee for Human Rights in North Korea, 2003)"
    assert row["value_now"] == ("53,000-65,000 (Korea Institute for National Unification, 2025; the latest "
                                "high-confidence figure of 17 dated estimates, 1982-2025)")
    assert "attributed" in row["reason"] and "p. 24) itself was not seen" in row["reason"]
    assert "attributes" in ca.load("essay_claims").set_index("claim_id").loc["C01", "claim"]


def test_defectors_some_18000(table):
    row = table.loc["C02"]
    assert row["value_then"] == (
        "17,998 arrivals by end-2009 (yardstick: the last year-end before the essay); no figure for June 2010 "
        "found, the nearest announced: 18,009 announced for 31 Dec 2009 (provisional) and 20,050 for 15 Nov 2010")
    assert row["value_now"] == "34,537 arrivals by end-2025"
    assert row["verdict"] == "reproduced"
    assert "yardstick" in ca.load("essay_claims").set_index("claim_id").loc["C02", "claim"]


def test_defector_tolerance_can_fail():
    tight = essay.Data(tolerance=0.0001)
    claim = ca.load("essay_claims").set_index("claim_id").loc["C02"]
    assert essay.check_defector_stock(claim, tight).verdict == "differs"


def test_treaties_before_and_after_un_admission(table):
    assert table.loc["C03", "verdict"] == "reproduced"
    assert table.loc["C03", "reason"].startswith("North Korea is party to all five (")
    events = essay.essay_treaty_dates(essay.Data()).set_index("treaty")["event"]
    for treaty, event in events.items():  # how each was joined is read from the treaty data
        assert f"{event}: " in table.loc["C03", "reason"] and treaty in table.loc["C03", "reason"]
    assert "ratified" not in ca.load("essay_claims").set_index("claim_id").loc["C03", "claim"]
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
    assert table.loc["C06", "value_then"] == (
        "167 recommendations: 50 rejected, 117 to be examined; none accepted at the Council's adoption (18 Mar 2010)")
    assert "in March 2010, 3 months before the essay, North Korea accepted none of them" in table.loc["C06", "reason"]
    c06 = ca.load("essay_claims").set_index("claim_id").loc["C06", "claim"]
    assert "adopted the outcome (March 2010) with none of them accepted" in c06
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


def test_aid_extension_states_its_coverage(table):
    assert table.loc["C13", "value_then"] == "ROK aid 2010: 405 (100 million KRW)"
    assert table.loc["C13", "value_now"] == "ROK aid 2025: 0 (100 million KRW; 30 of 31 years 1995-2025 recorded; 2013 missing)"


def test_separated_families_extension_leads_with_high_confidence(table):
    row = table.loc["C14"]
    assert row["value_then"] == "87,566 applicants alive (31 May 2009, the last count before the essay)"
    assert row["value_now"] == ("34,368 alive (31 Dec 2025, the latest high-confidence count of 23 exact dated counts, "
                                "2007-2026); a newer, low-medium-confidence count: 32,948 (31 Aug 2026)")


# ---- claims checked against sourced facts (C15-C19) ----------------------------------------------

def test_new_claims_refs_and_checks():
    claims = ca.load("essay_claims").set_index("claim_id")
    new = claims.loc[["C15", "C16", "C17", "C18", "C19"]]
    assert new["ref"].tolist() == ["¶11, endnote xi", "¶14, endnote xvi", "¶12, endnote xv", "¶16", "¶4"]
    assert set(new["check"]) == {"sourced_facts"}


@pytest.mark.parametrize(
    "claim_id, then_part, now_part",
    [
        ("C15", "adopted a revision of the constitution on 9 Apr 2009", "amended again on 13 Apr 2012"),
        ("C16", "arrived in Pyongyang on 9 Nov 2009 for five days", "(not followed further)"),
        ("C17", "ran 8-11 Dec 2008", "last held in December 2008; described in October 2013"),
        ("C18", "stroke or cerebral haemorrhage", "Kim Jong Il died on 17 Dec 2011"),
        ("C19", "100 old won for 1 new", "(not followed further)"),
    ],
)
def test_sourced_claims_values(table, claim_id, then_part, now_part):
    assert then_part in table.loc[claim_id, "value_then"]
    assert now_part in table.loc[claim_id, "value_now"]
    assert table.loc[claim_id, "datasets"] == "essay_claim_sources"


def test_conflicts_kept_visible_but_not_deciding(table):
    assert "UPI" in table.loc["C17", "reason"] and "3 conflicting or later detail(s) kept" in table.loc["C17", "reason"]
    assert "2007" not in table.loc["C17", "value_now"]  # the UPI date conflicts with the documented 2008 session
    assert table.loc["C17", "value_now"].endswith("Hanoi (February 2019), the latter ending without agreement")


def test_new_claims_sources_pinned():
    src = ca.load("essay_claim_sources")
    urls = dict(zip(zip(src["claim_id"], src["date"].dt.strftime("%Y-%m-%d")), src["url"]))
    assert urls[("C15", "2009-04-09")] == "http://english.yonhapnews.co.kr/northkorea/2009/04/09/9/0401000000AEN20090409009300315F.HTML"
    assert urls[("C15", "2009-09-01")] == "https://www.dailynk.com/english/human-rights-in-revised-north-kore/"
    assert urls[("C16", "2009-11-09")] == "http://www.france24.com/en/20091109-french-envoy-jack-lang-arrives-pyongyang"
    assert urls[("C16", "2009-11-15")] == "https://townhall.com/news/world/2009/11/15/french-envoy-talks-about-trip-in-north-korea-n948152"
    assert urls[("C17", "2008-12-11")] == "http://www.chinadaily.com.cn/world/2008-12/12/content_7297493.htm"
    assert urls[("C18", "2010-09-28")] == "https://www.theguardian.com/world/2010/sep/28/kim-jong-un-north-korea"
    assert urls[("C18", "2011-12-17")] == "https://www.theguardian.com/world/video/2011/dec/19/north-korea-kim-jong-il-dies-video"
    assert urls[("C19", "2009-11-30")] == "https://japantimes.co.jp/opinion/2010/01/10/editorials/squeezing-the-merchants"
    assert src.groupby("claim_id").size().to_dict() == {"C15": 5, "C16": 2, "C17": 8, "C18": 4, "C19": 3}
    ap = src[src["producer"] == "Associated Press"].set_index("claim_id")
    assert ap.loc["C16", "copy_name"] == "Townhall"  # read from a copy: the producer stays AP


def test_claim_sources_reader_table():
    t = essay.claim_sources(claim_ids=["C16"])
    assert t["when"].tolist() == ["9 Nov 2009", "15 Nov 2009"]
    assert t["source"].iloc[1] == "Associated Press, \u201cFrench envoy talks about trip in North Korea\u201d (2009-11-15), via Townhall"
    assert set(t["ref"]) == {"¶14, endnote xvi"}


def _claim(check="sourced_facts", claim_id="C99"):
    return pd.Series({"claim_id": claim_id, "check": check})


def _sources(rows):
    cols = ["claim_id", "role", "fact", "date", "supports", "producer", "note"]
    f = pd.DataFrame(rows, columns=cols)
    f["date"] = pd.to_datetime(f["date"])
    return f


@pytest.mark.parametrize(
    "supports, verdict",
    [(["yes", "yes"], "reproduced"), (["yes", "partly"], "partly"), (["partly", "no"], "differs"), (["context"], "not checkable")],
)
def test_sourced_facts_verdict_follows_the_facts(supports, verdict):
    rows = [("C99", "then", f"fact {i}", f"2009-0{i + 1}-01", s, f"P{i}", "caveat" if s != "yes" else None)
            for i, s in enumerate(supports)]
    data = essay.Data(loader=lambda name: _sources(rows))
    result = essay.check_sourced_facts(_claim(), data)
    assert result.verdict == verdict
    if verdict in ("partly", "differs"):
        assert result.reason.endswith(": " + "; ".join(["caveat"] * sum(s != "yes" for s in supports)))
