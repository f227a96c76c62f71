"""Aid to North Korea: the steps on small bad inputs and pinned figures."""

import pandas as pd
import pytest

from cohen_analysis import catalog, registry
from cohen_analysis.errors import DataError
from cohen_analysis.metadata import read_origin
from cohen_analysis.paths import RAW_DIR
from cohen_analysis.registry import Raw
from cohen_analysis.steps import aid

ROK_HEADER = ("year,govt_direct_grant_dangguk,govt_grant_subtotal_incl_NGO_fund_and_intl_orgs,govt_total_incl_loans,"
              "grand_total,unit,extraction_issue,confidence,source,cross_check_other_sources\n")
CUM_HEADER = "period,period_start,period_end,series,value,unit,inconsistency_documented,confidence,source,notes\n"
REPORTED_HEADER = "year,series,total,government,private,unit,as_of,preferred,confidence,source,notes\n"
U = "억원 (100 million KRW)"


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _where(err, path, row, column):
    assert err.value.file.endswith(path.name)
    assert (err.value.row, err.value.column) == (row, column)
    assert path.name in str(err.value) and f"row {row}" in str(err.value) and f"'{column}'" in str(err.value)


def _rok(tmp_path, yearly, cumulative=None, reported=None):
    """rok_aid built from these files; a file not given is one without rows."""
    files = {aid.ROK_AID: yearly,
             aid.ROK_AID_CUMULATIVE: cumulative or _write(tmp_path, "no_cumulative.csv", CUM_HEADER),
             aid.ROK_AID_REPORTED: reported or _write(tmp_path, "no_reported.csv", REPORTED_HEADER)}
    return registry.build("rok_aid", files=files)


def test_rok_missing_column(tmp_path):
    path = _write(tmp_path, "a.csv", ROK_HEADER.replace(",grand_total", "") .replace("grand_total,", "")
                  + f"1995,1854,1854,1854,{U},,high,,\n")
    with pytest.raises(DataError) as err:
        _rok(tmp_path, path)
    _where(err, path, 1, "grand_total")


def test_rok_non_numeric(tmp_path):
    path = _write(tmp_path, "a.csv", ROK_HEADER + f"1995,1854,1854,1854,1856,{U},,high,,\n1996,0,24,lots,37,{U},,high,,\n")
    with pytest.raises(DataError, match="non-numeric") as err:
        _rok(tmp_path, path)
    _where(err, path, 3, "govt_total_incl_loans")


def test_rok_inconsistent_totals(tmp_path):
    path = _write(tmp_path, "a.csv", ROK_HEADER + f"1995,1854,1854,1854,1800,{U},,high,,\n")
    with pytest.raises(DataError, match="exceeds") as err:
        _rok(tmp_path, path)
    _where(err, path, 2, "grand_total")


def test_rok_wrong_unit(tmp_path):
    path = _write(tmp_path, "a.csv", ROK_HEADER + "1995,1854,1854,1854,1856,USD,,high,,\n")
    with pytest.raises(DataError) as err:
        _rok(tmp_path, path)
    _where(err, path, 2, "unit")


def test_rok_cumulative_mismatch(tmp_path):
    yearly = _write(tmp_path, "y.csv", ROK_HEADER + f"1995,1854,1854,1854,1856,{U},,high,,\n1996,0,24,24,37,{U},,high,,\n")
    cum = _write(tmp_path, "c.csv", CUM_HEADER + f"1995-1996,1995,1996,grand_total,\"1,900\",{U},,medium,,\n")
    with pytest.raises(DataError, match="sum to 1,893") as err:
        _rok(tmp_path, yearly, cum)
    _where(err, cum, 2, "value")
    documented = _write(tmp_path, "d.csv", CUM_HEADER + f"1995-1996,1995,1996,grand_total,\"1,900\",{U},rounding,medium,,\n")
    assert len(_rok(tmp_path, yearly, documented)) == 2
    comparison = aid.cumulative_comparison(Raw("rok_aid", {aid.ROK_AID_CUMULATIVE: documented}),
                                           aid.rok_table(Raw("rok_aid", {aid.ROK_AID: yearly})))
    assert comparison.to_dict("records") == [{"period": "1995-1996", "series": "grand_total", "stated": 1900, "yearly_sum": 1893}]


