"""Individual cases: detainees, Korean and Japanese abductees, UN case mechanisms, and the analysis
that tests the essay's endnote xviii. Figures pinned from the sources each row cites."""

from __future__ import annotations

import pandas as pd
import pytest

import cohen_analysis as ca
from cohen_analysis import coverage, registry
from cohen_analysis.analysis import cases as an
from cohen_analysis.steps import cases as cs
from cohen_analysis.errors import DataError
from cohen_analysis.notebook import ParameterError
from cohen_analysis.paths import RAW_DIR


@pytest.fixture(scope="module")
def detainees():
    return ca.load("detainees")


@pytest.fixture(scope="module")
def korean():
    return ca.load("korean_japanese_cases")


@pytest.fixture(scope="module")
def un():
    return ca.load("un_case_mechanisms")


# ---- detainees -------------------------------------------------------------------------------


def test_twenty_us_detainees_all_returned(detainees):
    us = detainees[detainees["nationality_group"] == "United States"]
    assert len(us) == 20
    assert not us["still_held"].any()
    assert us["died_after_release"].sum() == 2  # Hunziker (1996), Warmbier (2017)
    assert us["sentenced"].sum() == 7
    assert sorted(us.loc[us["sentenced"], "name"].str.split(" ").str[0]) == [
        "Aijalon", "Euna", "Kenneth", "Kim", "Laura", "Matthew", "Otto"]
    assert int(us["days_detained"].notna().sum()) == 18
    assert us["days_detained"].median() == 141
    assert us["visit_before_release"].value_counts().to_dict() == {
        "high-level visit": 9, "no visit reported": 8, "envoy visit": 3}
    longest = us.loc[us["days_detained"].idxmax()]
    assert (longest["name"], int(longest["days_detained"])) == ("Kim Dong-chul", 950)
    assert str(longest["detained"].date()) == "2015-10-02" and str(longest["released"].date()) == "2018-05-09"


def test_detainee_dates_keep_their_precision(detainees):
    d = detainees.set_index("person_id")
    assert (d.loc["FD09", "detained_precision"], str(d.loc["FD09", "detained"].date())) == ("month", "2010-11-01")
    assert d.loc["FD23", "detained_precision"] == "approximate"  # Lim: entered 27, 30 or 31 Jan 2015
    assert d.loc["FD14", "detained_precision"] == "unknown" and pd.isna(d.loc["FD14", "detained"])
    assert bool(d.loc["FD33", "released_disputed"])  # Sugimoto: 27 Aug (Kyodo) vs 28 Aug 2018
    assert str(d.loc["FD05", "released"].date()) == "2009-08-05"  # Pyongyang time (4 Aug in the U.S.)
    assert str(d["confidence"].dtype) == "category" and d.loc["FD13", "confidence"] == "high"


def test_south_korean_detainees(detainees):
    rok = detainees[detainees["nationality_group"] == "Republic of Korea"]
    assert len(rok) == 8 and int(rok["still_held"].sum()) == 7
    assert rok.loc[~rok["still_held"], "name"].str.startswith("Joo Won-moon").all()


def _detainee_rows(changes: dict) -> str:
    frame = pd.read_csv(RAW_DIR / cs.DETAINEES, dtype=str, keep_default_na=False)
    for (row, col), value in changes.items():
        frame.loc[row, col] = value
    return frame.to_csv(index=False)


@pytest.mark.parametrize(
    "changes, column, message",
    [
        ({(0, "days_detained"): "14"}, "days_detained", "differs from released minus detained"),
        ({(0, "detained_date_precision"): "month"}, "detained_date", "does not match its precision"),
        ({(0, "visit_before_release"): "phone call"}, "visit_before_release", "unknown value"),
        ({(0, "nationality"): "Sweden"}, "nationality", "must begin with one of"),
        ({(0, "confidence"): "certain"}, "confidence", "must begin with low, low-medium, medium, medium-high or high"),
        ({(0, "released_date"): "1994-02-30"}, "released_date", "not a date"),
        ({(0, "sources"): "https://a.example/x | www.b.example"}, "sources", "malformed item 'www.b.example'"),
        ({(0, "name"): ""}, "name", "value is missing"),
        ({(1, "person_id"): "FD01"}, "person_id", "duplicate row"),
    ],
)
def test_bad_detainee_row_names_file_row_and_column(tmp_path, changes, column, message):
    path = tmp_path / "detainees.csv"
    path.write_text(_detainee_rows(changes), encoding="utf-8")
    with pytest.raises(DataError, match=message) as exc:
        registry.build("detainees", files={cs.DETAINEES: path})
    assert exc.value.row == (3 if column == "person_id" else 2) and exc.value.column == column and "detainees.csv" in str(exc.value)


