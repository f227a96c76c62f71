"""Separated families: steps on small bad inputs, pinned figures, projection."""

from decimal import Decimal

import pandas as pd
import pytest

from cohen_analysis import catalog, parse, registry
from cohen_analysis.analysis import families as an
from cohen_analysis.errors import DataError
from cohen_analysis.metadata import read_origin
from cohen_analysis.paths import RAW_DIR
from cohen_analysis.steps import families as fam

APPLICANT_HEADER = ("as_of,registered_total,deceased,surviving,surv_90plus,surv_80_89,surv_70_79,surv_60_69,"
                    "surv_59_or_under,age_unit,surv_80plus,derived_fields,inconsistency_documented,confidence,source,notes\n")
DEATHS_HEADER = "period,months,deaths,preferred,confidence,source,notes\n"
REUNION_HEADER = ("event,dates,venue,type,south_persons,north_persons,south_visitors,south_relatives,north_visitors,"
                  "north_relatives,persons_total,families,persons_scope,families_detail,confidence,source,notes\n")
EXCHANGE_HEADER = "period,period_start,period_end,exchange_type,channel,measure,value,confidence,source,notes\n"


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _where(err, path, row, column):
    assert err.value.file is not None and err.value.file.endswith(path.name)
    assert err.value.row == row
    assert err.value.column == column
    assert path.name in str(err.value) and f"row {row}" in str(err.value) and f"'{column}'" in str(err.value)


def _applicants(path):
    return registry.build("separated_families", files={fam.APPLICANTS: path})


@pytest.fixture(scope="module")
def built():
    """The real applicants, as the deaths step reads them."""
    return registry.build("separated_families")


def _deaths(path, applicants):
    return registry.build("separated_family_deaths", files={fam.DEATHS: path}, datasets={"separated_families": applicants})


def _reunions(path):
    return registry.build("reunions", files={fam.REUNIONS: path})


# ---- bad inputs ---------------------------------------------------------------------------

def test_missing_column(tmp_path):
    path = _write(tmp_path, "a.csv", APPLICANT_HEADER.replace("surviving,", "alive,") + "2020-01-31,1,0,1,,,,,,,,,,high,,\n")
    with pytest.raises(DataError) as err:
        _applicants(path)
    _where(err, path, 1, "surviving")


@pytest.mark.parametrize("line, column, match", [
    ('2020-01-31,"133,000",many,"3,000",,,,,,,,,,high,,\n', "deceased", "not a figure"),
    ("2020-01-31,100,40,60,10,20,10,10,11,count,,,,high,,\n", "surv_59_or_under", "age bands add up to 61"),
    ("2020-01-31,100,40,60,10%,20%,30%,30%,20%,pct,,,,high,,\n", "surv_59_or_under", "age-band shares add up to 110%"),
    ("2020-01-31,100,40,60,10,,,,,pct,,,,high,,\n", "surv_90plus", "not a percentage"),
    ("2020-01-31,100,40,60,10,,,,,,,,,high,,\n", "age_unit", "age_unit is empty"),
    ("2020-01-31,100,40,60,,,,,,,50,,,high,,\n", "surv_80plus", "must be a percentage"),
    ("2020-13-31,100,40,60,,,,,,,,,,high,,\n", "as_of", "bad date"),
    ("2020-01-31,100,40,60,,,,,,age,,,,high,,\n", "age_unit", "unknown value 'age'"),
])
def test_bad_applicant_row(tmp_path, line, column, match):
    path = _write(tmp_path, "a.csv", APPLICANT_HEADER + line)
    with pytest.raises(DataError, match=match) as err:
        _applicants(path)
    _where(err, path, 2, column)


def test_parts_not_adding_up_is_an_error_unless_documented(tmp_path):
    row = '2020-01-31,"133,000","90,000","43,001",,,,,,,,,{doc},high,,\n'
    path = _write(tmp_path, "a.csv", APPLICANT_HEADER + row.format(doc=""))
    with pytest.raises(DataError, match="registered 133,000 != deceased 90,000") as err:
        _applicants(path)
    _where(err, path, 2, "surviving")
    ok = _write(tmp_path, "b.csv", APPLICANT_HEADER + row.format(doc="printed so"))
    frame = _applicants(ok)
    assert frame["parts_add_up"].tolist() == [False]


