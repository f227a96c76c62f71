"""Recompute the essay's checkable figures from the sourced datasets.

Each check takes the claim row and a :class:`Data` accessor, and returns the value the data give
for the essay's time (``value_then``), the value today (``value_now``), a verdict and a one-line
reason. Verdicts: ``reproduced``, ``differs``, ``partly``, ``not checkable``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

from .. import registry
from .headline import headline

ESSAY_DATE = pd.Timestamp("2010-06-16")
VERDICTS = ("reproduced", "differs", "partly", "not checkable")
#: How close "some N" must come to count as reproduced (relative difference).
APPROX_TOLERANCE = 0.05
ESSAY_TREATIES = ("ICCPR", "ICESCR", "CRC", "CEDAW", "Genocide Convention")
JOINING_EVENTS = ("accession", "ratification", "succession")


@dataclass
class Data:
    """Loads each dataset once per check run."""

    loader: Callable[[str], pd.DataFrame] = registry.load
    tolerance: float = APPROX_TOLERANCE
    _cache: dict = field(default_factory=dict)

    def __call__(self, name: str) -> pd.DataFrame:
        if name not in self._cache:
            self._cache[name] = self.loader(name)
        return self._cache[name]


@dataclass(frozen=True)
class Result:
    value_then: str
    value_now: str
    verdict: str
    reason: str
    datasets: tuple[str, ...]


def _n(x) -> str:
    return f"{int(x):,}"


def _date(ts) -> str:
    return pd.Timestamp(ts).strftime("%-d %b %Y")


def defector_cumulative(data: Data, as_of: pd.Timestamp) -> tuple[int, int]:
    """Arrivals up to the last complete year before ``as_of`` (periods ending that year or earlier)."""
    arrivals = data("defectors")
    last_year = as_of.year - 1 if as_of < pd.Timestamp(year=as_of.year, month=12, day=31) else as_of.year
    total = arrivals.loc[arrivals["year_end"] <= last_year, "arrivals"].sum()
    return int(total), int(last_year)


def essay_treaty_dates(data: Data) -> pd.DataFrame:
    """The date North Korea became party to each of the essay's five treaties (preferred rows)."""
    t = data("treaties")
    rows = t[t["treaty"].isin(ESSAY_TREATIES) & t["event"].isin(JOINING_EVENTS) & t["preferred"]]
    rows = rows.sort_values("date").drop_duplicates("treaty")
    return rows[["treaty", "event", "date", "date_precision", "date_basis", "relative_to_un_admission"]].reset_index(drop=True)


def un_admission(data: Data) -> pd.Timestamp:
    m = data("un_membership")
    row = m[(m["organisation"] == "United Nations") & m["event"].str.startswith("admitted")]
    return pd.Timestamp(row["date"].iloc[0])


def latest_camp_estimate(data: Data, *, ranges_only: bool = False) -> pd.Series:
    """Headline "now" estimate of the political-prison-camp population: the latest estimate of the
    highest confidence grade present (see :mod:`cohen_analysis.analysis.headline`)."""
    est = data("prisoner_estimates")
    camps = est[est["scope"] == "political_prison_camps"].copy()
    if ranges_only:
        camps = camps[camps["low"].notna() & camps["high"].notna()]
    camps["confidence"] = camps["confidence"].astype(str)
    return headline(camps, date="year").row


def camp_estimate_coverage(data: Data) -> str:
    """'N dated estimates, Y0-Y1' over the system-wide camp estimates."""
    est = data("prisoner_estimates")
    years = est.loc[est["scope"] == "political_prison_camps", "year"].dropna().astype(int)
    return f"{len(years)} dated estimates, {years.min()}-{years.max()}"


def check_prisoner_range(claim, data: Data) -> Result:
    est = data("prisoner_estimates")
    essay = est[est["essay_ref"].fillna("").str.contains("endnote ii")]
    latest = latest_camp_estimate(data)
    now = (f"{latest['estimate']} ({latest['source_org'].split(' (')[0]}, {latest['year']}; the latest "
           f"{latest['confidence']}-confidence figure of {camp_estimate_coverage(data)})")
    if essay.empty:
        return Result("not in data", now, "not checkable", "the cited estimate is not in the data", ("prisoner_estimates",))
    row = essay.iloc[0]
    same = (row["low"], row["high"]) == (150_000, 200_000)
    author = f"{row['author']}, " if isinstance(row.get("author"), str) and row["author"] else ""
    then = f"{row['estimate']} (attributed to {author}{row['source_org'].split(' (')[0]}, {row['year']})"
    return Result(
        then,
        now,
        "reproduced" if same else "differs",
        "the range is attributed to Hawk's Hidden Gulag (2003) by the essay and by later sources; the cited page "
        "(p. 24) itself was not seen; later estimates are lower (fewer camps remain open)"
        if same
        else "the cited source gives another range",
        ("prisoner_estimates",),
    )


