"""Individual cases: does "movement" on high-interest cases occur with North Korea (¶14, endnote xviii)?

The essay asks that individual cases of prisoners be listed and raised in intercessions, and
notes that movement on high-interest cases can occur even with the most difficult governments.
These functions set the record of named detainees (``detainees``) beside the Korean and Japanese
abductee figures (``korean_japanese_cases``) and the UN case lists (``un_case_mechanisms``).
Every count over detainees is the data's own count of named people; day counts cover only the
cases whose two dates are day-precise, and every phrase built here says how many those are.
"""

from __future__ import annotations

from statistics import median

import pandas as pd

from ..catalog import vocabulary
from ..notebook import ParameterError, check_choice, check_choices, check_year_range

CONFIDENCE_LEVELS = vocabulary("confidence")
#: Leading words of ``nationality`` -> the nationality a reader filters on.
NATIONALITIES = tuple(vocabulary("nationality_group"))

#: The latest report the still-held cases are known from (the Ministry of Unification's 2026 list).
DATA_AS_OF = pd.Timestamp("2026-03-11")
#: Visits to Pyongyang that preceded a release, strongest first.
VISIT_LABELS = {
    "high-level visit": "After a high-level visit",
    "envoy visit": "After an envoy's visit",
    "no visit reported": "No visit reported",
    "not released": "Still held",
}
NATIONALITY_LABELS = {
    "United States": "U.S.",
    "Japan": "Japanese",
    "Australia": "Australian",
    "Canada": "Canadian",
    "Republic of Korea": "South Korean",
    "Malaysia": "Malaysian",
}


def event_year(detainees: pd.DataFrame) -> pd.Series:
    """The year a case is placed in: its detention year, or its release year where the detention date is unknown."""
    return detainees["detained"].fillna(detainees["released"]).dt.year.astype("Int64")


def year_span(detainees: pd.DataFrame) -> tuple[int, int]:
    years = event_year(detainees)
    return int(years.min()), int(years.max())


def check_parameters(detainees: pd.DataFrame, *, nationalities, start_year, end_year, min_confidence) -> None:
    """Stop the run with a clear message on a parameter the data cannot answer."""
    if isinstance(nationalities, str):
        raise ParameterError(f"parameter nationalities={nationalities!r} must be a list, e.g. [{nationalities!r}]")
    check_choices("nationalities", nationalities, NATIONALITIES)
    check_year_range(start_year, end_year, available=year_span(detainees))
    check_choice("min_confidence", min_confidence, CONFIDENCE_LEVELS)


def select(detainees: pd.DataFrame, *, nationalities, start_year: int, end_year: int, min_confidence: str) -> pd.DataFrame:
    """Cases of the chosen nationalities placed in ``start_year``-``end_year``, at or above ``min_confidence``."""
    years = event_year(detainees)
    keep = (detainees["nationality_group"].isin(list(nationalities)) & years.between(start_year, end_year)
            & (detainees["confidence"] >= min_confidence))
    out = detainees[keep.fillna(False)].copy()
    out["label"] = short_names(out)
    return out.sort_values(["detained", "released", "name"], kind="stable", na_position="last").reset_index(drop=True)


def short_names(frame: pd.DataFrame) -> pd.Series:
    """Reader labels: the name without the bracketed role or spelling, and the nationality."""
    names = frame["name"].str.replace(r"\s*\(.*\)$", "", regex=True)
    return names + " (" + frame["nationality_group"].map(NATIONALITY_LABELS) + ")"


def day_precise(frame: pd.DataFrame) -> pd.Series:
    return frame["days_detained"].notna()


def fmt_days(values) -> str:
    values = [int(v) for v in values]
    if not values:
        return "no day-precise case"
    return f"median {median(values):,g} days"


def days_by_visit(frame: pd.DataFrame) -> pd.DataFrame:
    """Released cases by the visit that preceded release: cases, how many are day-precise, and
    median, shortest and longest days held over those."""
    released = frame[~frame["still_held"]]
    rows = []
    for visit, label in VISIT_LABELS.items():
        group = released[released["visit_before_release"] == visit]
        if visit == "not released" or group.empty:
            continue
        days = group["days_detained"].dropna().astype(int)
        rows.append({
            "visit": label,
            "cases": len(group),
            "day_precise": len(days),
            "median_days": float(median(days)) if len(days) else None,
            "shortest_days": int(days.min()) if len(days) else None,
            "longest_days": int(days.max()) if len(days) else None,
            "sentenced": int(group["sentenced"].sum()),
        })
    return pd.DataFrame(rows)


def coverage_phrase(frame: pd.DataFrame) -> str:
    """'18 of 20 cases have day-precise dates'."""
    return f"{int(day_precise(frame).sum())} of {len(frame)} cases have day-precise dates"


