"""North Koreans abroad outside South Korea: steps on small bad inputs and pinned figures."""

import csv

import pandas as pd
import pytest

import cohen_analysis as ca
from cohen_analysis import coverage, registry
from cohen_analysis.steps import refugees as rf
from cohen_analysis.errors import DataError
from cohen_analysis.metadata import read_origin
from cohen_analysis.paths import RAW_DIR

UNHCR_HEADER = "year,country_of_asylum,refugees,asylum_seekers,source,source_date,confidence,note,series\n"
CHINA_HEADER = "date,date_precision,measure,category,value_as_stated,low,high,source_org,source,source_date,confidence,note\n"
NATIONAL_HEADER = "year,country,measure,value,source,source_date,confidence,note\n"


def _write(tmp_path, text, name="a.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _where(err, path, row, column):
    assert err.value.file.endswith(path.name)
    assert (err.value.row, err.value.column) == (row, column)
    assert path.name in str(err.value) and f"row {row}" in str(err.value)


# ----------------------------------------------------------------------------- bad inputs
def test_unhcr_total_must_be_sum_of_countries(tmp_path):
    path = _write(tmp_path, UNHCR_HEADER + "2010,all,917,278,s,,high,,PSRD2014\n2010,United Kingdom,581,,s,,high,,PSRD2014\n"
                  "2010,Germany,146,,s,,high,,PSRD2014\n")
    with pytest.raises(DataError, match="not the sum") as err:
        registry.build("refugees_unhcr", files={rf.UNHCR: path})
    _where(err, path, 2, "refugees")


def test_unhcr_press_totals_are_not_summed(tmp_path):
    path = _write(tmp_path, UNHCR_HEADER + "2010,all,917,278,s,,high,,PRESS\n2010,United Kingdom,581,,s,,high,,PRESS\n")
    frame = registry.build("refugees_unhcr", files={rf.UNHCR: path})
    assert frame.loc[frame["worldwide"], "refugees"].tolist() == [917]
    assert not frame["preferred"].any()


def test_unhcr_country_rows_need_a_total(tmp_path):
    path = _write(tmp_path, UNHCR_HEADER + "2010,United Kingdom,581,,s,,high,,RDF2025\n")
    with pytest.raises(DataError, match="no worldwide") as err:
        registry.build("refugees_unhcr", files={rf.UNHCR: path})
    _where(err, path, 2, "country_of_asylum")


@pytest.mark.parametrize("line,column,match", [
    ("201O,all,917,278,s,,high,,RDF2025", "year", "YYYY"),
    ("2010,all,917,lots,s,,high,,RDF2025", "asylum_seekers", "non-numeric"),
    ("2010,all,917,278,s,,certain,,RDF2025", "confidence", "unknown value"),
    ("2010,all,917,278,s,,high,,GT2010", "series", "unknown value"),
    ("2010,all,-3,278,s,,high,,RDF2025", "refugees", "below"),
])
def test_unhcr_bad_cells(tmp_path, line, column, match):
    path = _write(tmp_path, UNHCR_HEADER + line + "\n")
    with pytest.raises(DataError, match=match) as err:
        registry.build("refugees_unhcr", files={rf.UNHCR: path})
    _where(err, path, 2, column)


def test_unhcr_duplicate_and_missing_column(tmp_path):
    path = _write(tmp_path, UNHCR_HEADER + "2010,all,917,278,s,,high,,PRESS\n2010,all,917,277,s,,high,,PRESS\n")
    with pytest.raises(DataError, match="duplicate") as err:
        registry.build("refugees_unhcr", files={rf.UNHCR: path})
    _where(err, path, 3, "series")
    path = _write(tmp_path, UNHCR_HEADER.replace(",series", "") + "2010,all,917,278,s,,high,\n", "b.csv")
    with pytest.raises(DataError) as err:
        registry.build("refugees_unhcr", files={rf.UNHCR: path})
    assert err.value.column == "series"


def test_china_bad_range_category_and_date(tmp_path):
    path = _write(tmp_path, CHINA_HEADER + "2002-02,month,m,in_china,\"20,000-30,000\",30000,20000,ROK,s,,medium,\n")
    with pytest.raises(DataError, match="exceeds") as err:
        registry.build("refugees_china", files={rf.CHINA: path})
    _where(err, path, 2, "high")
    path = _write(tmp_path, CHINA_HEADER + "2002-02,month,m,refugees,30000,30000,30000,ROK,s,,medium,\n", "b.csv")
    with pytest.raises(DataError, match="unknown value") as err:
        registry.build("refugees_china", files={rf.CHINA: path})
    _where(err, path, 2, "category")
    path = _write(tmp_path, CHINA_HEADER + "undated,year,m,in_china,30000,30000,30000,ROK,s,,medium,\n", "c.csv")
    with pytest.raises(DataError, match="no year") as err:
        registry.build("refugees_china", files={rf.CHINA: path})
    _where(err, path, 2, "date")


def test_china_precisions_period_and_inferred(tmp_path):
    path = _write(tmp_path, CHINA_HEADER + "2005-2009,period,m,in_china,\"about 50,000\",50000,50000,NGO,s,,low,\n"
                  "2002-02,month (inferred),m,repatriated,up to 300,,300,ROK,s,,high,\n")
    frame = registry.build("refugees_china", files={rf.CHINA: path})
    assert frame["date_precision"].tolist() == ["period", "month"]
    assert (frame["year_start"].tolist(), frame["year_end"].tolist()) == ([2005, 2002], [2009, 2002])
    assert frame["qualifier"].tolist() == ["about", "up to"] and frame["raw_line"].tolist() == [2, 3]
    assert str(frame["confidence"].dtype) == "category" and frame["confidence"].tolist() == ["low", "high"]
    bad = _write(tmp_path, CHINA_HEADER + "2002,decade,m,in_china,30000,30000,30000,ROK,s,,medium,\n", "b.csv")
    with pytest.raises(DataError, match="unknown value 'decade'") as err:
        registry.build("refugees_china", files={rf.CHINA: bad})
    _where(err, bad, 2, "date_precision")


def test_unhcr_asylum_seekers_sum_and_preferred(tmp_path):
    path = _write(tmp_path, UNHCR_HEADER + "2010,Germany,146,,s,,high,,RDF2025\n2010,all,146,5,s,,high,,RDF2025\n")
    with pytest.raises(DataError, match=r"RDF2025 2010: the worldwide asylum_seekers 5 is not the sum") as err:
        registry.build("refugees_unhcr", files={rf.UNHCR: path})
    _where(err, path, 3, "asylum_seekers")
    path = _write(tmp_path, UNHCR_HEADER + "2010,Germany,146,,s,,high,,RDF2025\n2010,all,146,,s,,high,,RDF2025\n"
                  "2010,all,150,,s,,medium,,PRESS\n", "b.csv")
    frame = registry.build("refugees_unhcr", files={rf.UNHCR: path})
    assert frame[["series", "country_of_asylum", "preferred", "raw_line"]].values.tolist() == [
        ["PRESS", "all", False, 4], ["RDF2025", "all", True, 3], ["RDF2025", "Germany", True, 2]]


def test_national_values_and_qualifiers(tmp_path):
    path = _write(tmp_path, NATIONAL_HEADER + "2003-2015,United Kingdom,applications,\"more than 1,300\",s,,medium,\n"
                  "2017-2022 (H1),United Kingdom,claims,25 claims (42 people),s,,medium,\n"
                  "earlier years (undated),Canada,former residents,\"1,000\",s,,low,\n")
    frame = registry.build("refugees_national", files={rf.NATIONAL: path})
    assert frame["qualifier"].tolist()[0] == "more than" and frame["count"].tolist()[0] == 1300
    assert pd.isna(frame["count"].iloc[1]) and frame["value_as_stated"].iloc[1] == "25 claims (42 people)"
    assert (frame["year_start"].iloc[0], frame["year_end"].iloc[1]) == (2003, 2022)
    assert pd.isna(frame["year_start"].iloc[2]) and frame["count"].iloc[2] == 1000
    assert str(frame["confidence"].dtype) == "category" and frame["confidence"].tolist() == ["medium", "medium", "low"]
    bad = _write(tmp_path, NATIONAL_HEADER + "2009,United Kingdom,grants,,s,,medium,\n", "b.csv")
    with pytest.raises(DataError, match="missing") as err:
        registry.build("refugees_national", files={rf.NATIONAL: bad})
    _where(err, bad, 2, "value")


# ----------------------------------------------------------------------------- pinned figures
def _world(series):
    u = ca.load("refugees_unhcr")
    w = u[u["worldwide"] & (u["series"] == series)]
    return {int(r.year): (r.refugees, r.asylum_seekers) for r in w.itertuples()}


def test_unhcr_worldwide_figures():
    psrd, rdf, press = _world("PSRD2014"), _world("RDF2025"), _world("PRESS")
    assert psrd[2010] == (917, 278) and press[2010] == (917, 278)  # the essay's year, end-2010
    assert rdf[2010] == (915, 268)
    assert rdf[2016] == (1419, 526) and max(rdf, key=lambda y: rdf[y][0]) == 2016  # the peak
    assert rdf[2025] == (263, 45)
    assert press[2020] == (782, 88) and rdf[2020] == (689, 88)  # conflict kept
    assert press[2012] == (1166, 952) and psrd[2012] == (1132, 1027) and rdf[2012] == (1126, 1023)
    assert press[2022] == (260, 127) and rdf[2022] == (267, 127)
    assert sorted(psrd) == list(range(2000, 2014))
    assert min(rdf) == 1996 and max(rdf) == 2025 and 1997 not in rdf


def test_unhcr_hosts_at_end_2010_and_preferred_series():
    u = ca.load("refugees_unhcr")
    y = u[(u["year"] == 2010) & (u["series"] == "PSRD2014") & ~u["worldwide"]].set_index("country_of_asylum")["refugees"]
    assert int(y["United Kingdom"]) == 581 and int(y["Germany"]) == 146 and int(y["Canada"]) == 23
    assert int(y["Netherlands"]) == 32 and int(y["Australia"]) == 25
    assert set(u.loc[u["preferred"], "series"]) == {"RDF2025"}
    assert not u["country_of_asylum"].isin(["Republic of Korea", "China"]).any()
    # a Canada-led period: 2017-2021 the main host in RDF2025
    rdf = u[(u["series"] == "RDF2025") & ~u["worldwide"]]
    hosts = rdf.loc[rdf.groupby("year")["refugees"].idxmax()].set_index("year")["country_of_asylum"]
    assert set(hosts.loc[2017:2021]) == {"Canada"} and set(hosts.loc[2007:2016]) == {"United Kingdom"}
    assert hosts.loc[2025] == "Canada"


def test_unhcr_coverage_names_the_missing_year():
    cov = coverage.gaps("refugees_unhcr")
    assert cov.note() == "1996-2025; 1 year not found (1997)"


def test_national_figures():
    n = ca.load("refugees_national")
    uk = n[n["country"] == "United Kingdom"]
    grants = uk[uk["measure"].str.startswith("asylum grants to DPRK nationals") & (uk["period_label"] == "2009")]
    assert sorted(grants["count"].tolist()) == [3, 5]  # first reported 5, corrected 3: both kept
    ca_ = n[(n["country"] == "Canada") & n["measure"].str.startswith("refugee status granted")]
    assert dict(zip(ca_["period_label"], ca_["count"]))["2012"] == 230
    assert dict(zip(ca_["period_label"], ca_["count"]))["2011"] == 117
    de = n[n["country"] == "Germany"]
    assert de.loc[de["measure"].str.startswith("DPRK nationals resident"), "count"].tolist() == [1207]  # June 2010, BAMF
    gao = de[de["measure"].str.contains("GAO-10-691")].set_index("period_label")["count"]
    assert gao.to_dict() == {"2000": 56, "2001": 53, "2002": 51, "2003": 29, "2004-2009": 2}
    assert n.loc[n["measure"].str.contains("acquiring citizenship"), "count"].tolist() == [820]  # Eurostat 2007-2016
    total = uk[uk["period_label"] == "2003-2015"].set_index("measure")["value_as_stated"]
    assert sorted(total) == ["902", "more than 1,300"]


def test_china_figures():
    c = ca.load("refugees_china")
    oct9 = c[(c["category"] == "repatriated") & c["date_label"].str.startswith("2023-10-0")]
    assert sorted(zip(oct9["low"].fillna(-1), oct9["high"].fillna(-1))) == [(500, -1), (500, 600), (600, 600), (620, 620), (650, 650)]
    est = c[c["category"] == "in_china"]
    assert (int(est["low"].min()), int(est["high"].max())) == (10000, 300000)  # an order of magnitude apart
    assert len(est) == 33 and (est["year_start"].min(), est["year_end"].max()) == (1998, 2012)
    yanbian = c[c["measure"].str.contains("Yanbian") & (c["category"] == "repatriated")]
    assert yanbian["low"].tolist() == [4809]
    early = c[(c["category"] == "repatriated") & c["measure"].str.startswith("North Koreans repatriated by China")
              & (c["date_precision"] == "year")]
    assert dict(zip(early["year_start"], early["low"])) == {1996: 589, 1997: 5439, 1998: 6300}
    assert c.loc[c["measure"].str.contains("NKDB database"), "low"].tolist() == [8148]
    hrw = c[c["date_label"] == "2020 to 2025-10"]
    assert hrw[["qualifier", "low"]].values.tolist() == [["at least", 1076]]


def test_metadata_names_producers_and_copies():
    u = read_origin(RAW_DIR / rf.UNHCR)
    assert u.producer == "UNHCR" and {c.name for c in u.retrieved_from} >= {"GitHub PopulationStatistics/refugees",
                                                                            "GitHub luiscape/unhcr-data"}
    assert any("782" in c and "689" in c for c in u.conflicts)
    china = read_origin(RAW_DIR / rf.CHINA)
    assert any("none is preferred" in c for c in china.conflicts)
    national = read_origin(RAW_DIR / rf.NATIONAL)
    assert any("corrected 3" in c for c in national.conflicts)


def test_raw_matches_the_dossier(shared_dir):
    """The raw copies hold the dossier's rows unchanged (the China file adds only `category`)."""
    folder = shared_dir / "research" / "refugees_abroad"
    for name in ("unhcr_dprk_origin.csv", "asylum_destinations_other.csv", "forced_repatriation_china.csv"):
        ours = list(csv.DictReader((RAW_DIR / "refugees" / name).open(encoding="utf-8")))
        theirs = list(csv.DictReader((folder / name).open(encoding="utf-8")))
        assert [{k: r[k] for k in t} for r, t in zip(ours, theirs)] == theirs
