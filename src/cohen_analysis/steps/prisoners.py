"""Political-prisoner estimates, related indicators and camp-level records (``data/raw/prisoners/``).

* ``estimates.csv``: one row per published estimate, the figure kept as the source states it
  (``"150,000-200,000"``, ``"up to 200,000"``, ``"~130,000"``) and read by :func:`parse.figures`;
* ``indicators.csv``: related figures that are *not* prisoner counts (Walk Free, survey samples);
* ``camps.csv``: one row per camp x attribute x source; conflicting values are separate rows.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .. import parse
from ..registry import Raw, step

ESTIMATES = "prisoners/estimates.csv"
INDICATORS = "prisoners/indicators.csv"
CAMPS = "prisoners/camps.csv"

#: indicator type -> the units it may be given in
INDICATOR_UNITS = {
    "modern_slavery_prevalence": ["share of population", "percent of population", "per 1,000 population"],
    "modern_slavery_count": ["people"],
    "survey_sample_size": ["respondents"],
    "survey_share": ["percent of respondents"],
}
#: camp attribute (as the raw file writes it) -> the units it may be given in ("": none), how its value reads
CAMP_ATTRIBUTES = {
    "area": (["km2", "sq mi"], "number"),
    "population": (["prisoners"], "number"),
    "camp count": (["camps"], "number"),
    "established": (["year"], "year"),
    "closed": (["year", "date"], "year"),
    "status": ([""], "text"),
    "zones": ([""], "text"),
    "dimensions": (["miles", "km", "m"], "text"),
}

# A year as stated: "2010", "~2016", "2013 (covers 2012)", "undated (c.2006-2008; not verified)", "unknown".
_YEAR = re.compile(r"^(?:(?P<plain>\d{4})|(?:~|c\.|ca\.|circa)\s*(?P<approx>\d{4})|(?P<noted>\d{4})\s*\((?P<note>.+)\)"
                   r"|(?P<none>undated|unknown|n\.\s?d\.?|not stated)(?:\s*\((?P<why>.+)\))?)$", re.IGNORECASE)
_UNCERTAIN_WORDS = r"(?i)approx|not verified|inferred|uncertain|unverified|circa|\?"
# The first rule whose pattern matches what an estimate counts gives its scope.
_SCOPE_RULES = {
    "political_prison_camps_per_camp": r"(?i)\bper[- ]camp\b",
    "all_detention": r"(?i)\ball (?:other )?(?:kinds of )?(?:detention|detainees)\b",
    "political_prison_camps": r"(?i)kwan[- ]?li[- ]?so|political prison|isolation camps?|labou?r camps?|penal[- ]labou?r|\bcamps?\b",
}
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


def stated_years(frame: pd.DataFrame, column: str, *, file) -> pd.DataFrame:
    """A year as stated -> year (Int64), year_stated, year_uncertain, year_note."""
    stated = parse.text(frame, column, file=file, required=True)
    m = stated.str.extract(_YEAR)
    parse.fail(m.isna().all(axis=1), lambda v: f"malformed year: not a year as expected (e.g. '2010', "
               f"'2013 (covers 2012)', 'unknown'): {v!r}", file=file, column=column, values=stated)
    note = m["note"].str.strip()
    return pd.DataFrame({
        "year": m["plain"].fillna(m["approx"]).fillna(m["noted"]).astype("Int64"),
        "year_stated": stated,
        "year_uncertain": m["approx"].notna() | m["none"].notna() | note.str.contains(_UNCERTAIN_WORDS).fillna(False),
        "year_note": note.mask(m["approx"].notna(), "approximate").fillna(m["why"].str.strip())
                         .fillna(m["none"].str.lower()).astype("string"),
    }, index=frame.index)


def scopes(what_counted: pd.Series, *, file) -> pd.Series:
    """What an estimate counts, in the source's words -> a value of the ``prisoner_scope`` vocabulary."""
    text = what_counted.fillna("")
    scope = pd.Series(np.select([text.str.contains(p) for p in _SCOPE_RULES.values()], list(_SCOPE_RULES), ""),
                      index=text.index)
    parse.fail(scope == "", lambda v: f"cannot tell the scope of {v!r}; expected wording naming {sorted(_SCOPE_RULES)}",
               file=file, column="what_counted", values=what_counted)
    return scope.astype("string")


def _units_fit(out: pd.DataFrame, by: str, allowed: dict, *, file) -> None:
    """Fail at the first row whose unit is not one of those ``allowed[<its value of by>]`` lists."""
    pairs = pd.MultiIndex.from_tuples([(key, unit) for key, units in allowed.items() for unit in units])
    fits = pd.MultiIndex.from_arrays([out[by], out["unit"].fillna("")]).isin(pairs)
    parse.fail(pd.Series(~fits, index=out.index), lambda line: f"unit {out.at[line, 'unit']!r} does not fit "
               f"{by.replace('_', ' ')} {out.at[line, by]!r}; expected one of {sorted(allowed[out.at[line, by]])}",
               file=file, column="unit", values=pd.Series(out.index, index=out.index))


def _sourced(frame: pd.DataFrame, *, file) -> pd.DataFrame:
    """The columns every prisoners file shares: source, URL, corroborating sources, confidence."""
    out = parse.text(frame, [c for c in ("source_org", "author", "title", "url", "note") if c in frame], file=file)
    out["corroborating"] = parse.lists(frame, "corroborating")
    out["confidence"], _ = parse.confidence(frame, "confidence", file=file)
    out["confidence_stated"] = parse.text(frame, "confidence")
    return out