def test_deceased_may_not_fall(tmp_path):
    path = _write(tmp_path, "a.csv", APPLICANT_HEADER + "2020-01-31,100,40,60,,,,,,,,,,high,,\n2020-02-29,100,39,61,,,,,,,,,,high,,\n")
    with pytest.raises(DataError, match="falls") as err:
        _applicants(path)
    _where(err, path, 3, "deceased")


@pytest.mark.parametrize("grade", ["certain", "high (2 sources", ""])
def test_confidence_must_be_a_grade(tmp_path, grade):
    path = _write(tmp_path, "a.csv", APPLICANT_HEADER + f'2020-01-31,100,40,60,,,,,,,,,,{grade},,\n')
    with pytest.raises(DataError, match="unknown confidence|value is missing") as err:
        _applicants(path)
    _where(err, path, 2, "confidence")


def test_confidence_grade_and_note(tmp_path):
    path = _write(tmp_path, "a.csv", APPLICANT_HEADER + "2020-01-31,100,40,60,,,,,,,,,,high (2 sources),,\n"
                  "2020-02-29,100,41,59,,,,,,,,,,medium-low,,\n")
    frame = _applicants(path)
    assert frame["confidence"].astype(str).tolist() == ["high", "low-medium"]  # the vocabulary's spelling
    assert frame["confidence_note"].tolist() == ["2 sources", pd.NA]
    assert frame["confidence"].cat.ordered and frame["confidence"].max() == "high"


def test_deaths_two_preferred_rows(tmp_path, built):
    path = _write(tmp_path, "d.csv", DEATHS_HEADER + "2017,,3795,yes,high,,\n2017,,3797,yes,medium,,\n")
    with pytest.raises(DataError, match="two preferred") as err:
        _deaths(path, built)
    _where(err, path, 3, "preferred")


@pytest.mark.parametrize("line, column, match", [
    ("2017-2015,,3795,yes,high,,\n", "period", "ends before it starts"),
    ("2017/18,,3795,yes,high,,\n", "period", "YYYY or YYYY-YYYY"),
    ("2016-2017,1-9,3795,yes,high,,\n", "months", "M-M within one year"),
    ("2017,9-1,3795,yes,high,,\n", "months", "M-M within one year"),
    ("2017,,3795,maybe,high,,\n", "preferred", "maybe"),
    ("2017,,3.5%,yes,high,,\n", "deaths", "percentage"),
])
def test_bad_death_rows(tmp_path, built, line, column, match):
    path = _write(tmp_path, "d.csv", DEATHS_HEADER + "2016,,3378,yes,high,,\n" + line)
    with pytest.raises(DataError, match=match) as err:
        _deaths(path, built)
    _where(err, path, 3, column)


def test_reunion_parts_must_match_total(tmp_path):
    path = _write(tmp_path, "r.csv", REUNION_HEADER + "Round 1,2000-08-15..18,X,face-to-face,500,,94,404,,,,,all,,high,,\n")
    with pytest.raises(DataError, match="visitors 94 \\+ relatives 404") as err:
        _reunions(path)
    _where(err, path, 2, "south_persons")
    bad_type = _write(tmp_path, "s.csv", REUNION_HEADER + "Round 1,2000-08-15..18,X,phone,,,,,,,,,,,high,,\n")
    with pytest.raises(DataError) as err:
        _reunions(bad_type)
    _where(err, bad_type, 2, "type")


@pytest.mark.parametrize("line, column, match", [
    ("Round 2,2000-11-30..12-02,X,face-to-face,~500,,,,,,,,all,,high,,\n", "south_persons", "only expected in persons_total"),
    ("Round 2,2000-11-30..12-02,X,face-to-face,500,,,,,,,,,,high,,\n", "persons_scope", "without persons_scope"),
    ("Round 1,2000-11-30..12-02,X,face-to-face,,,,,,,,,,,high,,\n", "event", "duplicate"),
])
def test_bad_reunion_rows(tmp_path, line, column, match):
    path = _write(tmp_path, "r.csv", REUNION_HEADER + "Round 1,2000-08-15..18,X,face-to-face,,,,,,,,,,,high,,\n" + line)
    with pytest.raises(DataError, match=match) as err:
        _reunions(path)
    _where(err, path, 3, column)


