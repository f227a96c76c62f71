"""Defector arrivals in South Korea: the steps on bad inputs, and the MOU's key figures."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

import cohen_analysis as ca
from cohen_analysis import catalog, parse, registry
from cohen_analysis.steps import defectors as dfx
from cohen_analysis.errors import DataError
from cohen_analysis.paths import RAW_DIR


REAL = (RAW_DIR / dfx.ARRIVALS).read_text(encoding="utf-8")


def expect_error(match_file, excinfo, *, row, column):
    err = excinfo.value
    assert match_file.name in str(err.file)
    assert err.row == row
    assert err.column == column
    text = str(err)
    assert match_file.name in text and (f"row {row}" in text if row is not None else True) and f"'{column}'" in text


def arrivals_file(tmp_path, text=REAL, *, drop_column=None):
    """The MOU table (by default the real one) written to tmp_path, optionally without one column."""
    if drop_column is not None:
        rows = list(csv.reader(io.StringIO(text)))
        at = rows[0].index(drop_column)
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows([r[:at] + r[at + 1:] for r in rows])
        text = out.getvalue()
    path = tmp_path / "arrivals.csv"
    path.write_text(text, encoding="utf-8")
    return path


def build_arrivals(path):
    return registry.build("defectors", files={dfx.ARRIVALS: path})


# ---------------------------------------------------------------------------------------------
# the arrivals table


def test_arrivals_wide_to_long(tmp_path):
    out = build_arrivals(arrivals_file(tmp_path))
    assert list(out.columns) == ["period", "year_start", "year_end", "sex", "arrivals"]
    assert len(out) == 2 * 26  # grouped periods are not spread over years
    first = out.iloc[0]
    assert (first["period"], first["year_start"], first["year_end"], first["sex"], first["arrivals"]) == (
        "~1998", 1953, 1998, "men", 831)
    grouped = out[out["period"] == "1999-2001"].set_index("sex")["arrivals"]
    assert grouped.to_dict() == {"men": 565, "women": 478}
    assert out.loc[(out["period"] == "2003") & (out["sex"] == "women"), "arrivals"].item() == 811
    assert str(out["arrivals"].dtype) == "Int64" and str(out["year_start"].dtype) == "Int64"
    assert str(out["sex"].dtype) == "string"
    assert out["arrivals"].sum() == 34_537


def test_arrivals_missing_label_column(tmp_path):
    path = arrivals_file(tmp_path, REAL.replace("category,", "label,"))
    with pytest.raises(DataError) as exc:
        build_arrivals(path)
    expect_error(path, exc, row=1, column="category")


def test_arrivals_missing_required_period(tmp_path):
    path = arrivals_file(tmp_path, drop_column="2025")
    with pytest.raises(DataError, match="missing required column") as exc:
        build_arrivals(path)
    expect_error(path, exc, row=1, column="2025")


def test_arrivals_non_numeric_count(tmp_path):
    assert REAL.count('"1,142"') == 1
    path = arrivals_file(tmp_path, REAL.replace('"1,142"', '"1,l42"'))
    with pytest.raises(DataError) as exc:
        build_arrivals(path)
    expect_error(path, exc, row=4, column="2002")
    assert "non-numeric" in str(exc.value)


def test_arrivals_missing_count(tmp_path):
    path = arrivals_file(tmp_path, REAL.replace("Women,116,", "Women,,"))
    with pytest.raises(DataError) as exc:
        build_arrivals(path)
    expect_error(path, exc, row=3, column="~1998")


def test_arrivals_men_plus_women_differs_from_total(tmp_path):
    assert REAL.count('"1,043"') == 1
    path = arrivals_file(tmp_path, REAL.replace('"1,043"', '"1,044"'))
    with pytest.raises(DataError) as exc:
        build_arrivals(path)
    expect_error(path, exc, row=4, column="1999-2001")  # the Total row's line, the period's column
    assert "1,043" in str(exc.value) and "1,044" in str(exc.value)


def test_arrivals_unknown_row_label(tmp_path):
    path = arrivals_file(tmp_path, REAL.replace("Women,", "Female,"))
    with pytest.raises(DataError) as exc:
        build_arrivals(path)
    expect_error(path, exc, row=3, column="category")


def test_arrivals_repeated_row_label(tmp_path):
    path = arrivals_file(tmp_path, REAL.replace("Women,", "Men,"))
    with pytest.raises(DataError, match="duplicate row label 'Men'") as exc:
        build_arrivals(path)
    expect_error(path, exc, row=3, column="category")


def test_arrivals_missing_total_row(tmp_path):
    path = arrivals_file(tmp_path, "\n".join(REAL.splitlines()[:3]) + "\n")
    with pytest.raises(DataError, match="no 'Total' row") as exc:
        build_arrivals(path)
    assert exc.value.column == "category"


@pytest.mark.parametrize(
    "old, new, drop, column",
    [(",1999-2001,", ",1999/2001,", None, "1999/2001"),  # malformed period
     (None, None, "2003", "2004"),  # gap
     (",1999-2001,", ",1998-2001,", None, "1998-2001")],  # overlap
)
def test_arrivals_bad_period_headers(tmp_path, old, new, drop, column):
    path = arrivals_file(tmp_path, REAL.replace(old, new, 1) if old else REAL, drop_column=drop)
    with pytest.raises(DataError) as exc:
        build_arrivals(path)
    expect_error(path, exc, row=1, column=column)


@pytest.mark.parametrize(
    "label, expected",
    [("~1998", (1953, 1998)), ("1999-2001", (1999, 2001)), ("2025", (2025, 2025))],
)
def test_parse_period(label, expected):
    assert parse.period(label, open_start=dfx.FIRST_YEAR) == expected


@pytest.mark.parametrize(
    "text, expected",
    [("end-2009", ("2009-12-31", "day")), ("end-Nov-2009", ("2009-11-30", "day")),
     ("end-Jun-2017", ("2017-06-30", "day")), ("2010-11-15", ("2010-11-15", "day")),
     ("Nov-2015", ("2015-11-01", "month")), ("2004-03", ("2004-03-01", "month")), ("2013", ("2013-01-01", "year")),
     ("end-Feb-2024", ("2024-02-29", "day"))],
)
def test_parse_stated_date(text, expected):
    date, precision = parse.dates(pd.DataFrame({"as_of": [text]}, index=[2]), "as_of", file="x.csv", iso=False)
    assert (date[2], precision[2]) == (pd.Timestamp(expected[0]), expected[1])


@pytest.mark.parametrize("text", ["late 2009", "end-Foo-2009", "end-2009-12", "c. 2009"])
def test_parse_stated_date_rejects(text):
    with pytest.raises(DataError) as exc:
        parse.dates(pd.DataFrame({"as_of": ["end-2009", text]}, index=[6, 7]), "as_of", file="x.csv", iso=False)
    assert (exc.value.row, exc.value.column) == (7, "as_of")


# ---------------------------------------------------------------------------------------------
# announced cumulatives beside the table's


@pytest.fixture(scope="module")
def table():
    return registry.build("defectors")


def build_cumulative(path, table):
    return registry.build("defectors_cumulative", files={dfx.CUMULATIVE: path}, datasets={"defectors": table})


CUMULATIVE = """
    as_of,men,women,total,status,source,note
    end-2001,1395,595,1990,earlier version,https://example.org/a,
    end-2002,1906,1226,3132,current,https://example.org/b,
    end-2003,,,4410,earlier version,https://example.org/c,current 4417
    Nov-2003,,,4300,announced,https://example.org/d,