# ---- Korean and Japanese figures ---------------------------------------------------------------


def test_post_war_abductees_516_not_returned(korean):
    held = korean[korean["series"] == "post-war abductees still held"]
    assert held.loc[held["preferred"].fillna(False), "series_value"].tolist() == [516]
    assert sorted(held["series_value"].tolist()) == [480, 485, 487, 489, 516, 516, 516]  # conflicts kept as rows
    table = an.contrast(ca.load("detainees"), korean, ca.load("un_case_mechanisms")).set_index("group")
    row = table.filter(like="Armistice", axis=0).iloc[0]
    assert (row["cases"], row["returned"], row["not_returned"]) == (3835, 3319, 516)
    japan = table.filter(like="Japanese", axis=0).iloc[0]
    assert (japan["cases"], japan["returned"], japan["not_returned"]) == (17, 5, 12)


def test_every_series_has_one_preferred_row(korean):
    series = korean.dropna(subset=["series"])
    assert series.groupby("series")["preferred"].sum().eq(1).all()
    assert len(series["series"].unique()) == 9


def test_sources_dates_and_confidence_notes(korean, un, detainees):
    k = korean.set_index("id")
    assert list(k.loc["SK01", "source_urls"]) == [
        "https://www.bloomberg.com/news/articles/2015-06-23/north-korea-gives-life-sentences-to-two-south-koreans-for-spying",
        "https://www.asianjournal.ca/pyongyang-sentences-two-south-korean-detainees-to-life/"]
    assert (k.loc["SK01", "as_of"], k.loc["SK01", "as_of_precision"]) == (pd.Timestamp("2015-06-23"), "day")
    assert (k.loc["SK12", "as_of"], k.loc["SK12", "as_of_precision"], k.loc["SK12", "as_of_as_stated"]) == (
        pd.Timestamp("2026-03-01"), "month", "2026-03")
    assert pd.isna(k.loc["SK02", "as_of"]) and k.loc["SK02", "as_of_as_stated"].startswith("2017-06 (NIS disclosure);")
    assert int(korean["as_of"].notna().sum()) == 39 and int(korean["as_of_as_stated"].notna().sum()) == 66
    notes = korean.dropna(subset=["confidence_note"]).set_index("id")
    assert notes["confidence"].astype(str).to_dict() == {"SK12": "medium", "SK13": "high", "SK63": "medium"}
    assert notes.loc["SK12", "confidence_note"] == "names are from the press; the MOU does not publish them"
    u = un.set_index("id")
    assert list(u.loc["UN03", "source_urls"]) == [
        "https://m.koreaherald.com/view.php?ud=20180620000520",
        "http://stopnkcrimes.org/bbs/board.php?bo_table=human_han&page=38&wr_id=1496"]
    assert list(u.loc["UN24", "source_urls"]) == []  # compiled from the rows above
    assert u["confidence_note"].dropna().tolist() == ["that the petition was filed"]
    assert detainees.set_index("person_id").loc["FD02", "source_urls"][0] == (
        "https://www.latimes.com/archives/la-xpm-1996-11-28-mn-3734-story.html")
    assert detainees["source_urls"].map(len).sum() == int(
        pd.read_csv(RAW_DIR / cs.DETAINEES, dtype=str)["sources"].str.count(r" \| ").sum()) + len(detainees)


def test_two_preferred_rows_are_refused(tmp_path):
    frame = pd.read_csv(RAW_DIR / cs.KOREAN, dtype=str, keep_default_na=False)
    frame.loc[frame["id"] == "SK36", "preferred"] = "true"
    path = tmp_path / "k.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(DataError, match="exactly one preferred") as exc:
        registry.build("korean_japanese_cases", files={cs.KOREAN: path})
    series = frame.loc[frame["id"] == "SK36", "series"].iloc[0]
    assert exc.value.column == "preferred" and exc.value.row == int(frame.index[frame["series"] == series][0]) + 2 == 25


@pytest.mark.parametrize(
    "raw, row_id, column, value, message",
    [
        ("KOREAN", "SK01", "as_of", "2015-13-23", "not a date"),
        ("KOREAN", "SK01", "source", "see Yonhap", "malformed item 'see Yonhap'"),
        ("KOREAN", "SK01", "confidence", "sure", "must begin with low"),
        ("KOREAN", "SK01", "preferred", "maybe", "expected yes or no"),
        ("UN", "UN02", "kind", "WGEID", "unknown value 'WGEID'"),
        ("UN", "UN02", "count", "", "needs its count"),
        ("UN", "UN02", "report_year", "recent", "must start with a year"),
    ],
)
def test_bad_korean_or_un_row_names_file_row_and_column(tmp_path, raw, row_id, column, value, message):
    rel = getattr(cs, raw)
    frame = pd.read_csv(RAW_DIR / rel, dtype=str, keep_default_na=False)
    frame.loc[frame["id"] == row_id, column] = value
    path = tmp_path / "cases.csv"
    frame.to_csv(path, index=False)
    name = {"KOREAN": "korean_japanese_cases", "UN": "un_case_mechanisms"}[raw]
    with pytest.raises(DataError, match=message) as exc:
        registry.build(name, files={rel: path})
    row = int(frame.index[frame["id"] == row_id][0]) + 2
    assert (exc.value.row, exc.value.column) == (row, column) and "cases.csv" in str(exc.value)