FTS_HEADER = "year,series,total_usd,flow_count,as_of,scope,preferred,confidence,source,notes\n"


def test_fts_two_preferred_across_files(tmp_path):
    main = _write(tmp_path, "f.csv", FTS_HEADER + "2022,FTS (repository extract),1940302,10,2026-10-05,all flows,yes,medium,,\n")
    snap = _write(tmp_path, "s.csv", FTS_HEADER + "2022,OCHA FTS (published snapshot),\"2,338,232\",,2023-12-31,all flows,yes,high,,\n")
    with pytest.raises(DataError, match="two preferred rows for 2022") as err:
        registry.build("humanitarian_funding", files={aid.FTS: main, aid.FTS_SNAPSHOTS: snap})
    _where(err, snap, 2, "preferred")
    assert "f.csv row 2" in str(err.value)


def test_reported_total_replaces_table_and_blanks_private(tmp_path):
    yearly = _write(tmp_path, "y.csv", ROK_HEADER + f"2022,0,9,9,30,{U},,medium,,\n")
    rep = _write(tmp_path, "r.csv", REPORTED_HEADER + f"2022,MOU summary,26,,,{U},2025,yes,high,https://x,\n")
    out = _rok(tmp_path, yearly, reported=rep).set_index("year")
    assert out.loc[2022, ["total_krw_100m", "govt_total_krw_100m", "total_source", "total_other_reports"]].tolist() == [
        26, 9, "MOU summary", ["30 (MOU table)"]]
    assert pd.isna(out.loc[2022, "private_krw_100m"])
    # the table's grade no longer applies to the replaced total: the agreeing report's does
    assert (out.loc[2022, "confidence"], out.loc[2022, "total_confidence"]) == ("medium", "high")


def test_reported_total_bad_inputs(tmp_path):
    yearly = _write(tmp_path, "y.csv", ROK_HEADER + f"2022,0,9,9,30,{U},,medium,,\n")
    below = _write(tmp_path, "b.csv", REPORTED_HEADER + f"2022,MOU summary,5,,,{U},2025,yes,high,https://x,\n")
    with pytest.raises(DataError, match="below the table's government total 9") as err:
        _rok(tmp_path, yearly, reported=below)
    _where(err, below, 2, "total")
    other_year = _write(tmp_path, "o.csv", REPORTED_HEADER + f"2021,MOU summary,31,,,{U},2025,yes,high,https://x,\n")
    with pytest.raises(DataError, match="does not have") as err:
        _rok(tmp_path, yearly, reported=other_year)
    _where(err, other_year, 2, "year")
    twice = _write(tmp_path, "t.csv", REPORTED_HEADER + f"2022,A,26,,,{U},2025,yes,high,https://x,\n"
                   f"2022,B,26,,,{U},2025,yes,high,https://x,\n")
    with pytest.raises(DataError, match="two preferred totals") as err:
        _rok(tmp_path, yearly, reported=twice)
    _where(err, twice, 3, "preferred")
    text = _write(tmp_path, "n.csv", REPORTED_HEADER + f"2022,A,about 26,,,{U},2025,yes,high,https://x,\n")
    with pytest.raises(DataError) as err:
        _rok(tmp_path, yearly, reported=text)
    _where(err, text, 2, "total")


def test_appeals_bad_amount(tmp_path):
    header = "year,appeal,component,requirements,funding,funding_as_of,funding_status,pct_funded,confidence,source,notes\n"
    path = _write(tmp_path, "a.csv", header + "2015,Needs and Priorities,total,111 mln,,,,,high,,\n")
    with pytest.raises(DataError, match="not a figure") as err:
        registry.build("un_appeals", files={aid.APPEALS: path})
    _where(err, path, 2, "requirements")