"""


def test_cumulative_beside_table(write_csv, table):
    out = build_cumulative(write_csv("cum.csv", CUMULATIVE), table)
    assert list(out.columns) == catalog.spec("defectors_cumulative").columns
    assert out["source_urls"].tolist() == [[f"https://example.org/{c}"] for c in "abcd"]
    assert out["as_of"].tolist() == [pd.Timestamp(d) for d in ("2001-12-31", "2002-12-31", "2003-12-31", "2003-11-01")]
    rows = out.set_index("as_of_as_stated")
    assert rows.loc["end-2002", "matches"] == True  # noqa: E712
    assert rows.loc["end-2001", ["derived_men", "derived_women", "derived_total"]].tolist() == [1396, 594, 1990]
    assert rows.loc["end-2001", "matches"] == False  # noqa: E712  (sex split differs by one: kept, flagged)
    assert rows.loc["end-2003", "difference_total"] == -7
    assert pd.isna(rows.loc["Nov-2003", "matches"]) and pd.isna(rows.loc["Nov-2003", "derived_total"])
    assert rows.loc["Nov-2003", "as_of_precision"] == "month"


def test_cumulative_current_figure_must_match(write_csv, table):
    path = write_csv("cum.csv", CUMULATIVE.replace("end-2002,1906,1226,3132", "end-2002,1906,1227,3133"))
    with pytest.raises(DataError, match="differs from the table") as exc:
        build_cumulative(path, table)
    expect_error(path, exc, row=3, column="women")


def test_cumulative_unmarked_mismatch_is_an_error(write_csv, table):
    path = write_csv("cum.csv", CUMULATIVE.replace("4410,earlier version", "4410,announced"))
    with pytest.raises(DataError) as exc:
        build_cumulative(path, table)
    expect_error(path, exc, row=4, column="total")


def test_cumulative_current_needs_a_year_end(write_csv, table):
    path = write_csv("cum.csv", CUMULATIVE.replace("4300,announced", "4300,current"))
    with pytest.raises(DataError) as exc:
        build_cumulative(path, table)
    expect_error(path, exc, row=5, column="as_of")


@pytest.mark.parametrize(
    "old, new, row, column",
    [("4410,earlier", "44l0,earlier", 4, "total"),  # non-numeric
     ("earlier version,https://example.org/a", "revised,https://example.org/a", 2, "status"),  # unknown status
     ("Nov-2003", "autumn 2003", 5, "as_of"),  # malformed date
     ("1395,595,1990", "1395,596,1990", 2, "total"),  # men + women != total
     ("https://example.org/d", "https://example.org/d; see above", 5, "source")],  # not a URL
)
def test_cumulative_bad_input(write_csv, table, old, new, row, column):
    path = write_csv("cum.csv", CUMULATIVE.replace(old, new))
    with pytest.raises(DataError) as exc:
        build_cumulative(path, table)
    expect_error(path, exc, row=row, column=column)


def test_cumulative_missing_column(write_csv, table):
    path = write_csv("cum.csv", CUMULATIVE.replace(",status,", ",state,"))
    with pytest.raises(DataError) as exc:
        build_cumulative(path, table)
    expect_error(path, exc, row=1, column="status")


# ---------------------------------------------------------------------------------------------
# earlier versions of yearly figures

REVISIONS = """
    period,kind,announced,announced_by,men,women,total,source,current_men,current_women,current_total,current_source,note
    ~1998,earlier release,2012-01-11,MOU,829,118,947,https://example.org/r,831,116,947,https://example.org/c,
    2003,provisional,2004-03,MOU via press,468,813,"1,281",https://example.org/p,474,811,"1,285",https://example.org/c,
    2003,other figure,,press,,,"1,282",,,,"1,285",https://example.org/c,
