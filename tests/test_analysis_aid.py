"""Aid analysis (``cohen_analysis.analysis.aid``): small frames and pinned figures."""

import pandas as pd
import pytest

from cohen_analysis.analysis import aid as an
from cohen_analysis.notebook import ParameterError


def _appeals(rows):
    cols = ["year", "appeal", "component", "requirements_usd", "funding_usd", "funding_as_of", "funding_final",
            "pct_funded", "pct_funded_computed"]
    f = pd.DataFrame(rows, columns=cols)
    f["funding_as_of"] = pd.to_datetime(f["funding_as_of"])
    for c in ("requirements_usd", "funding_usd"):
        f[c] = pd.array(f[c].tolist(), dtype="Int64")
    for c in ("pct_funded", "pct_funded_computed"):
        f[c] = pd.array(f[c].tolist(), dtype="Float64")
    f["funding_final"] = pd.array(f["funding_final"].tolist(), dtype="boolean")
    return f


def test_appeal_table_prefers_final_then_latest_report():
    a = _appeals([
        (2018, "N&P", "total", 100, None, "2018-10-01", False, 20.0, None),
        (2018, "N&P", "total", 100, 25, "2018-11-01", False, None, 25.0),
        (2019, "N&P", "total", 200, 40, "2019-09-26", False, None, 20.0),
        (2019, "N&P", "total", 200, 60, "2019-01-01", True, 31.0, 30.0),
        (2019, "N&P", "WFP share", 150, None, None, None, None, None),
        (2004, "WFP EMOP", "total", 171, 28, "2004-08-01", False, None, 16.4),
    ])
    t = an.appeal_table(appeals=a)
    assert t["year"].tolist() == [2018, 2019]  # WFP EMOP and components other than total left out
    assert t["funding_usd"].tolist() == [25, 60]
    assert t["rate_pct"].tolist() == [25.0, 30.0]
    latest = an.latest_appeal_rate(t)
    assert latest["year"] == 2019 and latest["rate_pct"] == 30.0 and latest["rate_printed"] == 31.0 and latest["final"]


def test_rok_summary_small():
    t = pd.DataFrame({"year": [2009, 2010, 2011, 2012],
                      "total_krw_100m": pd.array([50, 70, None, 5], dtype="Int64")})
    s = an.rok_summary(t)
    assert s == {"essay_year_total": 70, "latest_year": 2012, "latest_total": 5, "peak_year": 2010, "peak_total": 70,
                 "blank_years": [2011]}
    assert an.rok_summary(t[t["year"] != 2010])["essay_year_total"] is None


def test_wfp_gaps_and_peak_ignore_period_levels():
    w = pd.DataFrame({
        "period_label": ["2001", "2003-2005", "2008"], "year_start": [2001, 2003, 2008], "year_end": [2001, 2005, 2008],
        "tonnes": pd.array([900, 1000, 100], dtype="Int64"), "approximate": [True, True, False],
        "per_year_average": [False, True, False],
    })
    assert an.wfp_gaps(w, 2000, 2009) == [2000, 2002, 2006, 2007, 2009]
    assert an.wfp_peak(w) == {"year": 2001, "tonnes": 900, "approximate": True}


def test_latest_figure_zero_since_and_coverage_helpers():
    t = pd.DataFrame({"year": [2020, 2021, 2022, 2023], "v": pd.array([5, 0, None, 0], dtype="Int64"),
                      "c": ["high (2 sources)", "high", "high", "medium (single source)"]})
    # yearly flows: the latest year leads, with its grade (no headline rule across years)
    assert an.latest_figure(t, "v", "c") == {"year": 2023, "value": 0, "confidence": "medium"}
    assert an.latest_figure(t.iloc[2:3], "v", "c") is None
    assert an.zero_since(t, "v") == 2021  # the blank 2022 does not break the run of zeros
    assert an.zero_since(t.iloc[:1], "v") is None
    assert an.year_coverage([1998, 2000, 2001], 1998, 2002) == {"n_years": 5, "n_found": 3, "missing": [1999, 2002]}
    assert an.year_ranges([2009, 1998, 1999, 2000, 2006, 2007]) == "1998-2000, 2006-2007, 2009"


def test_check_show_wfp():
    an.check_show_wfp(True)
    with pytest.raises(ParameterError, match="show_wfp='yes' must be True or False"):
        an.check_show_wfp("yes")


# ---- pinned figures of the real data -----------------------------------------------------------

def test_spans():
    assert an.year_span() == (1995, 2025)
    assert an.last_years() == {"rok_aid": 2025, "humanitarian_funding": 2025, "un_appeals": 2020, "wfp_deliveries": 2017}
    assert an.data_runs_to() == 2025


def test_rok_real():
    t = an.rok_table()
    s = an.rok_summary(t)
    assert (s["essay_year_total"], s["latest_year"], s["latest_total"], s["peak_year"], s["peak_total"]) == (405, 2025, 0, 2007, 4397)
    assert s["blank_years"] == [2013]
    # the parts add up to the total wherever the total and the parts are known (2022: total 26, split not found)
    known = t[t["total_krw_100m"].notna() & t["private_krw_100m"].notna()]
    assert (known[list(an.ROK_PARTS)].sum(axis=1) == known["total_krw_100m"]).all()
    assert t.loc[t["total_krw_100m"].notna() & t["private_krw_100m"].isna(), "year"].tolist() == [2022]
    assert an.latest_figure(t, "total_krw_100m", "total_confidence") == {"year": 2025, "value": 0, "confidence": "medium-high"}
    assert an.zero_since(t, "total_krw_100m") == 2024


def test_appeals_real():
    t = an.appeal_table()
    assert t["year"].tolist() == [1998, 2000, 2002, 2003, 2004, 2011, 2012, 2013, 2015, 2016, 2018, 2019, 2020]
    latest = an.latest_appeal_rate(t)
    assert (latest["year"], latest["requirements_usd"], latest["funding_usd"]) == (2019, 120_300_000, 32_000_000)
    assert latest["rate_pct"] == pytest.approx(26.6, abs=0.05) and latest["rate_printed"] == 27.0
    assert t.set_index("year").loc[2012, "funding_usd"] == 76_000_000  # the final figure, not the May report


def test_fts_and_wfp_real():
    f = an.fts_table()
    assert f["year"].tolist() == list(range(2010, 2026))
    assert f.iloc[0]["funding_usd"] == 24_492_052 and f.iloc[-1]["funding_usd"] == 2_438_832
    assert f.set_index("year").loc[[2022, 2023], "funding_usd"].tolist() == [2_338_232, 1_525_938]
    assert an.latest_figure(f, "funding_usd", "confidence") == {"year": 2025, "value": 2_438_832, "confidence": "medium"}
    w = an.wfp_table(1995, 2025)
    assert an.wfp_peak(w) == {"year": 2001, "tonnes": 930_000, "approximate": True}
    assert an.wfp_gaps(w, 1995, 2025) == [1998, 1999, 2000, 2006, 2007, 2009, *range(2018, 2026)]
