"""The separated_families and aid notebooks run through papermill with non-default and invalid parameters.

Expected numbers are computed here directly from the processed datasets with pandas, not through
``cohen_analysis.analysis``.
"""


import pandas as pd
import pytest

import cohen_analysis as ca
from notebook_runs import run_notebook


pytestmark = pytest.mark.slow


def _fails(name, tmp_path, **parameters):
    from papermill.exceptions import PapermillExecutionError

    with pytest.raises(PapermillExecutionError) as err:
        run_notebook(name, tmp_path, **parameters)
    return err.value


def _value(metrics, key):
    return metrics["metrics"][key]["value"]


# ---------------------------------------------------------------------------- separated families
def test_families_manual_rates_and_start_year(tmp_path):
    m = run_notebook("separated_families", tmp_path, start_year=2010, projection_end_year=2040, rate_source="manual",
             rate_low=0.08, rate_high=0.10)
    sf = ca.load("separated_families")
    dated = sf[sf["as_of"].notna()].sort_values("as_of")
    exact = dated[dated["surviving"].notna() & ~dated["surviving_approximate"].astype(bool)]
    last = exact[exact["as_of"] == pd.Timestamp("2025-12-31")].iloc[0]  # headline: latest high-confidence count
    assert _value(m, "data_runs_to") == dated["as_of"].max().strftime("%Y-%m-%d")
    assert _value(m, "surviving_latest") == int(last["surviving"]) == 34_368
    assert _value(m, "surviving_newer") == int(exact.iloc[-1]["surviving"]) == 32_948  # Aug 2026, low-medium, beside it
    assert "low-medium" in m["metrics"]["surviving_newer"]["label"]
    assert _value(m, "registered_total") == int(last["registered"])
    assert _value(m, "deceased_total") == int(last["deceased"])
    assert "34,368 of 134,516 registered applicants were alive on 31 December 2025" in m["headline"]
    assert "32,948" in m["headline"]

    # projection: latest exact 31 December count, constant manual rates, to end-2040
    ye = exact[(exact["as_of"].dt.month == 12) & (exact["as_of"].dt.day == 31)].iloc[-1]
    years = 2040 - ye["as_of"].year
    assert _value(m, "projection_base") == int(ye["surviving"])
    assert _value(m, "projected_low") == round(int(ye["surviving"]) * 0.90 ** years)
    assert _value(m, "projected_high") == round(int(ye["surviving"]) * 0.92 ** years)
    assert (_value(m, "death_rate_low_pct"), _value(m, "death_rate_high_pct")) == (8.0, 10.0)

    # reunion rounds that began in 2010 or later, persons on both sides where the count is complete
    r = ca.load("reunions")
    r = r[r["round"].notna() & (r["start"].dt.year >= 2010)]
    complete = r[r["persons_complete"].fillna(False).astype(bool) & r["south_persons"].notna() & r["north_persons"].notna()]
    assert _value(m, "reunion_rounds") == len(r)
    assert _value(m, "reunion_persons_met") == int((complete["south_persons"] + complete["north_persons"]).sum())
    assert m["parameters"]["rate_source"] == "manual" and m["parameters"]["start_year"] == 2010
    assert {f["slug"] for f in m["figures"]} == {"register", "share_90plus", "reunions", "projection"}
    assert (tmp_path / "figures" / "projection.png").exists()


def test_families_invalid_rate_fails_clearly(tmp_path):
    err = _fails("separated_families", tmp_path, rate_source="manual", rate_low=0.05, rate_high=5)
    assert err.ename == "ParameterError"
    assert "rate_high=5 must be an annual death rate strictly between 0 and 1" in err.evalue


# ----------------------------------------------------------------------------------------- aid
def test_aid_2005_2020_without_wfp(tmp_path):
    m = run_notebook("aid", tmp_path, start_year=2005, end_year=2020, show_wfp=False)
    rok = ca.load("rok_aid")
    sel = rok[(rok["year"] >= 2005) & (rok["year"] <= 2020)]
    assert _value(m, "rok_total_2010") == int(rok.loc[rok["year"] == 2010, "total_krw_100m"].iloc[0])
    assert _value(m, "rok_total_latest") == int(sel.loc[sel["year"] == 2020, "total_krw_100m"].iloc[0])
    known = sel.dropna(subset=["total_krw_100m"])
    peak = known.loc[known["total_krw_100m"].astype(int).idxmax()]
    assert (_value(m, "rok_peak_year"), _value(m, "rok_peak_total")) == (int(peak["year"]), int(peak["total_krw_100m"]))

    fts = ca.load("humanitarian_funding")
    fts = fts[fts["preferred"].astype(bool)]
    assert _value(m, "fts_2010_usd") == int(fts.loc[fts["year"] == 2010, "funding_usd"].iloc[0])
    assert _value(m, "fts_latest_year") == 2020
    assert _value(m, "fts_latest_usd") == int(fts.loc[fts["year"] == 2020, "funding_usd"].iloc[0])
    # latest figures say their confidence and coverage
    assert "FTS figures for 11 of the 11 years 2010-2020" in m["metrics"]["fts_latest_year"]["label"]
    assert m["metrics"]["fts_latest_usd"]["label"] == "FTS humanitarian funding in 2020 (medium-high confidence)"
    assert m["metrics"]["rok_total_latest"]["label"] == (
        "South Korean aid in 2020, the latest year (medium-high confidence; figures 2005-2020, total blank for 2013)")
    assert ("FTS funding fell from $24.5M in 2010 to $2.4M in 2025 (medium confidence; FTS figures for every year "
            "2010-2025)") in m["headline"]

    ap = ca.load("un_appeals")
    ap = ap[(ap["component"] == "total") & (ap["appeal"] != "WFP EMOP") & ap["requirements_usd"].notna()
            & ap["funding_usd"].notna() & (ap["year"] <= 2020)]
    year = int(ap["year"].max())
    rows = ap[ap["year"] == year]
    final = rows[rows["funding_final"].fillna(False).astype(bool)]
    row = final.iloc[-1] if len(final) else rows.sort_values("funding_as_of").iloc[-1]
    assert _value(m, "appeal_rate_latest_year") == year
    assert _value(m, "appeal_rate_latest_pct") == round(100 * int(row["funding_usd"]) / int(row["requirements_usd"]), 1)

    wfp = ca.load("wfp_deliveries")
    single = wfp[wfp["preferred"].astype(bool) & ~wfp["per_year_average"].astype(bool)
                 & (wfp["year_start"] >= 2005) & (wfp["year_end"] <= 2020)]
    assert _value(m, "wfp_peak_tonnes") == int(single["tonnes"].max())
    assert _value(m, "data_runs_to") == int(max(rok["year"].max(), fts["year"].max()))
    assert m["parameters"] == {"start_year": 2005, "end_year": 2020, "show_wfp": False}
    assert m["datasets"] == sorted(["rok_aid", "un_appeals", "humanitarian_funding", "wfp_deliveries", "upr_cycles"])


def test_aid_invalid_years_fail_clearly(tmp_path):
    err = _fails("aid", tmp_path, start_year=2020, end_year=2010)
    assert err.ename == "ParameterError"
    assert "start_year=2020 is after end_year=2010" in err.evalue
    err = _fails("aid", tmp_path, show_wfp="no")
    assert err.ename == "ParameterError" and "show_wfp='no' must be True or False" in err.evalue