"""


def build_revisions(path, table):
    return registry.build("defector_revisions", files={dfx.REVISIONS: path}, datasets={"defectors": table})


def test_revisions(write_csv, table):
    out = build_revisions(write_csv("rev.csv", REVISIONS), table)
    assert list(out.columns) == catalog.spec("defector_revisions").columns
    assert out["source_url"].tolist()[:2] == ["https://example.org/r", "https://example.org/p"]
    assert pd.isna(out["source_url"].iloc[2]) and set(out["current_source_url"]) == {"https://example.org/c"}
    assert out["current_men"].tolist() == [831, 474, 474]  # the table's, also where the raw file leaves it blank
    assert out["change_total"].tolist() == [0, 4, 3]
    assert out["change_men"].tolist()[:2] == [2, 6] and pd.isna(out["change_men"].iloc[2])
    assert out.loc[0, "year_start"] == 1953
    assert out["announced_date_precision"].tolist()[:2] == ["day", "month"] and pd.isna(out["announced_date"].iloc[2])


@pytest.mark.parametrize(
    "old, new, row, column",
    [('"1,285",https://example.org/c,\n    2003,other', '"1,286",https://example.org/c,\n    2003,other', 3,
      "current_total"),  # current figure drifted from the table
     ("~1998,earlier", "1998,earlier", 2, "period"),  # unknown period
     ("provisional,2004-03", "first,2004-03", 3, "kind"),  # unknown kind
     ('468,813,"1,281"', '468,813,"1,280"', 3, "total"),  # men + women != total
     ('press,,,"1,282"', 'press,,,"1.282,5"', 4, "total")],  # non-numeric
)
def test_revisions_bad_input(write_csv, table, old, new, row, column):
    assert old in REVISIONS
    path = write_csv("rev.csv", REVISIONS.replace(old, new))
    with pytest.raises(DataError) as exc:
        build_revisions(path, table)
    expect_error(path, exc, row=row, column=column)


# ---------------------------------------------------------------------------------------------
# US refugee admissions

US = """
    fiscal_year,admitted,source,note
    FY2006,9,https://example.org/a,
    FY2018+FY2019,6,https://example.org/b,
    FY2020-FY2025,,not found,