def test_wfp_overlapping_preferred(tmp_path):
    path = _write(tmp_path, "w.csv", "period,tonnes,per_year,preferred,confidence,source,notes\n"
                  "1996,\"~54,000\",no,yes,medium,,\n1996-2000,\"~800,000\",yes,yes,low,,\n")
    with pytest.raises(DataError, match="two preferred") as err:
        registry.build("wfp_deliveries", files={aid.WFP: path})
    _where(err, path, 3, "preferred")


# ---- data ---------------------------------------------------------------------------------

def test_metadata_valid():
    for rel in (aid.ROK_AID, aid.ROK_AID_CUMULATIVE, aid.ROK_AID_REPORTED, aid.FTS, aid.FTS_SNAPSHOTS, aid.APPEALS, aid.WFP):
        assert read_origin(RAW_DIR / rel).citation_short


def test_new_files_name_producer_and_copies():
    fts = read_origin(RAW_DIR / aid.FTS_SNAPSHOTS)
    assert fts.producer == "UN OCHA Financial Tracking Service"
    assert {c.kind for c in fts.retrieved_from} == {"news report"}
    assert "https://www.hankyung.com/article/202312312712Y" in {c.url for c in fts.retrieved_from}
    mou = read_origin(RAW_DIR / aid.ROK_AID_REPORTED)
    assert mou.producer == "Ministry of Unification (ROK)"
    assert {c.name for c in mou.retrieved_from} >= {"Edaily", "News1"}
    for rel in (aid.ROK_AID, aid.ROK_AID_CUMULATIVE, aid.ROK_AID_REPORTED, aid.FTS, aid.FTS_SNAPSHOTS, aid.APPEALS, aid.WFP):
        text = (RAW_DIR / rel).read_text(encoding="utf-8")
        assert "dossier" not in text.casefold(), rel


def test_rok_aid_figures():
    rok = registry.build("rok_aid").set_index("year")
    assert rok.index.min() == 1995 and rok.index.max() == 2025 and len(rok) == 31
    assert rok.loc[1995, "govt_total_krw_100m"] == 1854 and rok.loc[1995, "total_krw_100m"] == 1856
    assert rok.loc[2000, "govt_food_loans_krw_100m"] == 1057
    assert rok.loc[2007, "total_krw_100m"] == 4397
    assert rok["govt_total_krw_100m"].sum() == 24158
    # 2022: the MOU's reported total (summary table; MOU data to Rep. Kang) replaces the table's 30, split not found
    assert rok.loc[2022, "total_krw_100m"] == 26 and rok.loc[2022, "govt_total_krw_100m"] == 9
    assert pd.isna(rok.loc[2022, "private_krw_100m"])
    assert rok.loc[2022, "total_source"] == "MOU summary (인도적 대북지원 현황 총괄)"
    assert rok.loc[2022, "total_other_reports"] == ["30 (MOU table)"]
    assert rok.loc[2022, "total_confidence"] == "high"
    # 2023: 10 (table and MOU summary) kept, the 9 of the White Paper and of the MOU data to Rep. Kang beside it
    assert rok.loc[2023, "total_krw_100m"] == 10 and rok.loc[2023, "total_source"] == "MOU table"
    assert rok.loc[2023, "total_other_reports"] == ["9 (2024 Unification White Paper (MOU))",
                                                     "9 (MOU data released by Rep. Kang Sun-woo)"]
    assert rok.loc[2021, "total_other_reports"] == []
    # confirming reports raise the grade of the years they confirm
    assert rok.loc[[2019, 2020, 2021, 2023, 2024, 2025], "total_confidence"].tolist() == [
        "high", "medium-high", "medium-high", "medium", "high", "medium-high"]
    assert rok.loc[2018, "total_confidence"] == "medium"
    assert pd.isna(rok.loc[2013, "total_krw_100m"]) and pd.isna(rok.loc[2013, "private_krw_100m"])  # gap stays NA
    assert bool(rok.loc[2013, "extraction_issue"])
    assert rok.loc[2024, "total_krw_100m"] == 0  # a reported zero stays zero
    loan_years = set(rok.index[rok["govt_food_loans_krw_100m"] > 0])
    assert loan_years == {2000, 2002, 2003, 2004, 2005, 2007}
    # the grade and its note, as the raw file words them
    assert (rok.loc[1995, "confidence"], rok.loc[1995, "confidence_note"]) == ("high", "2+ sources")
    assert rok.loc[2013, "confidence"] == "low" and pd.isna(rok.loc[2013, "confidence_note"])
    assert list(rok["confidence"].cat.categories) == catalog.vocabulary("confidence")
    comparison = aid.cumulative_comparison(Raw("rok_aid"), aid.rok_table(Raw("rok_aid")))
    assert set(zip(comparison["stated"], comparison["yearly_sum"])) == {(24158, 24158), (32052, 32057)}