def announced_near_essay(data: Data) -> tuple[pd.Series | None, pd.Series | None]:
    """The cumulative arrivals announced last before and first after the essay's date."""
    cum = data("defectors_cumulative").dropna(subset=["as_of", "announced_total"]).sort_values("as_of")
    before = cum[cum["as_of"] <= ESSAY_DATE]
    after = cum[cum["as_of"] > ESSAY_DATE]
    return (before.iloc[-1] if len(before) else None), (after.iloc[0] if len(after) else None)


def check_defector_stock(claim, data: Data) -> Result:
    total, year = defector_cumulative(data, ESSAY_DATE)
    latest_year = int(data("defectors")["year_end"].max())
    now_total, _ = defector_cumulative(data, pd.Timestamp(year=latest_year, month=12, day=31))
    close = abs(total - 18_000) / 18_000 <= data.tolerance
    before, after = announced_near_essay(data)
    near = []
    if before is not None:
        near.append(f"{_n(before['announced_total'])} announced for {_date(before['as_of'])} ({before['status']})")
    if after is not None:
        near.append(f"{_n(after['announced_total'])} for {_date(after['as_of'])}")
    return Result(
        f"{_n(total)} arrivals by end-{year} (yardstick: the last year-end before the essay); no figure for "
        f"June 2010 found, the nearest announced: {' and '.join(near)}",
        f"{_n(now_total)} arrivals by end-{latest_year}",
        "reproduced" if close else "differs",
        f"cumulative arrivals to the end of {year} come within {data.tolerance:.0%} of 18,000; by June 2010 the "
        "stock was somewhat higher (arrivals, not residents: some have died or left)"
        if close else f"more than {data.tolerance:.0%} from 18,000",
        ("defectors", "defectors_cumulative"),
    )


def check_treaties_named(claim, data: Data) -> Result:
    dates = essay_treaty_dates(data)
    found = sorted(dates["treaty"])
    ok = set(found) == set(ESSAY_TREATIES)
    how = "; ".join(f"{event}: {', '.join(g['treaty'])}" for event, g in dates.groupby("event", sort=True))
    return Result(
        f"{len(found)} of 5 joined by {ESSAY_DATE.year}",
        f"{len(found)} of 5; also OPSC (2014) and CRPD (2016)",
        "reproduced" if ok else "differs",
        f"North Korea is party to all five ({how})" if ok else f"missing: {set(ESSAY_TREATIES) - set(found)}",
        ("treaties",),
    )


def check_treaties_after_un(claim, data: Data) -> Result:
    dates = essay_treaty_dates(data)
    admitted = un_admission(data)
    after = dates[dates["date"] > admitted]
    before = dates[dates["date"] <= admitted]
    return Result(
        f"{len(after)} of 5 after admission ({', '.join(after['treaty'])})",
        f"{len(after)} of 5 (unchanged)",
        "reproduced" if len(after) == 5 else "differs",
        f"UN admission {_date(admitted)}; {', '.join(before['treaty'])} were joined before it (1981-1990)",
        ("treaties", "un_membership"),
    )


def check_upr_review_date(claim, data: Data) -> Result:
    c = data("upr_cycles").set_index("cycle").loc[1]
    return Result(
        f"reviewed {_date(c['review_date'])}; outcome adopted {_date(c['hrc_adoption_date'])}",
        "4 reviews: 2009, 2014, 2019, 2024",
        "partly",
        "the Working Group review was in December 2009; only the adoption of its outcome fell in 2010",
        ("upr_cycles",),
    )


def c1_unique(recs: pd.DataFrame) -> pd.DataFrame:
    return recs[recs["cycle"] == 1].drop_duplicates("rec_id")