"""


def build_us(path):
    return registry.build("us_refugee_admissions", files={dfx.US: path})


def test_us_admissions(write_csv):
    us = US.replace("FY2018+FY2019", "FY2007+FY2008")
    out = build_us(write_csv("us.csv", us.replace("FY2020-FY2025", "FY2009-FY2010")))
    assert out["fy_start"].tolist() == [2006, 2007, 2009] and out["fy_end"].tolist() == [2006, 2008, 2010]
    assert out["admitted"].sum() == 15 and pd.isna(out["admitted"].iloc[2])


@pytest.mark.parametrize(
    "old, new, row, column",
    [("FY2018+FY2019,6", "FY2007+FY2008,six", 3, "admitted"),
     ("FY2018+FY2019", "FY2007-FY2008", 4, "fiscal_year"),  # FY2020 does not follow FY2008: gap
     ("FY2006,9", "2006,9", 2, "fiscal_year")],
)
def test_us_admissions_bad_input(write_csv, old, new, row, column):
    us = US.replace(old, new)
    path = write_csv("us.csv", us)
    with pytest.raises(DataError) as exc:
        build_us(path)
    expect_error(path, exc, row=row, column=column)


def test_us_admissions_source_must_be_urls(write_csv):
    us = US.replace("FY2018+FY2019", "FY2007+FY2008").replace("FY2020-FY2025", "FY2009-FY2010")
    path = write_csv("us.csv", us.replace("https://example.org/b", "https://example.org/b; example.org/c"))
    with pytest.raises(DataError, match="malformed item 'example.org/c'") as exc:
        build_us(path)
    expect_error(path, exc, row=3, column="source")


def test_us_admissions_empty_count_needs_not_found(write_csv):
    path = write_csv("us.csv", US.replace("FY2006,9,", "FY2006,,").replace("FY2018", "FY2007").replace("FY2019", "FY2008")
                     .replace("FY2020", "FY2009"))
    with pytest.raises(DataError) as exc:
        build_us(path)
    expect_error(path, exc, row=2, column="admitted")


# ---------------------------------------------------------------------------------------------
# data tests: the MOU's figures


@pytest.fixture(scope="module")
def arrivals():
    return ca.load("defectors")


@pytest.fixture(scope="module")
def cumulative():
    return ca.load("defectors_cumulative")


@pytest.fixture(scope="module")
def revisions():
    return ca.load("defector_revisions")


def test_defectors_columns_and_periods(arrivals):
    assert list(arrivals.columns) == ["period", "year_start", "year_end", "sex", "arrivals"]
    assert arrivals["period"].drop_duplicates().tolist() == dfx.EXPECTED_PERIODS
    assert len(arrivals) == 2 * 26
    first = arrivals[arrivals["period"] == "~1998"]
    assert set(first["year_start"]) == {1953} and set(first["year_end"]) == {1998}
    grouped = arrivals[arrivals["period"] == "1999-2001"]
    assert len(grouped) == 2 and set(grouped["year_start"]) == {1999} and set(grouped["year_end"]) == {2001}


def test_defectors_sum_to_end_2025(arrivals):
    by_sex = arrivals.groupby("sex")["arrivals"].sum()
    assert by_sex["men"] == 9_593
    assert by_sex["women"] == 24_944
    assert arrivals["arrivals"].sum() == 34_537


@pytest.mark.parametrize(
    "period, men, women",
    [("~1998", 831, 116), ("1999-2001", 565, 478), ("2009", 662, 2_252), ("2010", 591, 1_811), ("2011", 795, 1_911),
     ("2019", 202, 845), ("2020", 72, 157), ("2021", 40, 23), ("2024", 26, 210), ("2025", 25, 198)],
)
def test_defectors_key_years(arrivals, period, men, women):
    rows = arrivals[arrivals["period"] == period].set_index("sex")["arrivals"]
    assert (rows["men"], rows["women"]) == (men, women)


def test_defectors_peak_year_and_table_to_2019(arrivals):
    totals = arrivals.groupby("period", sort=False)["arrivals"].sum()
    yearly = totals.drop(["~1998", "1999-2001"])
    assert yearly.idxmax() == "2009" and yearly.max() == 2_914
    to_2019 = arrivals[arrivals["year_end"] <= 2019].groupby("sex")["arrivals"].sum()
    assert (to_2019["men"], to_2019["women"]) == (9_363, 24_160)  # the MOU page's sums less its 2020.09 column


def test_cumulative_reproduces_the_current_year_ends(cumulative):
    current = cumulative[cumulative["status"] == "current"]
    assert current["as_of_as_stated"].tolist() == ["end-2016", "end-2019", "end-2022", "end-2023", "end-2024", "end-2025"]
    assert current["matches"].all()
    got = current.set_index("as_of_as_stated")[["derived_men", "derived_women", "derived_total"]]
    assert got.loc["end-2016"].tolist() == [8_805, 21_407, 30_212]
    assert got.loc["end-2022"].tolist() == [9_510, 24_372, 33_882]
    assert got.loc["end-2023"].tolist() == [9_542, 24_536, 34_078]
    assert got.loc["end-2024"].tolist() == [9_568, 24_746, 34_314]
    assert got.loc["end-2025"].tolist() == [9_593, 24_944, 34_537]


@pytest.mark.parametrize(
    "as_of, status, announced, derived",
    [("end-2001", "earlier version", 1_990, 1_990),  # total agrees, sex split differs by one
     ("end-2003", "earlier version", 4_410, 4_417),
     ("end-2008", "provisional", 15_057, 15_084),
     ("end-2011", "provisional", 23_100, 23_106),
     ("end-2013", "provisional", 26_124, 26_122),
     ("end-2017", "provisional", 31_339, 31_339)],  # total agrees, sex split differs by one
)
def test_cumulative_older_figures_kept_and_flagged(cumulative, as_of, status, announced, derived):
    row = cumulative[cumulative["as_of_as_stated"] == as_of].iloc[0]
    assert (row["status"], row["announced_total"], row["derived_total"]) == (status, announced, derived)
    assert row["matches"] == False  # noqa: E712


def test_cumulative_2025_first_announcement_kept(cumulative):
    rows = cumulative[cumulative["as_of_as_stated"] == "end-2025"].set_index("status")
    assert rows.loc["first announced", "announced_total"] == 34_538
    assert rows.loc["first announced", "difference_total"] == 1
    assert rows.loc["current", "announced_total"] == 34_537


def test_essay_era_stock_about_18000(cumulative):
    """The essay's "some 18,000 defectors in South Korea" (June 2010) is the end-2009 stock."""
    rows = cumulative.set_index(["as_of_as_stated", "status"])
    end_2009 = rows.loc[("end-2009", "provisional")]
    assert end_2009["announced_total"] == 18_009  # MOU provisional, VOA 2010-01-06
    assert end_2009["derived_total"] == 17_998  # the current table
    end_2010 = rows.loc[("end-2010", "earlier version")]
    assert end_2010["derived_total"] == 20_400 and end_2010["announced_total"] == 20_407
    assert rows.loc[("end-Nov-2009", "announced"), "announced_total"] == 17_713
    assert rows.loc[("2010-11-15", "announced"), "announced_total"] == 20_050
    # both end-2009 figures round to the essay's "some 18,000"; mid-2010 lies between the year-ends
    # (no exact June-2010 figure exists in the sources)
    assert abs(end_2009["announced_total"] - 18_000) < 100 and abs(end_2009["derived_total"] - 18_000) < 100


