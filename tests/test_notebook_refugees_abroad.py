"""The refugees_abroad notebook runs through papermill with non-default and invalid parameters.

Expected numbers are computed here from the processed datasets with pandas.
"""

import pytest

import cohen_analysis as ca
from cohen_analysis import charts
from notebook_runs import run_failing, run_notebook, values

pytestmark = pytest.mark.slow


def test_essay_era_run(tmp_path):
    m = run_notebook("refugees_abroad", tmp_path, start_year=2000, end_year=2013, countries=["United Kingdom", "Germany"],
                     series="PSRD2014")
    v = values(m)
    assert (v["refugees_2010"], v["asylum_seekers_2010"], v["refugees_2010_current"]) == (917, 278, 915)
    u = ca.load("refugees_unhcr")
    rdf = u[(u["series"] == "RDF2025") & u["worldwide"] & u["year"].between(2000, 2013)]
    peak = rdf.loc[rdf["refugees"].idxmax()]
    assert (v["peak_year"], v["peak_refugees"]) == (int(peak["year"]), int(peak["refugees"])) == (2013, 1163)
    assert v["latest_refugees"] == 1163 and v["top_host_2010_share_pct"] == 63.4
    assert (v["china_estimates"], v["china_lowest"], v["china_highest"]) == (29, 10000, 300000)
    assert (v["oct_2023_low"], v["oct_2023_high"], v["returned_since_2020"]) == (500, 650, 1076)
    assert "917 North Korean refugees" in m["headline"] and "63% of them in the United Kingdom" in m["headline"]
    assert "10,000 to 300,000" in m["headline"] and "500-650" in m["headline"]
    assert [f["slug"] for f in m["figures"]] == ["refugees_by_host", "china_estimates", "repatriations_2023_2024"]
    assert m["parameters"]["series"] == "PSRD2014"
    # each chart's CSV holds exactly what it draws
    host = charts.read_chart_data(tmp_path / "figures" / "refugees_by_host.csv").set_index("Year")
    assert list(host.columns) == ["Refugees at year end, all countries", "Refugees at year end, United Kingdom",
                                  "Refugees at year end, Germany", "Arrivals in South Korea in the year"]
    assert host.index.min() == 2000 and host.index.max() == 2013
    assert host.at[2010, "Refugees at year end, all countries"] == 917
    assert host.at[2009, "Arrivals in South Korea in the year"] == 2914
    china = charts.read_chart_data(tmp_path / "figures" / "china_estimates.csv")
    assert len(china) == 29 and china[["Low", "High"]].min().min() == 10000 and china["High"].max() == 300000
    rep = charts.read_chart_data(tmp_path / "figures" / "repatriations_2023_2024.csv")
    assert len(rep) == 10 and rep.iloc[0].tolist()[:3] == ["Human Rights Watch (2023-08-29)", 80, 80]


def test_a_gap_year_is_stated(tmp_path):
    m = run_notebook("refugees_abroad", tmp_path, start_year=1996, end_year=2005)
    label = m["metrics"]["peak_year"]["label"]
    assert "1996-2005" in label and "1 year not found (1997)" in label
    assert values(m)["peak_refugees"] == 344  # end-2004, current series


@pytest.mark.parametrize("params,match", [
    (dict(series="OTHER"), "series"),
    (dict(countries=["Narnia"]), "Narnia"),
    (dict(start_year=1990), "outside the data"),
])
def test_bad_parameters(tmp_path, params, match):
    err = run_failing("refugees_abroad", tmp_path, **params)
    assert match in str(err)
