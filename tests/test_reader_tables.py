"""Display helpers of cohen_analysis.notebook: reader tables and key numbers."""

import datetime as dt

import pandas as pd
import pytest

import cohen_analysis as ca
from cohen_analysis import notebook as canb


@pytest.fixture
def frame():
    return pd.DataFrame({
        "year": pd.array([2009, 2010], dtype="Int64"),
        "arrivals": pd.array([2914, None], dtype="Int64"),
        "agree": [True, False],
        "as_of": pd.to_datetime(["2009-12-07", None]),
        "claim": ["<script>alert(1)</script>", "Hawk's \"range\" & more"],
        "share": [0.25, 1234.5],
    })


def test_table_formats_escapes_and_names_columns(frame):
    t = canb.table(frame, {"year": "Year", "arrivals": "Arrivals", "agree": "Agree", "as_of": "As of",
                           "claim": "Claim", "share": "Share"})
    assert t.headers == ["Year", "Arrivals", "Agree", "As of", "Claim", "Share"]
    assert t.rows == [
        ["2009", "2,914", "yes", "7 December 2009", "<script>alert(1)</script>", "0.25"],
        ["2010", "–", "no", "–", "Hawk's \"range\" & more", "1,234.5"],
    ]
    html = t._repr_html_()
    assert html.startswith('<div class="table-scroll">\n<table class="reader-table">')
    assert html.endswith("</tbody></table></div>")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Hawk&#x27;s &quot;range&quot; &amp; more" in html
    assert "<th" in html and "index" not in html.lower() and "id=" not in html
    assert '<td class="num">2,914</td>' in html and "<td>yes</td>" in html
    # plain text: the same formatted values, never a repr
    assert "2,914" in repr(t) and "True" not in repr(t) and "nan" not in repr(t).lower()


def test_table_keeps_every_row_and_chosen_columns_only():
    big = pd.DataFrame({"n": range(500), "hidden": ["x"] * 500})
    t = canb.table(big, {"n": "Number"}, formats={"n": "{:03d}"})
    assert len(t) == 500 and t.headers == ["Number"]
    assert t.rows[7] == ["007"] and t.rows[-1] == ["499"]
    assert t.to_html().count("<tr>") == 501  # header + every row: no truncation
    with pytest.raises(KeyError, match="missing_col"):
        canb.table(big, {"missing_col": "X"})


def test_table_default_headers_and_callable_formats():
    t = canb.table(pd.DataFrame({"review_year": [2014], "funding_usd": [1_500_000.0]}),
                   formats={"funding_usd": lambda v: f"${v / 1e6:.1f}M"})
    assert t.headers == ["Review year", "Funding usd"]
    assert t.rows == [["2014", "$1.5M"]]


@pytest.mark.parametrize("value, kw, text", [
    (None, {}, "not stated"),
    (float("nan"), {}, "not stated"),
    (pd.NA, {}, "not stated"),
    (True, {}, "yes"),
    (12345, {"unit": "persons"}, "12,345 persons"),
    (41.25, {"fmt": "{:.1f}", "unit": "%"}, "41.2%"),
    (2009, {"fmt": "{}"}, "2009"),
    (["ICCPR", "CRC"], {}, "ICCPR, CRC"),
    ([], {}, "none"),
    ({"HRC": "30-6-11", "UNGA plenary": None}, {}, "HRC: 30-6-11; UNGA plenary: not stated"),
    ("2010-06-16", {}, "16 June 2010"),
    (dt.date(1991, 9, 17), {}, "17 September 1991"),
    ("Aug 1997", {"fmt": "{}"}, "Aug 1997"),
])
def test_format_value(value, kw, text):
    assert canb.format_value(value, **kw) == text


def test_key_numbers_shows_each_number_once_with_units(tmp_path, capsys):
    nb = canb.start("x", tmp_path)
    nb.metric("arrivals_total", 33590, "Arrivals in the selected periods")
    nb.metric("women_share_pct", 73.9, "Women's share", unit="%", fmt="{:.1f}")
    nb.metric("peak_year", None, "Year with most arrivals", fmt="{}")
    nb.metric("claims", [{"claim_id": "C01"}], "Claims table", show=False)
    first = nb.key_numbers()
    assert first.headers == ["Key number", "Value"]
    assert first.rows == [["Arrivals in the selected periods", "33,590"], ["Women's share", "73.9%"],
                          ["Year with most arrivals", "not stated"]]
    assert "key-numbers" in first.to_html() and "C01" not in first.to_html()
    assert nb.key_numbers() is None  # nothing new since
    nb.metric("arrivals_2019", None, "Arrivals in 2019")
    nb.metric("low_year", 2021, "Year with fewest arrivals", fmt="{}")
    assert nb.key_numbers(skip_missing=True).rows == [["Year with fewest arrivals", "2021"]]
    # the recorded values are unchanged (metrics.json keeps None, numbers stay numbers)
    assert nb.metrics["peak_year"]["value"] is None and nb.metrics["women_share_pct"]["value"] == 73.9
    assert "Arrivals in the selected periods: 33,590" in capsys.readouterr().out


def test_key_numbers_of_a_real_dataset(tmp_path):
    arrivals = ca.load("defectors")
    nb = canb.start("defectors", tmp_path)
    nb.metric("arrivals_total", int(arrivals["arrivals"].sum()), "Arrivals, all periods")
    assert nb.key_numbers().rows == [["Arrivals, all periods", "34,537"]]