def check_upr_split(claim, data: Data) -> Result:
    recs = data("upr_recommendations")
    c1 = c1_unique(recs)
    rejected = int((c1["response_wg"] == "rejected").sum())
    examined = int((c1["response_wg"] == "to be examined").sum())
    cycles = data("upr_cycles").set_index("cycle")
    latest = cycles.index.max()
    c1 = cycles.loc[1]
    adopted = pd.Timestamp(c1["hrc_adoption_date"])
    months = (ESSAY_DATE.year - adopted.year) * 12 + ESSAY_DATE.month - adopted.month
    accepted = int(c1["supported_at_adoption"])
    return Result(
        f"{_n(len(c1_recs := c1_unique(recs)))} recommendations: {rejected} rejected, {examined} to be examined; "
        f"{'none' if accepted == 0 else accepted} accepted at the Council's adoption ({_date(adopted)})",
        f"cycle {latest} ({cycles.loc[latest, 'review_year']}): {_n(cycles.loc[latest, 'n_recommendations'])} recommendations",
        "reproduced" if examined > 0 and rejected < len(c1_recs) else "differs",
        f"{examined} of {len(c1_recs)} were kept for examination at the Working Group (A/HRC/13/13 paras 90-91); "
        f"at the Council's adoption of the outcome in {adopted:%B %Y}, {months} months before the essay, North "
        f"Korea accepted {'none of them' if accepted == 0 else accepted}",
        ("upr_recommendations", "upr_cycles"),
    )


def check_upr_outcome(claim, data: Data) -> Result:
    c = data("upr_cycles").set_index("cycle")
    c1, c2 = c.loc[1], c.loc[2]
    return Result(
        f"{int(c1['supported_at_adoption'])} accepted at HRC13 ({_date(c1['hrc_adoption_date'])})",
        f"2014 annex: {int(c1['final_supported'])} supported, {int(c1['final_partially_supported'])} partly; "
        f"cycle 2: {int(c2['final_supported'])} of {int(c2['n_recommendations'])} supported",
        "not checkable",
        "the essay states no outcome; the data show none accepted in 2010 and a partial acceptance reported in 2014",
        ("upr_cycles",),
    )


def _follow(claim, data: Data) -> str:
    parts = []
    issue = claim.get("follow_issue")
    if isinstance(issue, str) and issue:
        issues = data("upr_issues")
        later = issues[(issues["cycle"] > 1) & (issues["issue"] == issue)].drop_duplicates(["cycle", "rec_id"])
        if len(later):
            supported = later["response_final"].isin(["supported", "partially supported"]).sum()
            parts.append(f"cycle 2 '{issue}': {supported} of {len(later)} supported")
    treaty = claim.get("follow_treaty")
    treaty = treaty if isinstance(treaty, str) else None
    if treaty == "CRPD":
        t = data("treaties")
        row = t[(t["treaty"] == "CRPD") & (t["event"] == "ratification") & t["preferred"]]
        if len(row):
            parts.append(f"CRPD ratified {pd.Timestamp(row['date'].iloc[0]).strftime('%b %Y')}")
    elif treaty == "ILO":
        m = data("un_membership")
        row = m[m["organisation"].str.contains("Labour")]
        if len(row):
            parts.append(f"ILO: still not a member ({pd.Timestamp(row['date'].iloc[0]).strftime('%b %Y')})")
    return "; ".join(parts) or "no later record in the data"


def check_upr_rec(claim, data: Data) -> Result:
    recs = data("upr_recommendations")
    ids = list(claim["rec_ids"])
    rows = recs[(recs["cycle"] == 1) & recs["rec_id"].isin(ids)].drop_duplicates("rec_id")
    missing = sorted(set(ids) - set(rows["rec_id"]))
    if missing:
        return Result("not found", "", "not checkable", f"recommendation(s) {missing} not in the data", ("upr_recommendations",))
    wg = rows["response_wg"].unique().tolist()
    final = rows["response_final"].value_counts().to_dict()
    label = ", ".join(f"{r} ({s})" for r, s in zip(rows["rec_id"], rows["state"]))
    not_rejected = "rejected" not in wg
    finals = ", ".join(f"{v} {k}" for k, v in final.items())
    return Result(
        f"{label}: {', '.join(wg)}",
        f"final: {finals}; {_follow(claim, data)}",
        "reproduced" if not_rejected else "differs",
        "kept for examination at the Working Group, not rejected" if not_rejected else "rejected at the Working Group",
        ("upr_recommendations", "upr_issues", "treaties", "un_membership"),
    )


def check_aid_extension(claim, data: Data) -> Result:
    aid = data("rok_aid").set_index("year")
    known = aid["total_krw_100m"].dropna()
    latest = int(known.index.max())
    first = int(aid.index.min())
    missing = sorted(set(range(first, latest + 1)) - set(int(y) for y in known.index))
    coverage = f"{len(known)} of {latest - first + 1} years {first}-{latest} recorded"
    if missing:
        coverage += f"; {', '.join(map(str, missing))} missing"
    return Result(
        f"ROK aid 2010: {_n(aid.loc[2010, 'total_krw_100m'])} (100 million KRW)",
        f"ROK aid {latest}: {_n(aid.loc[latest, 'total_krw_100m'])} (100 million KRW; {coverage})",
        "not checkable",
        "the essay gives no aid figure; see the aid report for aid and UN funding over time",
        ("rok_aid",),
    )


