"""Political-prisoner estimates, related indicators and prison camps."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

import cohen_analysis as ca
from cohen_analysis import catalog, parse, registry
from cohen_analysis.steps import prisoners as pr
from cohen_analysis.errors import DataError
from cohen_analysis.metadata import read_origin, update_checksum
from cohen_analysis.paths import RAW_DIR

# ---------------------------------------------------------------------------------------------
# parse.figure: figures stated with words and ranges
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, qualifier, low, high, point",
    [
        # ranges, every dash and word
        ("150,000-200,000", "range", 150_000, 200_000, None),
        ("150,000\u2013200,000", "range", 150_000, 200_000, None),  # en dash
        ("150,000\u2014200,000", "range", 150_000, 200_000, None),  # em dash
        ("150,000 \u2212 200,000", "range", 150_000, 200_000, None),  # minus sign, spaced
        ("150,000\u2012200,000", "range", 150_000, 200_000, None),  # figure dash
        ("150,000 - 200,000", "range", 150_000, 200_000, None),
        ("150,000 to 200,000", "range", 150_000, 200_000, None),
        ("between 80,000 and 120,000", "range", 80_000, 120_000, None),
        ("80.000-120.000", "range", 80_000, 120_000, None),  # dots as thousands separators
        ("150\u202f000\u2013200\u202f000", "range", 150_000, 200_000, None),  # narrow no-break spaces
        ("150 000 - 200 000", "range", 150_000, 200_000, None),
        ("150-200k", "range", 150_000, 200_000, None),  # multiplier on the second figure only
        ("150k-200k", "range", 150_000, 200_000, None),
        ("150 to 200 thousand", "range", 150_000, 200_000, None),
        ("~80,000-120,000", "about range", 80_000, 120_000, None),
        # single figures with every qualifier
        ("150,000", "exact", 150_000, 150_000, 150_000),
        ("200000", "exact", 200_000, 200_000, 200_000),
        ("150 thousand", "exact", 150_000, 150_000, 150_000),
        ("1.5 million", "exact", 1_500_000, 1_500_000, 1_500_000),
        ("up to 200,000", "up to", None, 200_000, 200_000),
        ("as many as 200,000", "up to", None, 200_000, 200_000),
        ("Up To 200,000", "up to", None, 200_000, 200_000),
        ("less than 10,000", "less than", None, 10_000, 10_000),
        ("<10,000", "less than", None, 10_000, 10_000),
        ("more than 150,000", "more than", 150_000, None, 150_000),
        ("over 100,000", "more than", 100_000, None, 100_000),
        (">150,000", "more than", 150_000, None, 150_000),
        ("at least 105,000", "at least", 105_000, None, 105_000),
        ("\u2265105,000", "at least", 105_000, None, 105_000),
        ("1,300+", "at least", 1_300, None, 1_300),
        ("about 130,000", "about", None, None, 130_000),
        ("around 130,000", "about", None, None, 130_000),
        ("approximately 130,000", "about", None, None, 130_000),
        ("~130,000", "about", None, None, 130_000),
        ("c. 130,000", "about", None, None, 130_000),
        ("an estimated 130k", "about", None, None, 130_000),
        ("  'more than 1,600'  ", "more than", 1_600, None, 1_600),  # quotes and padding
    ],
)
def test_stated(text, qualifier, low, high, point):
    fig = parse.figure(text, integer=True, qualifiers=parse.QUALIFIERS)
    assert (fig.qualifier, fig.low, fig.high, fig.value) == (qualifier, low, high, point)


def test_stated_returns_ints():
    est = parse.figure("53,000-65,000", integer=True, qualifiers=parse.QUALIFIERS)
    assert type(est.low) is int and type(est.high) is int


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "lots",
        "tens of thousands",
        "200,000-150,000",  # backwards
        "up to 100,000-200,000",  # 'up to' cannot qualify a range
        "80,000 and 120,000",  # 'and' without 'between'
        "150,000 per camp",  # trailing words
        "1,00,000",  # bad grouping
        "150,000-",
        "-150,000",
        "12.5",  # not a whole number of persons
        "more than 1,300+",
        "overall 5",
        "5%",  # a percentage is not a count
        "15,000 or so",
        "between 5",
        "150,000-200,000+",
    ],
)
def test_stated_rejects(text):
    with pytest.raises(ValueError):
        parse.figure(text, integer=True, qualifiers=parse.QUALIFIERS)


def test_stated_decimal_mode():
    fig = parse.figure("1.01", qualifiers=parse.QUALIFIERS)
    assert (fig.qualifier, fig.low, fig.high, fig.value) == ("exact", Decimal("1.01"), Decimal("1.01"), Decimal("1.01"))
    fig = parse.figure("~10.5%", qualifiers=parse.QUALIFIERS)
    assert (fig.qualifier, fig.low, fig.high, fig.value, fig.percent, fig.words) == ("about", None, None, Decimal("10.5"), True, "~")


@pytest.mark.parametrize("text, qualifier, value, words", [
    ("300 or fewer", "up to", 300, "or fewer"),
    ("approximately 1,000", "about", 1000, "approximately"),
    ("close to 2,000", "about", 2000, "close to"),
    ("1,300+", "at least", 1300, "+"),
    ("1,000", "exact", 1000, None),
])
def test_qualifying_words_as_written(text, qualifier, value, words):
    fig = parse.figure(text, integer=True, qualifiers=parse.QUALIFIERS)
    assert (fig.qualifier, fig.value, fig.words) == (qualifier, value, words)


def test_qualifiers_not_allowed_are_refused():
    assert parse.figure("~1,234").approximate  # by default: plain or approximate figures
    for text in ("up to 200,000", "150,000-200,000", ">65%"):
        with pytest.raises(ValueError, match="is not expected here"):
            parse.figure(text)


def test_figures_column_names_the_bad_row(tmp_path):
    frame = pd.DataFrame({"estimate": ["150,000-200,000", "~130,000", "lots"]}, index=[2, 3, 4])
    with pytest.raises(DataError, match="not a figure: 'lots'") as exc:
        parse.figures(frame, "estimate", file=tmp_path / "e.csv", integer=True, qualifiers=parse.QUALIFIERS)
    assert (exc.value.row, exc.value.column) == (4, "estimate")
    out = parse.figures(frame.iloc[:2], "estimate", file=tmp_path / "e.csv", integer=True, qualifiers=parse.QUALIFIERS)
    assert out["low"].tolist() == [150_000, pd.NA] and out["value"].tolist() == [pd.NA, 130_000]
    assert str(out["low"].dtype) == "Int64" and out["qualifier"].tolist() == ["range", "about"]
    assert out["approximate"].tolist() == [False, True]
    out = parse.figures(frame, "estimate", file=tmp_path / "e.csv", integer=True, qualifiers=parse.QUALIFIERS, errors="coerce")
    assert out["value"].tolist() == [pd.NA, 130_000, pd.NA] and out["qualifier"].tolist() == ["range", "about", pd.NA]


# ---------------------------------------------------------------------------------------------
# years, scope, confidence
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, year, uncertain, note",
    [
        ("2010", 2010, False, None),
        ("2013 (covers 2012)", 2013, False, "covers 2012"),
        ("2016 (approx.; not verified)", 2016, True, "approx.; not verified"),
        ("~2016", 2016, True, "approximate"),
        ("c.2016", 2016, True, "approximate"),
        ("undated (c.2006-2008; not verified)", None, True, "c.2006-2008; not verified"),
        ("unknown", None, True, "unknown"),
        ("n.d.", None, True, "n.d."),
    ],
)
def test_stated_years(text, year, uncertain, note):
    out = pr.stated_years(pd.DataFrame({"year": [text]}, index=[2]), "year", file="e.csv").iloc[0]
    got = tuple(None if pd.isna(v) else v for v in (out["year"], out["year_uncertain"], out["year_note"]))
    assert got == (year, uncertain, note) and out["year_stated"] == text


@pytest.mark.parametrize("text", ["", "2013/14", "twenty-ten", "201", "2013 covers 2012"])
def test_stated_years_rejects(text):
    with pytest.raises(DataError) as exc:
        pr.stated_years(pd.DataFrame({"year": ["2010", text]}, index=[2, 3]), "year", file="e.csv")
    assert (exc.value.row, exc.value.column) == (3, "year")


@pytest.mark.parametrize(
    "text, scope",
    [
        ("kwan-li-so political penal-labour colonies", "political_prison_camps"),
        ("kwan li so political prison camps", "political_prison_camps"),
        ("6 political prison camps (kwanliso)", "political_prison_camps"),
        ("political prisoners held in labour camps", "political_prison_camps"),
        ("political prisoners in 8 isolation camps", "political_prison_camps"),
        ("per-camp kwanliso estimates", "political_prison_camps_per_camp"),
        ("ALL detention (about 700 facilities)", "all_detention"),
        ("all detainees including political prisoners", "all_detention"),
    ],
)
def test_scopes(text, scope):
    assert pr.scopes(pd.Series([text], dtype="string"), file="e.csv").tolist() == [scope]
    assert scope in catalog.vocabulary("prisoner_scope")


def test_scopes_unknown():
    with pytest.raises(DataError, match="cannot tell the scope"):
        pr.scopes(pd.Series(["hospital patients"], index=[2]), file="e.csv")


@pytest.mark.parametrize(
    "text, level",
    [
        ("high", "high"),
        ("High (3+ sources)", "high"),
        ("medium (figure) / low (date)", "medium"),
        ("medium-low", "low-medium"),
        ("Low-Medium", "low-medium"),
        ("medium-high (~45-46.5k in 3 sources)", "medium-high"),
        ("high (closed), medium (month)", "high"),
        ("low", "low"),
    ],
)
def test_confidences(text, level):
    assert parse.confidence(pd.DataFrame({"confidence": [text]}), "confidence", file="e.csv")[0].tolist() == [level]
    assert level in catalog.vocabulary("confidence")


def test_confidences_unknown():
    with pytest.raises(DataError, match="unknown confidence") as exc:
        parse.confidence(pd.DataFrame({"confidence": ["high", "sure"]}, index=[2, 3]), "confidence", file="e.csv")
    assert (exc.value.row, exc.value.column) == (3, "confidence")


def test_confidence_is_ordered():
    s = pd.Series(pd.Categorical(["high", "low", "low-medium"], dtype=catalog.fields()["confidence"].dtype))
    assert list(s.sort_values()) == ["low", "low-medium", "high"]
    assert (s >= "medium").tolist() == [True, False, False]


# ---------------------------------------------------------------------------------------------
# bad input files
# ---------------------------------------------------------------------------------------------

EST_HEADER = ["id", "estimate", "source_org", "author", "title", "year", "what_counted", "url", "corroborating",
              "confidence", "essay_ref", "note"]
EST_ROWS = [
    ["A01", "150,000-200,000", "HRNK", "David Hawk", "Hidden Gulag", "2003", "kwan-li-so", "https://example.org/a",
     "", "medium-low", "endnote ii", ""],
    ["A02", "up to 200,000", "Amnesty", "", "Camps", "2011", "political prison camps", "https://example.org/b", "",
     "high", "", ""],
    ["A03", "53,000\u201365,000", "KINU", "", "Update", "2025", "4 operating kwanliso", "https://example.org/c", "",
     "high", "", ""],
]
IND_HEADER = ["id", "indicator_type", "value", "unit", "measures", "source_org", "author", "title", "year", "url",
              "corroborating", "confidence", "note"]
IND_ROWS = [
    ["A21", "modern_slavery_prevalence", "1 in 20", "share of population", "slavery", "Walk Free", "", "GSI", "2016",
     "https://example.org/a", "", "low", ""],
    ["A22", "modern_slavery_prevalence", "~10.5%", "percent of population", "slavery", "Walk Free", "", "GSI", "2018",
     "https://example.org/b", "", "medium", ""],
    ["A24", "survey_sample_size", "1300+", "respondents", "sample", "EWC", "", "Survey", "2009",
     "https://example.org/c", "", "high", ""],
]
CAMP_HEADER = ["id", "camp", "name", "province", "attribute", "value", "unit", "context", "source_org", "source_year",
               "url", "corroborating", "confidence", "note"]
CAMP_ROWS = [
    ["B01", "14", "Kaechon", "South Pyongan", "area", "155", "km2", "", "liquisearch", "c.2012",
     "https://example.org/a", "", "high", ""],
    ["B02", "14", "Kaechon", "South Pyongan", "population", "15000", "prisoners", "", "HRNK", "2015",
     "https://example.org/b", "", "high", ""],
    ["B03", "22", "Hoeryong", "North Hamgyong", "closed", "June 2012", "date", "", "Daily NK", "2012",
     "https://example.org/c", "", "high (closed), medium (month)", ""],
    ["B04", "ALL", "", "", "camp count", "4", "camps", "2025", "KINU", "2025", "https://example.org/d", "", "high", ""],
]


RAW = {"prisoner_estimates": pr.ESTIMATES, "prisoner_indicators": pr.INDICATORS, "prison_camps": pr.CAMPS}


def write_csv(path: Path, header, rows) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    return path


def mutate(header, rows, line, column, value):
    """Copy of rows with the cell at raw ``line`` (header = 1) and ``column`` set to ``value``."""
    rows = [list(r) for r in rows]
    rows[line - 2][header.index(column)] = value
    return rows


def assert_names(err: DataError, path: Path, row, column):
    assert err.file is not None and err.file.endswith(path.name)
    assert err.row == row
    assert err.column == column
    text = str(err)
    assert path.name in text and f"column '{column}'" in text
    if row is not None:
        assert f"row {row}" in text


def build(name: str, path: Path) -> pd.DataFrame:
    return registry.build(name, files={RAW[name]: path})


def test_good_fixtures_clean(tmp_path):
    path = write_csv(tmp_path / "e.csv", EST_HEADER, EST_ROWS)
    est = build("prisoner_estimates", path)
    assert est.loc[2, ["low", "high"]].tolist() == [53_000, 65_000]
    assert est["confidence"].tolist() == ["low-medium", "high", "high"]
    assert est["confidence_stated"].tolist() == ["medium-low", "high", "high"]
    # the step keeps the raw line numbers, so errors after it can name the row
    assert pr.prisoner_estimates(registry.Raw("prisoner_estimates", {pr.ESTIMATES: path})).index.tolist() == [2, 3, 4]
    ind = build("prisoner_indicators", write_csv(tmp_path / "i.csv", IND_HEADER, IND_ROWS))
    assert ind["value_num"].tolist() == [0.05, 10.5, 1300.0]
    assert ind["qualifier"].tolist() == ["exact", "about", "at least"]
    camps = build("prison_camps", write_csv(tmp_path / "c.csv", CAMP_HEADER, CAMP_ROWS))
    assert camps["attribute"].tolist() == ["area", "population", "closed", "camp_count"]
    assert camps.loc[2, "value_num"] == 2012
    assert camps["camp_no"].tolist() == [14, 14, 22, pd.NA]
    assert camps["confidence"].tolist() == ["high", "high", "high", "high"]


def test_missing_column(tmp_path):
    header = [c for c in EST_HEADER if c != "what_counted"]
    rows = [[v for c, v in zip(EST_HEADER, r) if c != "what_counted"] for r in EST_ROWS]
    path = write_csv(tmp_path / "estimates.csv", header, rows)
    with pytest.raises(DataError) as exc:
        build("prisoner_estimates", path)
    assert_names(exc.value, path, 1, "what_counted")


@pytest.mark.parametrize("bad", ["lots", "200,000-150,000", "up to 100-200", "150,000 per camp", ""])
def test_malformed_estimate(tmp_path, bad):
    path = write_csv(tmp_path / "estimates.csv", EST_HEADER, mutate(EST_HEADER, EST_ROWS, 3, "estimate", bad))
    with pytest.raises(DataError) as exc:
        build("prisoner_estimates", path)
    assert_names(exc.value, path, 3, "estimate")


def test_unknown_scope(tmp_path):
    path = write_csv(tmp_path / "estimates.csv", EST_HEADER,
                     mutate(EST_HEADER, EST_ROWS, 4, "what_counted", "hospital patients"))
    with pytest.raises(DataError, match="scope") as exc:
        build("prisoner_estimates", path)
    assert_names(exc.value, path, 4, "what_counted")


def test_duplicate_id(tmp_path):
    path = write_csv(tmp_path / "estimates.csv", EST_HEADER, mutate(EST_HEADER, EST_ROWS, 4, "id", "A01"))
    with pytest.raises(DataError, match="duplicate") as exc:
        build("prisoner_estimates", path)
    assert_names(exc.value, path, 4, "id")


@pytest.mark.parametrize(
    "line, column, value",
    [
        (2, "year", "2013/14"),
        (3, "confidence", "very high"),
        (4, "url", "example.org"),
        (2, "id", "X1"),  # pandera id pattern
        (3, "source_org", ""),
    ],
)
def test_other_bad_estimate_cells(tmp_path, line, column, value):
    path = write_csv(tmp_path / "estimates.csv", EST_HEADER, mutate(EST_HEADER, EST_ROWS, line, column, value))
    with pytest.raises(DataError) as exc:
        build("prisoner_estimates", path)
    assert_names(exc.value, path, line, column)


@pytest.mark.parametrize(
    "line, column, value",
    [
        (2, "indicator_type", "prisoner_count"),
        (3, "unit", "people"),  # '~10.5%' under modern_slavery_prevalence needs a share/percent unit
        (4, "value", "many"),
        (4, "value", "1,000-2,000"),  # indicators are single figures
        (2, "value", "5%"),  # percent value with a share unit
        (3, "year", "recent"),
        (4, "url", ""),
    ],
)
def test_bad_indicators(tmp_path, line, column, value):
    path = write_csv(tmp_path / "indicators.csv", IND_HEADER, mutate(IND_HEADER, IND_ROWS, line, column, value))
    with pytest.raises(DataError) as exc:
        build("prisoner_indicators", path)
    assert_names(exc.value, path, line, column)


@pytest.mark.parametrize(
    "line, column, value",
    [
        (2, "attribute", "volume"),
        (3, "unit", "km2"),  # population in km2
        (3, "value", "15,000 or so"),
        (3, "value", "15%"),  # no camp figure is a percentage
        (4, "value", "summer"),  # closure not a year
        (5, "camp", "No. 4"),
        (3, "name", "Kaechon-ri"),  # second spelling for camp 14
        (2, "source_year", "2012 or 2013"),
        (2, "source_year", "c.2015-2012"),  # runs backwards
        (5, "confidence", "sure"),
    ],
)
def test_bad_camps(tmp_path, line, column, value):
    path = write_csv(tmp_path / "camps.csv", CAMP_HEADER, mutate(CAMP_HEADER, CAMP_ROWS, line, column, value))
    with pytest.raises(DataError) as exc:
        build("prison_camps", path)
    assert_names(exc.value, path, line, column)


def test_duplicate_camp_row_id(tmp_path):
    path = write_csv(tmp_path / "camps.csv", CAMP_HEADER, mutate(CAMP_HEADER, CAMP_ROWS, 5, "id", "B02"))
    with pytest.raises(DataError, match="first seen on row 3") as exc:
        build("prison_camps", path)
    assert_names(exc.value, path, 5, "id")


def test_missing_metadata_and_checksum_mismatch(tmp_path):
    path = write_csv(tmp_path / "estimates.csv", EST_HEADER, EST_ROWS)
    with pytest.raises(DataError, match="metadata is missing"):
        read_origin(path)
    meta = (RAW_DIR / "prisoners" / "estimates.csv.meta.yaml").read_text(encoding="utf-8")
    (tmp_path / "estimates.csv.meta.yaml").write_text(meta, encoding="utf-8")
    with pytest.raises(DataError, match="checksum mismatch") as exc:
        read_origin(path)
    assert exc.value.column == "sha256"
    update_checksum(path)
    assert read_origin(path).citation_short.startswith("Hawk, HRNK (2003-2013); KINU (2014, 2025);")


# ---------------------------------------------------------------------------------------------
# the real data
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def estimates():
    return registry.build("prisoner_estimates").set_index("id")


@pytest.fixture(scope="module")
def indicators():
    return registry.build("prisoner_indicators").set_index("id")


@pytest.fixture(scope="module")
def camps():
    return registry.build("prison_camps")


@pytest.mark.parametrize("raw", [pr.ESTIMATES, pr.INDICATORS, pr.CAMPS])
def test_raw_metadata_valid(raw):
    origin = read_origin(RAW_DIR / raw)  # schema, checksum and columns
    assert origin.conflicts, "every prisoners file states its conflicts"
    assert origin.sources


def test_essay_figure_hawk_2003(estimates):
    hawk = estimates.loc["A02"]
    assert hawk["estimate"] == "150,000-200,000"
    assert (hawk["low"], hawk["high"]) == (150_000, 200_000)
    assert pd.isna(hawk["point"]) and hawk["qualifier"] == "range"
    assert hawk["year"] == 2003 and hawk["author"] == "David Hawk"
    assert hawk["scope"] == "political_prison_camps"
    assert hawk["essay_ref"] == "para 1, endnote ii"
    assert hawk["confidence"] == "low-medium" and hawk["confidence_stated"] == "medium-low"
    assert hawk["corroborating"] == ["https://www.hurriyetdailynews.com/150000-incarcerated-in-n-korean-prisoner-camp-18096",
                                     "https://tiue.org/dw/en/tortured-beaten-starved-life-in-a-north-korean-gulag/a-16889451"]
    assert estimates["essay_ref"].notna().sum() == 1


def test_key_estimates(estimates):
    def figures(i):
        r = estimates.loc[i]
        return tuple(None if pd.isna(r[c]) else int(r[c]) for c in ("low", "high", "point"))

    assert figures("A04") == figures("A05") == (150_000, 200_000, None)  # State Dept 2008, 2009
    assert figures("A06") == (None, None, 200_000)  # NHRCK 2010
    assert figures("A07") == (None, 200_000, 200_000)  # Amnesty 2011, up to
    assert figures("A09a") == (150_000, None, 150_000)  # Hidden Gulag 2nd ed., more than
    assert figures("A11") == (None, None, 130_000)  # Hawk 2013
    assert figures("A14") == figures("A15") == figures("A17") == (80_000, 120_000, None)  # COI, KINU 2014, IRF
    assert figures("A18") == (100_000, None, 100_000)  # NKDB, all detention
    assert estimates.loc["A18", "scope"] == "all_detention"
    assert estimates.loc["A10", "scope"] == "political_prison_camps_per_camp"
    assert estimates.loc["A10", "year_note"] == "covers 2012"


def test_latest_estimate_is_kinu_2025(estimates):
    camps_scope = estimates[estimates["scope"] == "political_prison_camps"].dropna(subset=["year"])
    latest = camps_scope.loc[camps_scope["year"].idxmax()]
    assert latest.name == "A19"
    assert (latest["low"], latest["high"], latest["year"]) == (53_000, 65_000, 2025)
    assert latest["confidence"] == "high"


def test_estimates_shape_and_years(estimates):
    assert len(estimates) == 22
    assert estimates["year"].min() == 1982
    assert estimates.loc[["A03", "A16", "A20a", "A20b"], "year_uncertain"].all()
    assert estimates.loc[["A03", "A20a", "A20b"], "year"].isna().all()
    assert estimates.loc["A16", "year"] == 2016
    assert set(estimates["qualifier"]) == {"exact", "about", "range", "up to", "more than", "at least"}


def test_indicators(indicators):
    assert indicators.loc["A23a", "value_num"] == 2_696_000
    assert indicators.loc["A23b", "value_num"] == 104.6
    assert indicators.loc["A21", "value_num"] == 0.05
    assert indicators.loc["A22", ["value_num", "qualifier"]].tolist() == [10.5, "about"]
    assert indicators.loc["A24", ["value_num", "qualifier"]].tolist() == [1300, "at least"]
    assert indicators.loc["A25", "value_num"] == 300
    assert set(indicators["indicator_type"]) == set(pr.INDICATOR_UNITS)
    assert indicators.loc["A26", "corroborating"] == ["A24", "A25"]


def test_camps(camps):
    assert len(camps) == 54
    assert sorted(camps["camp_no"].dropna().unique().tolist()) == [11, 12, 13, 14, 15, 16, 18, 22, 25]
    pop = camps[camps["attribute"] == "population"]
    assert sorted(pop.loc[pop["camp"] == "14", "value_num"].tolist()) == [15_000, 50_000]  # conflict kept
    assert camps.loc[(camps["camp"] == "16") & (camps["attribute"] == "area"), "value_num"].tolist() == [539, 549, 560, 550]
    closure = pop[(pop["camp"] == "22") & (pop["context"] == "at closure")].iloc[0]
    assert (closure["value_low"], closure["value_high"], closure["qualifier"]) == (3000, 8000, "range")
    assert pop.loc[(pop["camp"] == "25") & (pop["source_year_first"] == 2025), "value_num"].tolist() == [5800]


def test_camp_counts(camps):
    counts = camps[camps["attribute"] == "camp_count"].set_index("context")["value_num"]
    assert counts.to_dict() == {"1982": 8, "1970s": 13, "2010": 6, "2015 (operating)": 4, "2025 (operating)": 4}
    status = camps[(camps["attribute"] == "status") & (camps["source_year_first"] == 2025)]
    assert set(status["camp"]) == {"14", "15", "18", "25"}
    assert status.loc[status["camp"] == "15", "value"].item() == "closed"


ESTIMATE_COLUMNS = ["id", "estimate", "qualifier", "low", "high", "point", "scope", "what_counted", "source_org", "author",
                    "title", "year", "year_stated", "year_uncertain", "year_note", "url", "corroborating", "confidence",
                    "confidence_stated", "essay_ref", "note"]


def test_registered_and_loadable():
    for name in ("prisoner_estimates", "prisoner_indicators", "prison_camps"):
        assert list(registry.get(name).columns) == catalog.spec(name).columns
    assert catalog.spec("prisoner_estimates").columns == ESTIMATE_COLUMNS
    frame = ca.load("prisoner_estimates")
    assert list(frame.columns) == ESTIMATE_COLUMNS
    hawk = frame[frame["id"] == "A02"].iloc[0]
    assert (hawk["low"], hawk["high"]) == (150_000, 200_000)
    assert str(frame["low"].dtype) == "Int64"
    assert frame["confidence"].cat.ordered


def test_load_in_fresh_process():
    import subprocess
    import sys

    code = "import cohen_analysis as ca; f = ca.load('prisoner_estimates'); print(len(f))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "22"