def test_fts_figures():
    fts = registry.build("humanitarian_funding")
    main = fts[fts["preferred"]].set_index("year")
    assert list(main.index) == list(range(2010, 2026))
    assert main.loc[2010, "funding_usd"] == 24492052
    # 2022 and 2023: the published FTS snapshot of 31 Dec 2023, not the repository extract
    assert main.loc[2022, ["funding_usd", "series", "confidence"]].tolist() == [2_338_232, "OCHA FTS (published snapshot)", "high"]
    assert main.loc[2023, "funding_usd"] == 1_525_938 and main.loc[2023, "as_of"] == pd.Timestamp("2023-12-31")
    extract = fts[fts["series"] == "FTS (repository extract)"].set_index("year")
    assert extract.loc[2022, ["funding_usd", "preferred"]].tolist() == [1_940_302, False]
    assert extract.loc[2023, ["funding_usd", "preferred", "flow_count"]].tolist() == [518_874, False, 7]
    assert main.loc[2012, "flow_count"] == 71
    assert main.loc[2012, ["confidence", "confidence_note"]].tolist() == ["medium", "conflicting"]
    assert extract.loc[2022, "confidence_note"] == "conflicts with published FTS snapshots"
    snaps = fts[fts["series"] == "OCHA FTS (published snapshot)"]
    assert sorted(snaps["year"].unique()) == list(range(2019, 2026))
    assert set(snaps.loc[snaps["year"] == 2022, "funding_usd"]) == {2_338_232, 2_330_000, 2_220_000, 2_310_000}
    assert set(snaps.loc[snaps["year"] == 2023, "funding_usd"]) == {1_525_938, 1_520_000, 1_490_000}
    assert snaps.set_index(["year", "as_of"]).loc[(2020, pd.Timestamp("2023-12-31")), "funding_usd"] == 41_887_446
    assert snaps.set_index("year").loc[2025, "funding_usd"] == 2_383_644
    assert not snaps.loc[~snaps["year"].isin([2022, 2023]), "preferred"].any()
    alt_2012 = set(fts[(fts["year"] == 2012) & ~fts["preferred"]]["funding_usd"])
    assert alt_2012 == {76_000_000, 103_900_000}


def test_appeal_figures():
    ap = registry.build("un_appeals")
    total = ap[ap["component"] == "total"]
    assert total[total["year"] == 1998]["requirements_usd"].item() == 415_600_000
    final_2019 = total[(total["year"] == 2019) & total["funding_final"].fillna(False)].iloc[0]
    assert (final_2019["funding_usd"], final_2019["pct_funded"]) == (32_000_000, 27.0)
    r2002 = total[total["year"] == 2002].iloc[0]
    assert r2002["pct_funded"] == 89.0 and r2002["pct_funded_computed"] == pytest.approx(82.22, abs=0.01)
    assert not set(range(2005, 2011)) & set(ap["year"])  # no appeal 2005-2010
    assert (total[total["year"] == 2000]["confidence"].item(), total[total["year"] == 2000]["confidence_note"].item()) == (
        "high", "OCHA")
    assert (r2002["funding_as_of"], r2002["funding_as_of_precision"]) == (pd.Timestamp("2002-12-01"), "month")