def test_revision_2009(revisions):
    row = revisions[(revisions["period"] == "2009") & (revisions["kind"] == "provisional")].iloc[0]
    assert (row["announced_men"], row["announced_women"], row["announced_total"]) == (679, 2_273, 2_952)
    assert (row["current_men"], row["current_women"], row["current_total"]) == (662, 2_252, 2_914)
    assert row["change_total"] == -38
    assert row["announced_date"] == pd.Timestamp("2010-01-06")


@pytest.mark.parametrize(
    "period, first, current",
    [("2008", 2_809, 2_803), ("2011", 2_737, 2_706), ("2013", 1_516, 1_514), ("2015", 1_277, 1_275),
     ("2017", 1_127, 1_127), ("2025", 224, 223)],
)
def test_provisional_revisions(revisions, period, first, current):
    rows = revisions[(revisions["period"] == period) & (revisions["kind"] == "provisional")]
    assert rows["announced_total"].iloc[0] == first and rows["current_total"].iloc[0] == current


def test_2012_release_sums(revisions):
    """The MOU's January 2012 release: its series to 2010 plus the 2011 provisional = 7,171 / 15,929 / 23,100."""
    release = revisions[revisions["announced_date"] == pd.Timestamp("2012-01-11")]
    assert release["period"].tolist() == ["~1998", "1999-2001"] + [str(y) for y in range(2002, 2012)]
    sums = release[["announced_men", "announced_women", "announced_total"]].sum().tolist()
    assert sums == [7_171, 15_929, 23_100]