@step("prisoner_estimates")
def prisoner_estimates(raw: Raw) -> pd.DataFrame:
    file, frame = raw.path(ESTIMATES), raw.read(ESTIMATES)
    out = parse.text(frame, ["id", "estimate", "what_counted", "essay_ref"], file=file)
    figures = parse.figures(frame, "estimate", file=file, integer=True, qualifiers=parse.QUALIFIERS, required=True)
    out = out.join(figures[["qualifier", "low", "high", "value"]].rename(columns={"value": "point"}))
    parse.fail(out[["low", "high", "point"]].isna().all(axis=1), "the estimate gives no figure", file=file, column="estimate")
    out["scope"] = scopes(out["what_counted"], file=file)
    return out.join(stated_years(frame, "year", file=file)).join(_sourced(frame, file=file))


@step("prisoner_indicators")
def prisoner_indicators(raw: Raw) -> pd.DataFrame:
    """An indicator is one figure read in the light of its unit: '1 in 20' (a share), '~10.5%' (percent)."""
    file, frame = raw.path(INDICATORS), raw.read(INDICATORS)
    out = parse.text(frame, ["id", "value", "unit", "measures"], file=file)
    out["indicator_type"] = parse.choices(frame, "indicator_type", INDICATOR_UNITS, file=file)
    _units_fit(out, "indicator_type", INDICATOR_UNITS, file=file)
    value, unit = out["value"].fillna(""), out["unit"].fillna("")
    one_in = value.str.extract(r"(?i)^(?:(?P<about>~|about)\s*)?1 in (?P<n>\d+)$")
    share, percent, percent_unit = one_in["n"].notna(), value.str.endswith("%"), unit.str.startswith("percent")
    for bad, why in ((share & (unit != "share of population"), "'1 in N' needs unit 'share of population'"),
                     (~share & percent & ~percent_unit, "a percentage needs a 'percent ...' unit"),
                     (~share & ~percent & percent_unit, "this unit needs a value ending in '%'")):
        parse.fail(bad, lambda v, why=why: f"malformed value: {why}, found {v!r}", file=file, column="value", values=value)
    figures = parse.figures(frame[~share], "value", file=file, qualifiers=parse.QUALIFIERS, required=True)
    parse.fail(figures["value"].isna(), "indicator must be a single figure, not a range", file=file, column="value")
    out["value_num"] = figures["value"].reindex(out.index).fillna(1 / pd.to_numeric(one_in["n"]))
    out["qualifier"] = figures["qualifier"].reindex(out.index).fillna(
        one_in["about"].notna().map({True: "about", False: "exact"}).astype("string"))
    out["year"] = stated_years(frame, "year", file=file)["year"]
    return out.join(_sourced(frame, file=file))


@step("prison_camps")
def prison_camps(raw: Raw) -> pd.DataFrame:
    file, frame = raw.path(CAMPS), raw.read(CAMPS)
    out = parse.text(frame, ["id", "camp", "name", "province", "value", "unit", "context", "source_year"], file=file)
    out["attribute"] = parse.choices(frame, "attribute", CAMP_ATTRIBUTES, file=file)
    _units_fit(out, "attribute", {a: units for a, (units, _) in CAMP_ATTRIBUTES.items()}, file=file)
    kind = out["attribute"].map({a: how for a, (_, how) in CAMP_ATTRIBUTES.items()})
    out["attribute"] = out["attribute"].str.replace(" ", "_")
    # anything but a camp number or 'ALL' fails the declaration's pattern for camp
    out["camp_no"] = pd.to_numeric(out["camp"].where(out["camp"] != "ALL"), errors="coerce").astype("Int64")

    figures = parse.figures(frame[kind == "number"], "value", file=file, qualifiers=parse.QUALIFIERS, required=True)
    parse.fail(figures["percent"] | figures["share_pct"].notna(), lambda v: f"malformed value: no camp figure is a "
               f"percentage: {v!r}", file=file, column="value", values=out["value"])
    years = out.loc[kind == "year", "value"].str.extract(
        rf"^(?:(?:(?:{_MONTHS})\s+)?(?P<exact>\d{{4}})|(?:~|c\.\s*)(?P<about>\d{{4}})|(?P<decade>(?:(?:early|mid|late)-?\s*)?\d{{3}}0s))$")
    parse.fail(years.isna().all(axis=1), lambda v: f"malformed value: not a year, month and year, or decade: {v!r}",
               file=file, column="value", values=out["value"])
    exact = pd.to_numeric(years["exact"]).astype("Float64")  # a decade gives no year: none is invented
    years = pd.DataFrame({"qualifier": years["exact"].notna().map({True: "exact", False: "about"}).astype("string"),
                          "low": exact, "high": exact, "value": exact.fillna(pd.to_numeric(years["about"]))})
    values = pd.concat([figures[list(years)], years]).reindex(out.index)
    out[["value_num", "value_low", "value_high", "qualifier"]] = values[["value", "low", "high", "qualifier"]]

    # the source's year or years ('2015', '2013-2019'), 'c.' in front when approximate
    out["source_year_approx"] = out["source_year"].str.match(r"c\.\s*").fillna(False)
    years = pd.DataFrame({"source_year": out["source_year"].str.replace(r"^c\.\s*", "", regex=True)})
    out["source_year_first"], out["source_year_last"] = parse.periods(years, "source_year", file=file, required=False)

    # one camp, one name: a different spelling on a later row is a data-entry slip
    first = out.groupby("camp")["name"].transform("first")
    parse.fail(out["name"].notna() & (out["name"] != first), lambda camp: f"camp {camp} is named "
               f"{first[out['camp'] == camp].iloc[0]!r} on an earlier row", file=file, column="name", values=out["camp"])
    return out.join(_sourced(frame, file=file))