def timeline(frame: pd.DataFrame) -> pd.DataFrame:
    """One bar per case: start (detention, or release where unknown), end (release, or
    :data:`DATA_AS_OF` while held), how it ended, and whether the dates are day-precise."""
    out = frame[["label", "nationality_group", "detained", "released", "still_held", "visit_before_release",
                 "days_detained"]].copy()
    out["start"] = out["detained"].fillna(out["released"])
    out["end"] = out["released"].fillna(DATA_AS_OF)
    out["ended"] = out["visit_before_release"].map(VISIT_LABELS)
    out["day_precise"] = out["days_detained"].notna()
    return out.reset_index(drop=True)


def _preferred(korean: pd.DataFrame, series: str) -> pd.Series:
    rows = korean[(korean["series"] == series) & korean["preferred"].fillna(False)]
    return rows.iloc[0]


def _measure(korean: pd.DataFrame, group_start: str, measure: str) -> int:
    rows = korean[korean["group"].str.startswith(group_start) & (korean["measure"] == measure)]
    return int(str(rows["value"].iloc[0]).replace(",", ""))


def wgeid_cumulative(un: pd.DataFrame) -> pd.DataFrame:
    rows = un[un["kind"] == "WGEID cases, cumulative"].sort_values("year", kind="stable")
    return rows[["year", "count", "clarified", "confidence"]].reset_index(drop=True)


def wgad_opinions(un: pd.DataFrame) -> pd.DataFrame:
    return un[un["kind"] == "WGAD opinion"].sort_values("year", kind="stable").reset_index(drop=True)


def contrast(detainees: pd.DataFrame, korean: pd.DataFrame, un: pd.DataFrame) -> pd.DataFrame:
    """Each group of cases: how many, how many came back or were clarified, how many remain.

    Detainee rows come from the full list (the parameters do not apply); the others from the
    preferred figures. ``returned`` is empty where no source states it.
    """
    rows = []
    us = detainees[detainees["nationality_group"] == "United States"]
    rows.append((f"U.S. citizens detained, named, {year_span(us)[0]}-{year_span(us)[1]}", len(us),
                 int((~us["still_held"]).sum()), int(us["still_held"].sum()), "released or expelled"))
    other = detainees[~detainees["nationality_group"].isin(["United States", "Republic of Korea"])]
    rows.append((f"Other foreign nationals detained, named, {year_span(other)[0]}-{year_span(other)[1]} "
                 "(the 9 Malaysians as one case)", len(other), int((~other["still_held"]).sum()),
                 int(other["still_held"].sum()), "released or expelled"))
    rok = detainees[detainees["nationality_group"] == "Republic of Korea"]
    rows.append((f"South Korean nationals detained, named, {year_span(rok)[0]}-{year_span(rok)[1]}", len(rok),
                 int((~rok["still_held"]).sum()), int(rok["still_held"].sum()), "released"))
    total = _preferred(korean, "post-war abductees, total abducted")
    held = _preferred(korean, "post-war abductees still held")
    returned = _measure(korean, "Post-war abductees", "returned: total")
    rows.append(("South Koreans abducted after the 1953 Armistice (Ministry of Unification)",
                 int(total["series_value"]), returned, int(held["series_value"]), "returned (undated; mostly fishermen)"))
    jp_total = _preferred(korean, "Japanese abductees identified")
    jp_back = _preferred(korean, "Japanese abductees returned")
    jp_left = _preferred(korean, "Japanese abductees unaccounted for")
    rows.append(("Japanese abductees identified by Japan's government", int(jp_total["series_value"]),
                 int(jp_back["series_value"]), int(jp_left["series_value"]), "returned, all in October 2002"))
    cum = wgeid_cumulative(un)
    last = cum.iloc[-1]
    stated = cum.dropna(subset=["clarified"]).iloc[-1]  # the latest count that states how many were clarified
    rows.append((f"Disappearance cases before the UN working group (WGEID), 1980 to {int(stated['year'])} "
                 f"({int(last['count'])} by {int(last['year'])}, clarified cases not stated)",
                 int(stated["count"]), int(stated["clarified"]), int(stated["count"]) - int(stated["clarified"]),
                 "clarified"))
    return pd.DataFrame(rows, columns=["group", "cases", "returned", "not_returned", "returned_means"])