def family_counts(data: Data) -> tuple[pd.Series, "Headline", str]:
    """Survivor counts of separated-family applicants: the last one before the essay, the headline
    "now" count (latest at the highest confidence) and a coverage phrase ('29 dated counts, 2007-2026')."""
    fam = data("separated_families").dropna(subset=["as_of", "surviving"])
    fam = fam[~fam["surviving_approximate"].fillna(False)].sort_values("as_of", kind="stable")
    then = fam[fam["as_of"] <= ESSAY_DATE].iloc[-1]
    now = headline(fam, date="as_of")
    years = fam["as_of"].dt.year
    return then, now, f"{len(fam)} exact dated counts, {years.min()}-{years.max()}"


def check_families_extension(claim, data: Data) -> Result:
    then, now, coverage = family_counts(data)
    row = now.row
    text = f"{_n(row['surviving'])} alive ({_date(row['as_of'])}, the latest {row['confidence']}-confidence count of {coverage})"
    newest = now.newest()
    if newest is not None:
        text += f"; a newer, {newest['confidence']}-confidence count: {_n(newest['surviving'])} ({_date(newest['as_of'])})"
    return Result(
        f"{_n(then['surviving'])} applicants alive ({_date(then['as_of'])}, the last count before the essay)",
        text,
        "not checkable",
        "the essay gives no figure; surviving registered applicants fall every year",
        ("separated_families",),
    )


def check_cases_movement(claim, data: Data) -> Result:
    """Endnote xviii: movement on high-interest cases, tested on the named detainees, the abductees and the UN case lists."""
    from . import cases

    names = ("detainees", "korean_japanese_cases", "un_case_mechanisms")
    v = cases.verdict(*(data(n) for n in names))
    return Result(v["value_then"], v["value_now"], v["verdict"], v["reason"], names)


def check_sourced_facts(claim, data: Data) -> Result:
    """Claims no dataset covers: checked against the dated, sourced facts of ``essay_claim_sources``.

    The 'then' facts that are not mere context decide the verdict: any 'no' -> differs, else any
    'partly' -> partly, else reproduced.
    """
    src = data("essay_claim_sources")
    rows = src[src["claim_id"] == claim["claim_id"]].sort_values("date", kind="stable")
    then = rows[(rows["role"] == "then") & (rows["supports"] != "context")]
    conflict = rows["note"].fillna("").str.startswith("CONFLICT")
    now = rows[(rows["role"] == "now") & ~((rows["supports"] == "context") & conflict)]
    if then.empty:
        return Result("no sourced fact", "", "not checkable", "no source found for the essay's time", ("essay_claim_sources",))
    kinds = set(then["supports"])
    verdict = "differs" if "no" in kinds else "partly" if "partly" in kinds else "reproduced"
    producers = list(dict.fromkeys(rows["producer"]))
    context = int((rows["supports"] == "context").sum())
    reason = {
        "reproduced": "the sources bear out the essay",
        "partly": "the sources bear out part of the essay's wording",
        "differs": "the sources contradict the essay's wording",
    }[verdict]
    reason += f" ({len(rows)} facts from {len(producers)} sources: {', '.join(producers)}"
    reason += f"; {context} conflicting or later detail(s) kept)" if context else ")"
    caveats = then.loc[then["supports"].isin(["partly", "no"]), "note"].dropna()
    if len(caveats):
        reason += ": " + "; ".join(caveats)
    return Result(
        "; ".join(then["fact"]),
        "; ".join(now["fact"]) if len(now) else "(not followed further)",
        verdict,
        reason,
        ("essay_claim_sources",),
    )


def claim_sources(data: Data | None = None, claim_ids: list[str] | None = None) -> pd.DataFrame:
    """The sources behind the ``sourced_facts`` claims, for a reader's table: claim, ref, when,
    fact, source (producer, title, date; 'via' the copy), URL, confidence."""
    data = data or Data()
    src = data("essay_claim_sources")
    claims = data("essay_claims").set_index("claim_id")
    if claim_ids is not None:
        src = src[src["claim_id"].isin(claim_ids)]
    src = src.sort_values(["claim_id", "date"], kind="stable")

    def when(r):
        fmt = {"day": "%-d %b %Y", "month": "%b %Y", "year": "%Y"}[r["date_precision"]]
        return pd.Timestamp(r["date"]).strftime(fmt)

    def source(r):
        text = f"{r['producer']}, \u201c{r['title']}\u201d ({r['date_published']})"
        if isinstance(r["copy_name"], str):
            text += f", via {r['copy_name']}"
        return text

    return pd.DataFrame({
        "claim_id": src["claim_id"].to_numpy(),
        "ref": [claims.loc[c, "ref"] for c in src["claim_id"]],
        "when": [when(r) for _, r in src.iterrows()],
        "fact": src["fact"].to_numpy(),
        "bears_out": src["supports"].to_numpy(),
        "source": [source(r) for _, r in src.iterrows()],
        "url": src["url"].to_numpy(),
        "confidence": src["confidence"].to_numpy(),
    })