def test_us_admissions_total():
    us = ca.load("us_refugee_admissions")
    assert us["admitted"].sum() == 218
    assert us.loc[us["fy_end"] <= 2017, "admitted"].sum() == 212
    assert us.loc[us["derived"], "fiscal_year"].tolist() == ["FY2015"]
    urls = us.set_index("fiscal_year")["source_urls"]
    assert list(urls["FY2015"]) == [] and list(urls["FY2020-FY2025"]) == []  # derived; not found
    assert list(urls["FY2017"]) == ["http://www.oddonion.com/2017/10/03/u-s-hasnt-admitted-north-korean-refugees-since-january/"]
    assert urls.drop(["FY2015", "FY2020-FY2025"]).map(len).tolist() == [2] * 10 + [1, 2]
    assert pd.isna(us.loc[us["fiscal_year"] == "FY2020-FY2025", "admitted"].item())


@pytest.mark.parametrize("name", ["defectors", "defectors_cumulative", "defector_revisions"])
def test_origin_metadata(name):
    origins = ca.origin(name)
    assert origins and all(o.citation_short == "Ministry of Unification (2026)" for o in origins)


def test_raw_table_matches_dossier(shared_dir):
    """Every cell of the raw MOU table equals the dossier's row for the same period."""
    dossier = pd.read_csv(shared_dir / "research/defectors/defectors_by_year.csv", dtype=str)
    wide = pd.read_csv(RAW_DIR / dfx.ARRIVALS, dtype=str).set_index("category")
    checked = 0
    for _, rec in dossier.iterrows():
        period = rec["year"].split(" ")[0]
        if period in wide.columns:
            for column, label in (("men", "Men"), ("women", "Women"), ("total", "Total")):
                assert int(wide.loc[label, period].replace(",", "")) == int(rec[column]), (period, column)
            checked += 1
    assert checked == 26