def test_reunion_rounds_without_gaps(tmp_path):
    path = _write(tmp_path, "r.csv", REUNION_HEADER + "Round 1,2000-08-15..18,X,face-to-face,,,,,,,,,,,high,,\n"
                  "Round 3,2001-02-26..28,X,face-to-face,,,,,,,,,,,high,,\n")
    with pytest.raises(DataError, match="not 1..2 without gaps") as err:
        _reunions(path)
    assert err.value.file.endswith("r.csv") and err.value.column == "event"


def test_exchange_channel_must_be_known(tmp_path):
    path = _write(tmp_path, "e.csv", EXCHANGE_HEADER + "2001,2001,2001,letters,all,as stated,5,medium,,\n"
                  "2001,2001,2001,letters,church,as stated,5,medium,,\n")
    with pytest.raises(DataError, match="church") as err:
        registry.build("family_exchange_totals", files={fam.EXCHANGES: path})
    _where(err, path, 3, "channel")


def test_date_ranges(tmp_path):
    s, sp, e, ep = parse.date_range("2000-11-30..12-02")
    assert (s, e, sp, ep) == (pd.Timestamp("2000-11-30"), pd.Timestamp("2000-12-02"), "day", "day")
    s, sp, e, ep = parse.date_range("2005-08-15..2007")
    assert (e, ep) == (pd.Timestamp("2007-01-01"), "year")
    with pytest.raises(ValueError, match="ends before it starts"):
        parse.date_range("2000-11-30..11-02")
    path = _write(tmp_path, "r.csv", REUNION_HEADER + "Round 1,2000-11-30..11-02,X,face-to-face,,,,,,,,,,,high,,\n")
    with pytest.raises(DataError, match="ends before it starts") as err:
        _reunions(path)
    _where(err, path, 2, "dates")


# ---- data ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def applicants(built):
    return built.set_index("as_of_as_stated")


@pytest.fixture(scope="module")
def deaths(built):
    return registry.build("separated_family_deaths", datasets={"separated_families": built})


def test_metadata_valid():
    for rel in (fam.APPLICANTS, fam.DEATHS, fam.REUNIONS, fam.EXCHANGES):
        origin = read_origin(RAW_DIR / rel)
        assert origin.citation_short and origin.conflicts


def test_applicant_key_figures(applicants):
    latest = applicants.loc["2025-12-31"]
    assert (latest["registered"], latest["deceased"], latest["surviving"]) == (134516, 100148, 34368)
    newest = applicants.loc["2026-08-31"]
    assert (newest["registered"], newest["surviving"], newest["surv_90plus"]) == (134843, 32948, 11007)
    assert newest["share_90plus_pct"] == pytest.approx(33.4)
    assert newest["confidence"] == "low-medium"
    assert applicants.loc["2022-12-31", "surviving"] == 42624
    assert applicants.loc["2022-12-31", "share_90plus_pct"] == pytest.approx(28.5)
    assert (applicants.loc["2022-12-31", "confidence"], applicants.loc["2022-12-31", "confidence_note"]) == ("high", "3 sources")


def test_approximations_and_gaps(applicants):
    first = applicants.loc["2000-08-31"]
    assert first["registered"] == 106000 and bool(first["registered_approximate"])
    assert pd.isna(first["deceased"]) and pd.isna(first["surviving"])  # gap, never zero
    masked = applicants.loc["2019-12-31"]
    assert pd.isna(masked["registered"]) and bool(masked["registered_approximate"])
    assert applicants.loc["2015-02", "as_of_precision"] == "month"
    assert applicants.loc["2015-02", "as_of"] == pd.Timestamp("2015-02-01")


def test_documented_inconsistency_is_flagged(applicants):
    row = applicants.loc["undated (c.2002-03?)"]
    assert (row["registered"], row["deceased"], row["surviving"]) == (117576, 14589, 102367)
    assert row["parts_add_up"] == False  # noqa: E712
    assert pd.isna(row["as_of"]) and pd.isna(row["as_of_precision"])
    assert "620" in row["inconsistency_note"]
    others = applicants.drop(index="undated (c.2002-03?)")["parts_add_up"].dropna()
    assert others.all() and len(others) >= 20


def test_conflicting_90plus_kept(applicants):
    row = applicants.loc["2023-11-30"]
    assert (row["surv_90plus"], row["surv_90plus_alt"]) == (11827, 11082)
    assert bool(row["share_90plus_derived"])
    assert row["share_90plus_pct"] == pytest.approx(100 * 11827 / 39881)