CHECKS: dict[str, Callable] = {
    "prisoner_range": check_prisoner_range,
    "defector_stock": check_defector_stock,
    "treaties_named": check_treaties_named,
    "treaties_after_un": check_treaties_after_un,
    "upr_review_date": check_upr_review_date,
    "upr_split": check_upr_split,
    "upr_outcome": check_upr_outcome,
    "upr_rec": check_upr_rec,
    "aid_extension": check_aid_extension,
    "families_extension": check_families_extension,
    "cases_movement": check_cases_movement,
    "sourced_facts": check_sourced_facts,
}


def check_claims(claims: pd.DataFrame | None = None, data: Data | None = None, topics: list[str] | None = None) -> pd.DataFrame:
    """One row per claim: reference, paraphrase, essay value, value then and now, verdict, reason."""
    data = data or Data()
    claims = data("essay_claims") if claims is None else claims
    if topics:
        claims = claims[claims["topic"].isin(topics)]
    rows = []
    for _, claim in claims.iterrows():
        result = CHECKS[claim["check"]](claim, data)
        assert result.verdict in VERDICTS, result.verdict
        rows.append(
            {
                "claim_id": claim["claim_id"],
                "ref": claim["ref"],
                "topic": claim["topic"],
                "claim": claim["claim"],
                "essay_value": claim["essay_value"],
                "value_then": result.value_then,
                "value_now": result.value_now,
                "verdict": result.verdict,
                "reason": result.reason,
                "datasets": ";".join(result.datasets),
            }
        )
    return pd.DataFrame(rows)


def then_and_now(data: Data | None = None) -> pd.DataFrame:
    """The essay-era and headline "now" value of each measure the summary chart compares.

    "Now" values follow the headline rule (latest at the highest confidence,
    :mod:`cohen_analysis.analysis.headline`).

    Columns: measure, unit, then_low, then_high, then_label, now_low, now_high, now_label, dataset.
    A single value has low == high.
    """
    data = data or Data()
    rows = []
    est = data("prisoner_estimates")
    essay = est[est["essay_ref"].fillna("").str.contains("endnote ii")].iloc[0]
    latest = latest_camp_estimate(data, ranges_only=True)
    rows.append(("Political prisoners (estimate)", "persons", essay["low"], essay["high"], f"{essay['year']}",
                 latest["low"], latest["high"], f"{latest['year']}", "prisoner_estimates"))
    then_total, then_year = defector_cumulative(data, ESSAY_DATE)
    last = int(data("defectors")["year_end"].max())
    now_total, _ = defector_cumulative(data, pd.Timestamp(year=last, month=12, day=31))
    rows.append(("Defectors arrived in South Korea (cumulative)", "persons", then_total, then_total, f"end-{then_year}",
                 now_total, now_total, f"end-{last}", "defectors"))
    f_then, f_headline, _ = family_counts(data)
    f_now = f_headline.row
    rows.append(("Separated-family applicants alive", "persons", f_then["surviving"], f_then["surviving"],
                 pd.Timestamp(f_then["as_of"]).strftime("%b %Y"), f_now["surviving"], f_now["surviving"],
                 pd.Timestamp(f_now["as_of"]).strftime("%b %Y"), "separated_families"))
    cycles = data("upr_cycles").set_index("cycle")
    c_last = cycles.index.max()
    rows.append(("UPR recommendations to North Korea (per review)", "recommendations", cycles.loc[1, "n_recommendations"],
                 cycles.loc[1, "n_recommendations"], str(cycles.loc[1, "review_year"]), cycles.loc[c_last, "n_recommendations"],
                 cycles.loc[c_last, "n_recommendations"], str(cycles.loc[c_last, "review_year"]), "upr_cycles"))
    cols = ["measure", "unit", "then_low", "then_high", "then_label", "now_low", "now_high", "now_label", "dataset"]
    frame = pd.DataFrame(rows, columns=cols)
    for c in ("then_low", "then_high", "now_low", "now_high"):
        frame[c] = frame[c].astype("int64")
    return frame
