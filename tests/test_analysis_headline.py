"""The headline rule (latest value at the highest confidence), on small frames and on the real data."""

import pandas as pd
import pytest

from cohen_analysis.analysis import essay
from cohen_analysis.analysis import families as an
from cohen_analysis.analysis.headline import confidence_rank, headline


def _frame(rows):
    f = pd.DataFrame(rows, columns=["as_of", "value", "confidence"])
    f["as_of"] = pd.to_datetime(f["as_of"])
    return f


def test_confidence_grades_rank_and_notes_are_ignored():
    assert confidence_rank("high (3 sources)") == confidence_rank("high") == 4
    assert confidence_rank("low-medium") == confidence_rank("medium-low") == 1
    assert confidence_rank("medium-high") > confidence_rank("medium") > confidence_rank("low")


@pytest.mark.parametrize("grade", ["derived", "", None, "very high"])
def test_unknown_or_missing_grade_is_refused(grade):
    with pytest.raises(ValueError):
        confidence_rank(grade)


def test_newer_lower_confidence_row_stands_beside_not_in_front():
    f = _frame([("2020-12-31", 10, "medium"), ("2025-12-31", 8, "high (2 sources)"), ("2026-08-31", 7, "low-medium")])
    h = headline(f, date="as_of")
    assert h.row["value"] == 8 and h.grade == "high (2 sources)"
    assert h.newer["value"].tolist() == [7] and h.newest()["confidence"] == "low-medium"


def test_latest_row_wins_when_it_is_also_the_surest():
    f = _frame([("2020-12-31", 10, "high"), ("2024-12-31", 9, "medium"), ("2025-12-31", 8, "high")])
    h = headline(f, date="as_of")
    assert h.row["value"] == 8 and not h.has_newer and h.newest() is None


def test_highest_grade_present_decides_even_when_old():
    f = _frame([("2010-01-01", 5, "medium"), ("2011-01-01", 4, "low"), ("2012-01-01", 3, "low")])
    h = headline(f, date="as_of")
    assert h.row["value"] == 5 and h.newer["value"].tolist() == [4, 3]


def test_undated_rows_are_left_out_and_empty_input_fails():
    f = _frame([(None, 99, "high"), ("2020-01-01", 1, "low")])
    assert headline(f, date="as_of").row["value"] == 1
    with pytest.raises(ValueError, match="no row"):
        headline(f.iloc[:1], date="as_of")


# ---- the rule on the real data -------------------------------------------------------------------

def test_separated_families_now_is_end_2025_not_august_2026():
    latest = an.latest_counts()
    assert latest["as_of"] == pd.Timestamp("2025-12-31") and latest["confidence"] == "high"
    assert (latest["registered"], latest["deceased"], latest["surviving"]) == (134_516, 100_148, 34_368)
    assert [(n["as_of"], n["surviving"], n["confidence"]) for n in latest["newer"]] == [
        (pd.Timestamp("2026-08-31"), 32_948, "low-medium")]


def test_share_90plus_now_is_end_2024():
    share = an.latest_share_90plus()
    assert share["as_of"] == pd.Timestamp("2024-12-31") and share["share_90plus_pct"] == pytest.approx(30.7)
    assert [(n["as_of"], n["share_90plus_pct"]) for n in share["newer"]] == [(pd.Timestamp("2026-08-31"), 33.4)]


def test_essay_now_figures_use_the_rule():
    data = essay.Data()
    tn = essay.then_and_now(data).set_index("dataset")
    assert tn.loc["separated_families", "now_low"] == 34_368 and tn.loc["separated_families", "now_label"] == "Dec 2025"
    assert tn.loc["separated_families", "then_low"] == 87_566
    camp = essay.latest_camp_estimate(data)
    assert (camp["id"], camp["year"], camp["confidence"]) == ("A19", 2025, "high")