def test_deaths(deaths):
    pref = deaths[deaths["preferred"] & deaths["full_year"] & (deaths["year_start"] == deaths["year_end"])]
    by_year = dict(zip(pref["year_start"], pref["deaths"]))
    assert by_year[2012] == 4167 and by_year[2017] == 3795 and by_year[2022] == 3647 and by_year[2024] == 2959
    assert by_year[2023] == 3340 and by_year[2025] == 2798  # derived from year-end totals
    assert 2020 not in by_year and 2021 not in by_year  # gaps stay gaps
    derived_2024 = deaths[(deaths["year_start"] == 2024) & (deaths["method"] == "derived")]["deaths"].item()
    assert derived_2024 == 2959  # the year-end totals agree with the reported deaths
    assert set(deaths[deaths["year_start"] == 2017]["deaths"]) == {3795, 3797}


def test_derived_deaths_are_not_graded(deaths):
    derived = deaths[deaths["method"] == "derived"]
    assert derived["year_start"].tolist() == [2019, 2023, 2024, 2025]
    assert derived["confidence"].isna().all() and derived["confidence_note"].isna().all()
    reported = deaths[deaths["method"] == "reported"]
    assert reported["confidence"].notna().all()
    assert reported.loc[reported["period_label"] == "2012", "confidence_note"].item() == "2 sources"


def test_deaths_preferred_unique_per_year(deaths):
    pref = deaths[deaths["preferred"]]
    covered = [y for _, r in pref.iterrows() for y in range(int(r["year_start"]), int(r["year_end"]) + 1)]
    assert len(covered) == len(set(covered))  # no year is covered by two preferred rows
    by_year = {int(r["year_start"]): (r["period_label"], int(r["deaths"])) for _, r in pref.iterrows()}
    assert by_year[2023] == ("2023 (derived)", 3340)  # not also Jan-May 1,483 and Jan-Aug 2,226
    assert by_year[2024] == ("2024", 2959)  # reported full year, not Jan-Aug 1,961 or the derived twin
    assert by_year[2013] == ("2013", 3841) and by_year[2019] == ("2019", 3400)
    assert by_year[2008] == ("2008 (months 1-9)", 2184) and by_year[2020] == ("2020 (months 1-5)", 1379)
    assert not deaths.loc[deaths["period_label"] == "2004-2011", "preferred"].item()  # overlaps 2008-2011
    assert sorted(by_year) == [2008, 2009, 2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020,
                               2022, 2023, 2024, 2025]
    # summed preferred deaths can no longer exceed everyone recorded as deceased (100,148 at end-2025)
    assert int(pref["deaths"].sum()) == 58_002 < 100_148


def test_multi_year_total_preferred_only_where_no_year_has_its_own_row(built):
    reported = pd.DataFrame([
        dict(period_label="2001-2003", year_start=2001, year_end=2003, month_start=1, month_end=12, full_year=True,
             deaths=300, approximate=True, method="reported", preferred=True, confidence="medium"),
        dict(period_label="2005-2006", year_start=2005, year_end=2006, month_start=1, month_end=12, full_year=True,
             deaths=200, approximate=True, method="reported", preferred=True, confidence="medium"),
        dict(period_label="2006 (months 1-6)", year_start=2006, year_end=2006, month_start=1, month_end=6,
             full_year=False, deaths=50, approximate=False, method="reported", preferred=True, confidence="medium"),
    ])
    out = fam.combine_deaths(reported, fam.derived_deaths(built.iloc[:0]))
    assert dict(zip(out["period_label"], out["preferred"])) == {
        "2001-2003": True, "2005-2006": False, "2006 (months 1-6)": True}


def test_reunions():
    r = registry.build("reunions")
    rounds = r[r["round"].notna()]
    assert len(rounds) == 21 and rounds["round"].max() == 21
    assert rounds["start"].min() == pd.Timestamp("2000-08-15")
    last = rounds[rounds["round"] == 21].iloc[0]
    assert last["start"] == pd.Timestamp("2018-08-20") and last["end"] == pd.Timestamp("2018-08-26")
    assert not last["persons_complete"]
    assert (last["confidence"], last["confidence_note"]) == ("high", "batch 1 in 2 sources")
    r16 = rounds[rounds["round"] == 16].iloc[0]
    assert (r16["south_persons"], r16["north_persons"]) == (498, 316)
    assert pd.isna(rounds[rounds["round"] == 13].iloc[0]["south_persons"])
    video = r[r["video"]]
    assert set(video["persons_total"].dropna()) == {3245, 500, 3748}
    assert video.set_index("event")["persons_total_approximate"].to_dict() == {
        "Video reunions 1-6": False, "Video reunion 7": True, "Video reunions total": False}


