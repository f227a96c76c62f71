"""Analysis of the refugees_abroad topic, checked against the processed datasets with plain pandas."""

import pytest

import cohen_analysis as ca
from cohen_analysis.analysis import refugees as an
from cohen_analysis.notebook import ParameterError


def test_year_span_and_worldwide_series():
    assert an.year_span() == (1996, 2025)
    rdf = an.worldwide("RDF2025", 2008, 2012).set_index("year")
    assert rdf["refugees"].tolist() == [881, 878, 915, 1046, 1126]
    assert an.worldwide("PRESS").set_index("year").loc[2020, "refugees"] == 782


def test_series_side_by_side_keeps_series_apart():
    t = an.series_side_by_side(2010, 2013).set_index("Year")
    assert t.loc["2010"].tolist() == ["915 / 268", "917 / 278", "917 / 278"]
    assert t.loc["2012"].tolist() == ["1,126 / 1,023", "1,132 / 1,027", "1,166 / 952"]
    assert t.loc["2013", "UNHCR Global Trends as reported"] == ""  # not found: blank, not zero


def test_main_hosts_over_time():
    t = an.main_hosts("RDF2025", 2002, 2025)
    assert t.values.tolist() == [
        ["2002-2006", "Germany", "193-276"], ["2007-2016", "United Kingdom", "281-630"],
        ["2017-2021", "Canada", "255-484"], ["2022-2024", "Germany", "89-93"], ["2025", "Canada", "90"]]


def test_host_shares_end_2010():
    h = an.host_in_year("PSRD2014", 2010).set_index("country_of_asylum")
    assert h.loc["United Kingdom", "refugees"] == 581 and h.loc["United Kingdom", "share_pct"] == pytest.approx(63.4)
    assert h.index[0] == "United Kingdom" and h.loc["Germany", "refugees"] == 146


def test_by_host_and_arrivals():
    wide = an.by_host("RDF2025", ["United Kingdom", "Canada"], 2016, 2018)
    assert wide.loc[2017, "Canada"] == 484 and wide.loc[2016, "United Kingdom"] == 585
    d = ca.load("defectors")
    sk = an.arrivals_south_korea(2009, 2011).set_index("year")["arrivals"]
    assert sk.loc[2009] == 2914 == int(d[(d["year_start"] == 2009) & (d["year_end"] == 2009)]["arrivals"].sum())


def test_china_estimates_are_ranges_by_source():
    est = an.china_estimates(1996, 2025)
    assert len(est) == 32 and est["label"].str.len().max() <= 34 + 20
    row = est[est["label"].str.startswith("Government of China (2001")].iloc[0]
    assert (row["low"], row["high"], row["point"], row["kind"]) == (10000, 10000, 10000, "Governments")
    good = est[est["source_org"] == "Good Friends"]
    assert good[["low", "high"]].values.tolist() == [[300000, 300000], [200000, 300000]]
    assert set(est["kind"]) == set(an.ESTIMATOR_KINDS)
    assert len(an.china_estimates(2005, 2025)) == 11  # 2005-2012


def test_repatriations_2023_2024():
    rep = an.repatriations(2023, 2024)
    assert len(rep) == 10
    oct_ = rep[rep["event"].str.startswith("2023-10")]
    assert (int(oct_[["low", "high"]].min().min()), int(oct_[["low", "high"]].max().max())) == (500, 650)
    april = rep[rep["event"] == "2024-04-26"]
    assert sorted(april["high"].tolist()) == [60, 200]


def test_parameter_checks():
    an.check_series("PSRD2014")
    with pytest.raises(ParameterError, match="series"):
        an.check_series("OTHER")
    an.check_countries(["United Kingdom", "Canada"], "RDF2025")
    with pytest.raises(ParameterError, match="Narnia"):
        an.check_countries(["Narnia"], "RDF2025")
    with pytest.raises(ParameterError, match="at least one"):
        an.check_countries([], "RDF2025")
    assert "China" not in an.countries("RDF2025") and an.countries("RDF2025")[0] == "United Kingdom"