def verdict(detainees: pd.DataFrame, korean: pd.DataFrame, un: pd.DataFrame) -> dict:
    """The claim tested: movement occurred for foreign nationals (every U.S. case ended), not for
    Korean cases or the UN's case list. Returns verdict, value_then, value_now and reason."""
    us = detainees[detainees["nationality_group"] == "United States"]
    visit = us["visit_before_release"].isin(["high-level visit", "envoy visit"])
    before = us[us["released"] <= pd.Timestamp("2010-06-16")]
    table = contrast(detainees, korean, un).set_index("group")
    held = table.filter(like="Armistice", axis=0).iloc[0]
    wgeid = table.filter(like="WGEID", axis=0).iloc[0]
    rok = table.filter(like="South Korean nationals", axis=0).iloc[0]
    all_us = bool((~us["still_held"]).all())
    un_moved = wgeid["returned"] > 0
    verdict = "partly" if all_us and not un_moved else "reproduced" if all_us else "differs"
    return {
        "verdict": verdict,
        "value_then": (f"{len(before)} U.S. detainees released by June 2010, {int(before['visit_before_release'].isin(['high-level visit', 'envoy visit']).sum())} "
                       "of them after a visit to Pyongyang"),
        "value_now": (f"all {len(us)} U.S. detainees {year_span(us)[0]}-{year_span(us)[1]} released, {int(visit.sum())} after a "
                      f"visit; {int(held['not_returned'])} post-war South Korean abductees not returned; "
                      f"{int(wgeid['returned'])} of {int(wgeid['cases'])} UN disappearance cases clarified"),
        "reason": ("movement occurred for foreign nationals, most often after their government sent an envoy or a "
                   f"high-level visitor; of {int(rok['cases'])} named South Korean detainees {int(rok['returned'])} "
                   f"was released, {int(held['not_returned'])} post-war South Korean abductees and "
                   f"{int(table.filter(like='Japanese', axis=0).iloc[0]['not_returned'])} of Japan's identified abductees "
                   f"are not returned, and none of the {int(wgeid['cases'])} disappearance cases listed by the UN working "
                   "group is clarified"),
    }


# ---- charts ------------------------------------------------------------------------------------

#: Colour and marker of each way a detention ended (colour never carries meaning alone: the
#: legend names each, and the bar's end marker differs).
ENDED_STYLE = {
    "After a high-level visit": ("#0072B2", "D"),
    "After an envoy's visit": ("#56B4E9", "s"),
    "No visit reported": ("#E69F00", "o"),
    "Still held": ("#D55E00", ">"),
}


def plot_timeline(ax, tl: pd.DataFrame) -> None:
    """One horizontal bar per case from detention to release (or to :data:`DATA_AS_OF` while
    held), coloured and end-marked by how it ended; hatched where a date is not day-precise."""
    y = pd.Series(range(len(tl))[::-1], index=tl.index)
    colour = tl["ended"].map(lambda e: ENDED_STYLE[e][0])
    width = (tl["end"] - tl["start"]).dt.days.clip(lower=1)
    for precise in (True, False):
        part = tl["day_precise"] == precise
        ax.barh(y[part], width[part], left=tl.loc[part, "start"], height=0.6,
                color=colour[part] if precise else "white", edgecolor=colour[part], hatch=None if precise else "////", lw=1)
    for label, (c, marker) in ENDED_STYLE.items():
        part = tl["ended"] == label
        ax.plot(tl.loc[part, "end"], y[part], marker=marker, color=c, ms=5, ls="none")
    ax.set_yticks(y.tolist(), tl["label"].tolist(), fontsize=8)
    ax.set_ylim(-0.8, len(tl) - 0.2)
    for label, (colour, marker) in ENDED_STYLE.items():
        if label in set(tl["ended"]):
            ax.plot([], [], marker=marker, color=colour, ls="-", lw=4, label=label)
    ax.plot([], [], color="white", marker="s", mec="#595959", ls="none", label="Date not day-precise (hatched)")
    ax.legend(loc="lower left", fontsize=8, frameon=False)


def plot_days(ax, frame: pd.DataFrame) -> pd.DataFrame:
    """Days held per released, day-precise case, one row per way the detention ended, with the
    median as a bar; returns the points drawn."""
    released = frame[~frame["still_held"] & frame["days_detained"].notna()].copy()
    released["ended"] = released["visit_before_release"].map(VISIT_LABELS)
    order = [v for v in list(VISIT_LABELS.values())[:3] if v in set(released["ended"])]
    for i, label in enumerate(order[::-1]):
        group = released[released["ended"] == label]
        colour, marker = ENDED_STYLE[label]
        ax.scatter(group["days_detained"].astype(float), [i] * len(group), color=colour, marker=marker, s=30, zorder=3,
                   alpha=0.85)
        med = float(median(group["days_detained"].astype(int)))
        ax.vlines(med, i - 0.3, i + 0.3, color=colour, lw=2.5)
        ax.annotate(f"median {med:,g}", (med, i + 0.32), fontsize=8, ha="center", va="bottom", color="#222222")
    ax.set_yticks(range(len(order)), order[::-1])
    ax.set_ylim(-0.6, len(order) - 0.2)
    ax.set_xlabel("Days held (cases with day-precise dates)")
    return released[["label", "ended", "days_detained", "sentenced"]].rename(columns={"label": "case"})
