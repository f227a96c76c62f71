"""Partial-precision dates: parse_partial_date, and parse.dates over a raw column."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from cohen_analysis import dates, parse
from cohen_analysis.dates import PartialDate, parse_partial_date
from cohen_analysis.errors import DataError
from cohen_analysis.io import read_raw_csv


@pytest.mark.parametrize(
    "text, date, precision, qualifier",
    [
        ("14 Sep 1981", dt.date(1981, 9, 14), "day", None),
        ("14 Sept 1981", dt.date(1981, 9, 14), "day", None),
        ("14 Sept. 1981", dt.date(1981, 9, 14), "day", None),
        ("31 January 1989", dt.date(1989, 1, 31), "day", None),
        ("Dec 14, 1981", dt.date(1981, 12, 14), "day", None),
        ("2016-12-06", dt.date(2016, 12, 6), "day", None),
        ("  1 jun 2004 ", dt.date(2004, 6, 1), "day", None),
        ("Sep 1981", dt.date(1981, 9, 1), "month", None),
        ("Aug 1997", dt.date(1997, 8, 1), "month", None),
        ("September 1990", dt.date(1990, 9, 1), "month", None),
        ("2016-12", dt.date(2016, 12, 1), "month", None),
        ("1981", dt.date(1981, 1, 1), "year", None),
        ("c. 1990", dt.date(1990, 1, 1), "year", "approximate"),
        ("circa 1990", dt.date(1990, 1, 1), "year", "approximate"),
        ("~1998", dt.date(1998, 1, 1), "year", "approximate"),
        ("14 Sep 1981 (derived)", dt.date(1981, 9, 14), "day", "derived"),
        ("Mar 2010 (inferred)", dt.date(2010, 3, 1), "month", "derived"),
        ("2013 (derived)", dt.date(2013, 1, 1), "year", "derived"),
        ("1990 (approx.)", dt.date(1990, 1, 1), "year", "approximate"),
        ("29 Feb 2016", dt.date(2016, 2, 29), "day", None),
    ],
)
def test_parse_partial_date(text, date, precision, qualifier):
    assert parse_partial_date(text) == PartialDate(date, precision, qualifier)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "unknown",
        "19-20 Jul 2001",  # a range is two dates
        "9 & 12 Apr 1984",
        "Nov-Dec 2024",
        "1990s",
        "Spring 1990",
        "31 Feb 1981",  # impossible day
        "29 Feb 2015",
        "2016-13",
        "2016-12-32",
        "81",
        "14 Sep 1981 (Tuesday)",  # unknown qualifier
        "c. 1990 (derived)",  # two qualifiers
        "Sep 14 1981 extra",
    ],
)
def test_parse_partial_date_rejects(text):
    with pytest.raises(ValueError):
        parse_partial_date(text)


def test_none_is_rejected():
    with pytest.raises(ValueError):
        parse_partial_date(None)


@pytest.mark.parametrize(
    "text, relation",
    [
        ("14 Sep 1991", "before"),
        ("17 Sep 1991", "overlaps"),
        ("18 Sep 1991", "after"),
        ("Aug 1991", "before"),
        ("Sep 1991", "overlaps"),
        ("Oct 1991", "after"),
        ("1990", "before"),
        ("1991", "overlaps"),
        ("1992", "after"),
    ],
)
def test_compare_respects_precision(text, relation):
    assert parse_partial_date(text).compare(dt.date(1991, 9, 17)) == relation


def test_span_and_label():
    assert parse_partial_date("Feb 2016").span() == (dt.date(2016, 2, 1), dt.date(2016, 2, 29))
    assert parse_partial_date("2001").span() == (dt.date(2001, 1, 1), dt.date(2001, 12, 31))
    assert parse_partial_date("2016-12-06").label() == "6 Dec 2016"
    assert parse_partial_date("Sep 1990").label() == "Sep 1990"
    assert parse_partial_date("2001 (derived)").label() == "2001"


def _write(tmp_path, text, name="dates.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_dates_as_stated_give_date_and_precision(tmp_path):
    path = _write(tmp_path, "id,when\na,14 Sep 1981\nb,Sep 1990\nc,2001\nd,\n")
    date, precision = parse.dates(read_raw_csv(path), "when", file=path, iso=False)
    assert str(date.dtype) == "datetime64[ns]"
    assert date.tolist()[:3] == [pd.Timestamp("1981-09-14"), pd.Timestamp("1990-09-01"), pd.Timestamp("2001-01-01")]
    assert precision.tolist()[:3] == ["day", "month", "year"] and pd.isna(date[5]) and pd.isna(precision[5])


@pytest.mark.parametrize(
    "body, line",
    [
        ("id,when\na,14 Sep 1981\nb,19-20 Jul 2001\n", 3),
        ("id,when\na,1990\nb,1991\nc,31 Feb 1981\n", 4),
        ("id,when\na,1990\nb,c. 1990\n", 3),  # a qualified date: this column takes plain dates
    ],
)
def test_dates_as_stated_name_file_row_column(tmp_path, body, line):
    path = _write(tmp_path, body)
    with pytest.raises(DataError) as info:
        parse.dates(read_raw_csv(path), "when", file=path, iso=False)
    err = info.value
    assert err.file.endswith("dates.csv") and err.row == line and err.column == "when"
    assert f"row {line}" in str(err) and "column 'when'" in str(err) and "dates.csv" in str(err)


@pytest.mark.parametrize(
    "text, iso, expected",
    [("2014-05", True, ("2014-05-01", "month")), ("2014", True, ("2014-01-01", "year")),
     ("2014-05-06", True, ("2014-05-06", "day")), ("Sep 1990", False, ("1990-09-01", "month"))],
)
def test_iso_and_stated_dates(text, iso, expected):
    date, precision = parse.dates(pd.DataFrame({"as_of": [text]}, index=[3]), "as_of", file="f.csv", iso=iso)
    assert (date[3].strftime("%Y-%m-%d"), precision[3]) == expected


@pytest.mark.parametrize(("text", "iso", "message"), [("Sep 1990", True, "not a date"), ("2014-13-01", True, "not a date"),
                                                       ("c. 1990", False, "approximate")])
def test_date_errors_name_the_cell(text, iso, message):
    with pytest.raises(DataError, match=rf"f\.csv, row 3, column 'as_of': .*{message}"):
        parse.dates(pd.DataFrame({"as_of": [text]}, index=[3]), "as_of", file="f.csv", iso=iso)