# ---- UN case mechanisms ------------------------------------------------------------------------


def test_wgeid_counts(un):
    cum = an.wgeid_cumulative(un)
    assert list(zip(cum["year"], cum["count"])) == [(2018, 233), (2020, 316), (2021, 330), (2022, 362)]
    assert cum.dropna(subset=["clarified"])["clarified"].tolist() == [0]
    yearly = un[un["kind"] == "WGEID cases in the year"].sort_values("year")
    assert list(zip(yearly["year"], yearly["count"])) == [(2016, 41), (2018, 66), (2020, 41)]
    cov = coverage.gaps("un_case_mechanisms", kind="WGEID cases in the year")
    assert cov.missing_labels == [f"WGEID cases in the year {y}" for y in (2017, 2019, 2021, 2022, 2023, 2024)]
    assert coverage.gaps("un_case_mechanisms", kind="WGEID cases, cumulative").n_missing == 1  # 2019


def test_wgad_nine_opinions_34_persons(un):
    op = an.wgad_opinions(un)
    assert len(op) == 9 and int(op["count"].sum()) == 34
    assert op["year"].tolist() == [2012, 2012, 2013, 2013, 2013, 2018, 2019, 2024, 2024]


# ---- analysis ----------------------------------------------------------------------------------


def test_days_by_visit_for_us_citizens(detainees):
    us = an.select(detainees, nationalities=["United States"], start_year=1994, end_year=2023, min_confidence="low")
    table = an.days_by_visit(us).set_index("visit")
    assert table.loc["After a high-level visit"].to_dict() == {
        "cases": 9, "day_precise": 9, "median_days": 214.0, "shortest_days": 95, "longest_days": 950, "sentenced": 6}
    assert table.loc["No visit reported", ["cases", "day_precise", "median_days", "sentenced"]].tolist() == [8, 7, 43.0, 0]
    assert table.loc["After an envoy's visit", ["cases", "day_precise"]].tolist() == [3, 2]
    assert an.coverage_phrase(us) == "18 of 20 cases have day-precise dates"
    sentenced = us[us["sentenced"]]
    assert sentenced["visit_before_release"].isin(["high-level visit", "envoy visit"]).all()  # all 7 after a visit
    assert sentenced["days_detained"].median() == 214


def test_select_by_year_and_confidence(detainees):
    sel = an.select(detainees, nationalities=list(an.NATIONALITIES), start_year=2009, end_year=2018, min_confidence="high")
    assert len(sel) == 21
    assert (sel["confidence"] == "high").all() and an.event_year(sel).between(2009, 2018).all()
    assert "Karen Jung-sook Han (U.S.)" not in set(an.select(
        detainees, nationalities=["United States"], start_year=1994, end_year=2023, min_confidence="medium")["label"])
    assert set(sel["label"].iloc[:2]) == {"Laura Ling (U.S.)", "Euna Lee (U.S.)"}


@pytest.mark.parametrize(
    "params, message",
    [
        (dict(nationalities="Japan"), "must be a list"),
        (dict(nationalities=["Sweden"]), "unknown value"),
        (dict(start_year=2030), "after end_year"),
        (dict(min_confidence="certain"), "min_confidence='certain' is not one of"),
    ],
)
def test_bad_parameters(detainees, params, message):
    base = dict(nationalities=["United States"], start_year=1994, end_year=2023, min_confidence="low")
    with pytest.raises(ParameterError, match=message):
        an.check_parameters(detainees, **{**base, **params})


def test_against_the_source_tables(shared_dir):
    """The raw files keep every row of the compiled tables."""
    folder = shared_dir / "research" / "individual_cases"
    for ours, theirs in ((cs.DETAINEES, "foreign_detainees.csv"), (cs.KOREAN, "south_korean_detainees_abductees.csv"),
                         (cs.UN, "un_individual_cases.csv")):
        a = pd.read_csv(RAW_DIR / ours, dtype=str, keep_default_na=False)
        b = pd.read_csv(folder / theirs, dtype=str, keep_default_na=False)
        pd.testing.assert_frame_equal(a[list(b.columns)], b)