def test_wfp_figures():
    w = registry.build("wfp_deliveries")
    pref = w[w["preferred"] & ~w["per_year_average"]].set_index("year_start")
    assert pref.loc[1995, "tonnes"] == 5140 and not pref.loc[1995, "approximate"]
    assert pref.loc[2001, "tonnes"] == 930000 and pref.loc[2001, "approximate"]
    assert pref.loc[2017, "tonnes"] == 21777
    assert 2009 not in pref.index and 1999 not in pref.index  # gaps stay gaps
    assert set(w[w["year_start"] == 2013]["tonnes"]) == {35000, 38000}
    level = w[w["period_label"] == "2003-2005"].iloc[0]
    assert (level["year_start"], level["year_end"], level["tonnes"], level["per_year_average"]) == (2003, 2005, 300000, True)
    assert pref.loc[2017, ["confidence", "confidence_note"]].tolist() == ["high", "3 outlets"]


def test_registered_datasets_match_declared_columns():
    for name in ("rok_aid", "un_appeals", "humanitarian_funding", "wfp_deliveries"):
        frame = registry.build(name)
        assert list(frame.columns) == catalog.spec(name).columns == list(registry.get(name).columns)
        assert frame["confidence"].notna().all(), name


def test_funding_checks_agree_with_supplement(shared_dir):
    """The FTS snapshots and the MOU totals recorded for 2019-2025 are those of the supplement's checks."""
    import csv

    path = shared_dir / "research" / "supplement" / "aid_funding_checks.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    first = lambda v: v.split(" ")[0]
    fts = registry.build("humanitarian_funding")
    snaps = fts[(fts["series"] == "OCHA FTS (published snapshot)")]
    for r in (r for r in rows if r["series"].startswith("OCHA FTS")):
        value = int(first(r["value"]).replace(",", ""))
        assert value in set(snaps.loc[snaps["year"] == int(r["year"]), "funding_usd"]), r["year"]
    reported = aid.reported_totals(Raw("rok_aid"))
    for r in (r for r in rows if r["series"].startswith("ROK government + private")):
        values = {int(v.strip()) for v in r["value"].split("(")[0].split("/") if v.strip()}
        if "/" in r["value"]:  # 2023: '10 (MOU summary) / 9 (...)'
            values = {int(part.split("(")[0].strip()) for part in r["value"].split("/")}
        assert values <= set(reported.loc[reported["year"] == int(r["year"]), "total"]), r["year"]


def test_confidence_is_a_grade_with_its_note(tmp_path):
    path = _write(tmp_path, "w.csv", "period,tonnes,per_year,preferred,confidence,source,notes\n"
                  "1995,\"5,140\",no,yes,high (3 sources),,\n1996,\"~54,000\",no,yes,medium-low,,\n"
                  "1997,\"~432,000\",no,yes,derived,,\n")
    with pytest.raises(DataError, match="unknown confidence 'derived'") as err:
        registry.build("wfp_deliveries", files={aid.WFP: path})
    _where(err, path, 4, "confidence")
    path.write_text(path.read_text(encoding="utf-8").replace(",derived,", ",medium,"), encoding="utf-8")
    w = registry.build("wfp_deliveries", files={aid.WFP: path})
    assert w["confidence"].tolist() == ["high", "low-medium", "medium"]  # 'medium-low' is the vocabulary's low-medium
    assert w["confidence_note"].tolist()[0] == "3 sources" and w["confidence_note"].iloc[1:].isna().all()