def test_exchange_totals():
    ex = registry.build("family_exchange_totals")
    cum = ex[(ex["period_label"] == "1985-Oct 2015")].set_index("measure")["count"]
    assert (cum["families"], cum["persons"]) == (4185, 19928)
    open_ended = ex[ex["period_label"] == "to 2015"]
    assert open_ended["period_start"].isna().all() and (open_ended["period_end_precision"] == "year").all()


def test_datasets_have_their_declared_columns():
    for name in ("separated_families", "separated_family_deaths", "reunions", "family_exchange_totals"):
        assert list(registry.build(name).columns) == catalog.spec(name).columns
    assert registry.get("separated_family_deaths").depends == ("separated_families",)


# ---- projection ---------------------------------------------------------------------------

def test_projection_range():
    p = an.project_survivors(34368, [0.0607, 0.0784, 0.0747], 10, start_year=2025)
    assert len(p) == 11 and p["year"].iloc[-1] == 2035
    assert p["surviving_low"].iloc[0] == p["surviving_high"].iloc[0] == 34368
    assert (p["surviving_low"] <= p["surviving_high"]).all()
    assert (p["surviving_low"].diff().dropna() < 0).all()
    assert (p["surviving_high"].diff().dropna() < 0).all()
    assert p["surviving_low"].iloc[1] == pytest.approx(34368 * (1 - 0.0784))


def test_projection_from_observed_rates(built, deaths):
    rates = an.observed_death_rates(built, deaths)
    assert set(rates["year"]) >= {2023, 2024, 2025}
    assert rates.set_index("year").loc[2024, "rate"] == pytest.approx(2959 / 39593)
    p = an.project_survivors(34368, rates["rate"], 5)
    assert (p["surviving_low"] <= p["surviving_high"]).all()


@pytest.mark.parametrize("rates", [[], [0.0], [1.2], [float("nan")]])
def test_projection_rejects_bad_rates(rates):
    with pytest.raises(ValueError):
        an.project_survivors(1000, rates, 3)


@pytest.mark.parametrize("text, kw, expected", [
    ("~133,3xx", {}, {"value": None, "approximate": True}),  # masked digits: no figure, approximate
    ("14,589 (12.4%)", {"integer": True}, {"value": 14589, "share_pct": Decimal("12.4"), "percent": False}),
    ("~12,000 (~22%)", {}, {"value": Decimal("12000"), "share_pct": Decimal("22"), "approximate": True}),
    ("11,827 (hankyung) / 11,082 (shinailbo, mbn)", {"integer": True, "allow_alternative": True},
     {"value": 11827, "alternative": 11082, "approximate": False}),
    ("11,827 (hankyung) / ~11,082 (mbn)", {"allow_alternative": True}, {"approximate": True}),
    ("$246.84M", {"integer": True}, {"value": 246_840_000}),  # exact, never through a float
    ("~$24M", {"integer": True}, {"value": 24_000_000, "approximate": True, "words": "~"}),
    (">65%", {"qualifiers": ["exact", "about", "more than"]}, {"value": Decimal("65"), "percent": True, "lower_bound": True}),
    ("111 million", {"integer": True}, {"value": 111_000_000}),
])
def test_printed_figures(text, kw, expected):
    fig = parse.figure(text, **kw)
    assert {k: getattr(fig, k) for k in expected} == expected


@pytest.mark.parametrize("text, kw, match", [
    ("3.9%", {"integer": True}, "expected a count, found a percentage"),
    ("12.5", {"integer": True}, "not a whole number"),
    ("1,2345", {}, "not a figure"),
    ("11,827 (hankyung)", {}, "not a figure"),  # an outlet only beside an alternative
    ("~5,000 (about)", {}, "not a figure"),
])
def test_printed_figures_refused(text, kw, match):
    with pytest.raises(ValueError, match=match):
        parse.figure(text, **kw)
