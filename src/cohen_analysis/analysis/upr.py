"""The UN Universal Periodic Review of the DPRK: the computations behind ``notebooks/upr.ipynb``.

Two kinds of data:

- ``upr_cycles``: one row per review (cycles 1-4: 2009, 2014, 2019, 2024) with the counts the
  sources state: recommendations, the Working Group-stage split and the final split. Where a
  source does not split a count, the part left over is shown as **unknown** (it is the
  difference between the stated total and the stated parts, never guessed).
- ``upr_recommendations`` / ``upr_issues``: one row per recommendation (per issue tag) for the
  cycles with per-recommendation data (1 and 2). Every DPRK recommendation names exactly one
  State, so rows of ``upr_recommendations`` are recommendations.

**Acceptance rate** of an issue: recommendations tagged with it that were finally supported or
partially supported, divided by those tagged with it whose acceptance is known. A recommendation's
``response_final_possible`` lists the final responses its sources allow: one value where the
response is known; "partially supported, noted or rejected" for cycle 1's 90.5-90.16 (not fully
accepted), "noted or rejected" for 90.71 and 90.82, anything for the 95 recommendations of
cycle 1 answered only in totals. The bounds ``rate_low`` and ``rate_high`` are the fewest and most
accepted the issue can have under every such constraint and, where ``upr_cycles`` states a
cycle's final totals (supported, partially supported, not supported), under those totals too:
every assignment of responses counted must give each category exactly its stated total.

No recommendation text is read or written here: recommendations are referred to by id, State,
response and issue tags only.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..notebook import ParameterError, check_positive_int

__all__ = [
    "ACCEPTED",
    "FINAL_PARTS",
    "WG_PARTS",
    "acceptance_by_issue",
    "check_cycles",
    "check_issues",
    "check_min_recommendations",
    "check_top_n",
    "cycle_counts",
    "cycle_table",
    "cutoff_ties",
    "data_runs_to",
    "extreme_acceptance",
    "final_coverage",
    "issue_counts",
    "issue_label",
    "issue_records",
    "leaders",
    "n_recommending_states",
    "name_list",
    "per_rec_cycles",
    "per_rec_vs_table",
    "region_counts",
    "select_issues",
    "shown_acceptance",
    "state_counts",
    "unknown_share",
]

#: Final responses counted as accepted.
ACCEPTED = ("supported", "partially supported")
#: Categories of the per-cycle chart, by stage, in stacking order (bottom first).
WG_PARTS = ["supported or to be examined", "noted or rejected", "unknown"]
FINAL_PARTS = ["supported", "partially supported", "noted or rejected", "unknown"]


def _load(name: str) -> pd.DataFrame:
    import cohen_analysis as ca

    return ca.load(name)


# ---------------------------------------------------------------------------------- parameters
def _int_list(name: str, value) -> list[int]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise ParameterError(f"parameter {name}={value!r} must be a list, e.g. [1, 2]")
    out = list(value)
    bad = [v for v in out if isinstance(v, bool) or not isinstance(v, int)]
    if bad:
        raise ParameterError(f"parameter {name} has value(s) {bad} that are not whole numbers")
    return out


def check_cycles(cycles, table: pd.DataFrame | None = None) -> list[int]:
    """The selected cycles, sorted and deduplicated; ParameterError when empty or unknown."""
    table = _load("upr_cycles") if table is None else table
    available = sorted(int(c) for c in table["cycle"])
    values = _int_list("cycles", cycles)
    if not values:
        raise ParameterError(f"parameter cycles is empty; choose one or more of {available}")
    unknown = sorted({v for v in values if v not in available})
    if unknown:
        raise ParameterError(
            f"parameter cycles has unknown cycle(s) {unknown}; the DPRK has had UPR cycles {available} "
            f"({', '.join(f'{c} = {y}' for c, y in zip(table['cycle'], table['review_year']))})"
        )
    return sorted(set(values))


def per_rec_cycles(cycles: list[int], recs: pd.DataFrame | None = None) -> list[int]:
    """The selected cycles that have per-recommendation data (1 and 2 at present)."""
    recs = _load("upr_recommendations") if recs is None else recs
    with_data = {int(c) for c in recs["cycle"].unique()}
    return [c for c in cycles if c in with_data]


def check_top_n(name: str, value) -> int:
    check_positive_int(name, value)
    return value


def check_min_recommendations(value) -> int:
    check_positive_int("min_recommendations", value)
    return value


def check_issues(issues, issues_long: pd.DataFrame, rec_cycles: list[int]) -> list[str]:
    """Explicit issue tags, lower-cased and checked against the tags of the selected cycles.

    ``[]`` is returned unchanged (the notebook then shows the top issues by count).
    """
    if isinstance(issues, (str, bytes)) or not isinstance(issues, Iterable):
        raise ParameterError(f"parameter issues={issues!r} must be a list of issue tags, e.g. ['nhri', 'labour']")
    values = list(issues)
    if not values:
        return []
    bad = [v for v in values if not isinstance(v, str)]
    if bad:
        raise ParameterError(f"parameter issues has value(s) {bad} that are not issue tags (strings)")
    if not rec_cycles:
        raise ParameterError(
            "parameter issues names issue tags, but none of the selected cycles has per-recommendation "
            f"data (cycles {sorted(int(c) for c in issues_long['cycle'].unique())} have it)"
        )
    keys = list(dict.fromkeys(" ".join(v.split()).casefold() for v in values))
    everywhere = set(issues_long["issue"])
    here = set(issues_long.loc[issues_long["cycle"].isin(rec_cycles), "issue"])
    unknown = [k for k in keys if k not in everywhere]
    if unknown:
        raise ParameterError(f"parameter issues has unknown issue tag(s) {unknown}; choose from {sorted(everywhere)}")
    absent = [k for k in keys if k not in here]
    if absent:
        raise ParameterError(
            f"parameter issues has tag(s) {absent} that no recommendation of cycle(s) {rec_cycles} carries; "
            f"choose from {sorted(here)}"
        )
    return keys


# ------------------------------------------------------------------------------------- cycles
def data_runs_to(table: pd.DataFrame | None = None) -> str:
    """'UPR cycle 4, 2024': the latest review in the data."""
    table = _load("upr_cycles") if table is None else table
    last = table.sort_values("cycle").iloc[-1]
    return f"UPR cycle {int(last['cycle'])}, {int(last['review_year'])}"


def _rest(total, parts: list) -> int:
    """What the stated parts leave of the stated total (the unknown part)."""
    known = sum(int(p) for p in parts if not pd.isna(p))
    rest = int(total) - known
    if rest < 0:
        raise ValueError(f"parts {parts} add up to more than the total {total}")
    return rest


def cycle_counts(cycles: list[int], table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Recommendations per cycle and stage, as the sources state them (``upr_cycles``).

    Long frame: cycle, review_year, stage ('Working Group' / 'Final'), response (WG_PARTS /
    FINAL_PARTS), recommendations (Int64). A part the sources do not give is <NA>, and what the
    stated parts leave of the total is 'unknown'.
    """
    table = _load("upr_cycles") if table is None else table
    rows = []
    for r in table[table["cycle"].isin(cycles)].sort_values("cycle").itertuples(index=False):
        wg = [r.wg_supported_or_examined, r.wg_noted_or_not_supported]
        final = [r.final_supported, r.final_partially_supported, r.final_not_supported]
        stages = {
            "Working Group": dict(zip(WG_PARTS, [*wg, _rest(r.n_recommendations, wg)])),
            "Final": dict(zip(FINAL_PARTS, [*final, _rest(r.n_recommendations, final)])),
        }
        for stage, parts in stages.items():
            for response, n in parts.items():
                rows.append({
                    "cycle": int(r.cycle), "review_year": int(r.review_year), "stage": stage,
                    "response": response, "recommendations": pd.NA if pd.isna(n) else int(n),
                })
    return pd.DataFrame(rows).astype({"recommendations": "Int64"})


def cycle_table(cycles: list[int], table: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per selected cycle: cycle, review_year, n_recommendations, every stage part
    (columns ``wg_<part>`` and ``final_<part>``, spaces as underscores; <NA> where not stated),
    final_accepted (supported + partially supported, a part not stated counted as 0: it is in
    final_unknown), supported_at_adoption (accepted when the
    HRC adopted the outcome; cycle 1: 0 in March 2010) and accepted_share (0-1 of all)."""
    long = cycle_counts(cycles, table)
    long = long.assign(column=(long["stage"].map({"Working Group": "wg", "Final": "final"}) + "_"
                               + long["response"].str.replace(" ", "_")))
    wide = long.pivot(index=["cycle", "review_year"], columns="column", values="recommendations").reset_index()
    wide.columns.name = None
    order = [f"wg_{p.replace(' ', '_')}" for p in WG_PARTS] + [f"final_{p.replace(' ', '_')}" for p in FINAL_PARTS]
    wide["n_recommendations"] = wide[order[: len(WG_PARTS)]].fillna(0).sum(axis=1)
    # a part not stated counts as none here: it is in final_unknown
    wide["final_accepted"] = wide["final_supported"].fillna(0) + wide["final_partially_supported"].fillna(0)
    table = _load("upr_cycles") if table is None else table
    wide = wide.merge(table[["cycle", "supported_at_adoption"]].astype({"cycle": "int64"}), on="cycle", how="left")
    wide = wide[["cycle", "review_year", "n_recommendations", *order, "final_accepted", "supported_at_adoption"]]
    wide = wide.astype({c: "Int64" for c in wide.columns})
    wide["accepted_share"] = (wide["final_accepted"] / wide["n_recommendations"]).astype("float64")
    return wide


def per_rec_vs_table(cycles: list[int], recs: pd.DataFrame | None = None,
                     table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per-recommendation counts beside the stated counts of ``upr_cycles``, by cycle, stage and part.

    Shows where the per-recommendation data agree with the stated totals and where they cannot
    (cycle 1: only 8 of the 117 final answers are known one by one, 14 in part).
    """
    recs = _load("upr_recommendations") if recs is None else recs
    stated = cycle_counts(cycles, table)
    recs = recs[recs["cycle"].isin(cycles)].drop_duplicates(["cycle", "rec_id"])
    wg_map = {"supported": WG_PARTS[0], "to be examined": WG_PARTS[0], "partially supported": WG_PARTS[0],
              "noted": WG_PARTS[1], "rejected": WG_PARTS[1], "unknown": "unknown"}
    final_map = {"supported": "supported", "partially supported": "partially supported", "noted": "noted or rejected",
                 "rejected": "noted or rejected", "unknown": "unknown", "to be examined": "unknown"}
    final = recs["response_final"].map(final_map)
    if "response_final_possible" in recs.columns:  # known to be noted or rejected, which of the two unknown
        not_accepted = pd.Series([_allowed(v) == {"X"} for v in recs["response_final_possible"]], index=recs.index)
        final = final.where(~(not_accepted & (recs["response_final"] == "unknown")), "noted or rejected")
    per = pd.concat([
        recs.assign(stage="Working Group", response=recs["response_wg"].map(wg_map)),
        recs.assign(stage="Final", response=final),
    ]).groupby(["cycle", "stage", "response"]).size().rename("per_recommendation").reset_index()
    per["cycle"] = per["cycle"].astype("int64")
    out = stated[stated["cycle"].isin(per["cycle"].unique())].merge(per, on=["cycle", "stage", "response"], how="left")
    out["per_recommendation"] = out["per_recommendation"].fillna(0).astype("int64")
    out = out.rename(columns={"recommendations": "stated"})
    out["stated"] = out["stated"].fillna(0).astype("int64")
    out["agree"] = out["stated"] == out["per_recommendation"]
    return out[["cycle", "stage", "response", "stated", "per_recommendation", "agree"]]


# ----------------------------------------------------------------------------- recommending States
def _recs(recs: pd.DataFrame, cycles: list[int]) -> pd.DataFrame:
    return recs[recs["cycle"].isin(cycles)]


def state_counts(recs: pd.DataFrame, cycles: list[int]) -> pd.DataFrame:
    """Recommendations per recommending State: state, region, one column per cycle ('cycle_1', ...),
    total; most first, ties alphabetical. Counts (recommendation, State) rows."""
    sel = _recs(recs, cycles)
    wide = sel.pivot_table(index=["state", "region"], columns="cycle", values="rec_id", aggfunc="count", fill_value=0)
    wide.columns = [f"cycle_{int(c)}" for c in wide.columns]
    for c in cycles:
        wide[f"cycle_{c}"] = wide.get(f"cycle_{c}", 0)
    wide = wide[[f"cycle_{c}" for c in cycles]].astype("int64")
    wide["total"] = wide.sum(axis=1)
    wide = wide.reset_index()
    wide["state"] = wide["state"].astype(str)
    wide["region"] = wide["region"].astype(str)
    return wide.sort_values(["total", "state"], ascending=[False, True], kind="stable", ignore_index=True)


def cutoff_ties(counts: pd.DataFrame, top_n: int) -> int:
    """How many States beyond the first ``top_n`` made as many recommendations as the last one shown."""
    if len(counts) <= top_n:
        return 0
    last = counts["total"].iloc[top_n - 1]
    return int((counts["total"].iloc[top_n:] == last).sum())


def leaders(counts: pd.DataFrame) -> tuple[list[str], int]:
    """The State(s) with most recommendations (all of them when tied) and their count."""
    top = int(counts["total"].max())
    return sorted(counts.loc[counts["total"] == top, "state"]), top


def n_recommending_states(recs: pd.DataFrame, cycles: list[int]) -> int:
    """Distinct States that made at least one recommendation in the given cycles."""
    return int(_recs(recs, cycles)["state"].nunique())


def region_counts(recs: pd.DataFrame, cycles: list[int]) -> pd.DataFrame:
    """Recommendations and distinct recommending States per region, per cycle and in all; most first."""
    sel = _recs(recs, cycles)
    wide = sel.pivot_table(index="region", columns="cycle", values="rec_id", aggfunc="count", fill_value=0)
    wide.columns = [f"cycle_{int(c)}" for c in wide.columns]
    wide = wide.astype("int64")
    wide["total"] = wide.sum(axis=1)
    wide["states"] = sel.groupby("region")["state"].nunique().astype("int64")
    wide["share"] = wide["total"] / wide["total"].sum()
    wide = wide.reset_index()
    wide["region"] = wide["region"].astype(str)
    return wide.sort_values(["total", "region"], ascending=[False, True], kind="stable", ignore_index=True)


# ------------------------------------------------------------------------------------- issues
def issue_counts(issues_long: pd.DataFrame, cycles: list[int]) -> pd.DataFrame:
    """Recommendations per issue tag (a recommendation counts once under each of its tags), split by
    final response: issue, n, one column per response present; most first, ties alphabetical."""
    sel = issues_long[issues_long["cycle"].isin(cycles)]
    wide = sel.pivot_table(index="issue", columns="response_final", values="rec_id", aggfunc="count", fill_value=0)
    order = ["supported", "partially supported", "noted", "rejected", "to be examined", "unknown"]
    wide = wide[[c for c in order if c in wide.columns]].astype("int64")
    wide.columns.name = None
    wide.insert(0, "n", wide.sum(axis=1))
    wide = wide.reset_index()
    wide["issue"] = wide["issue"].astype(str)
    return wide.sort_values(["n", "issue"], ascending=[False, True], kind="stable", ignore_index=True)


def issue_label(tag: str) -> str:
    """The UPR Info spelling of a lower-case issue tag ('nhri' -> 'NHRI')."""
    from .. import catalog

    return {i.casefold(): i for i in catalog.vocabulary("upr_issue")}.get(tag, tag)


def name_list(tags: list[str], limit: int = 3) -> str:
    """"'NHRI'", "'Labour' and 'NHRI'", "'A', 'B', 'C' and 2 other tags" (UPR Info spelling)."""
    names = [f"'{issue_label(t)}'" for t in tags]
    if len(names) > limit:
        rest = len(names) - (limit - 1)
        names = names[: limit - 1] + [f"{rest} other tags"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def unknown_share(recs: pd.DataFrame, cycles: list[int]) -> float:
    """Share (0-1) of the recommendations of ``cycles`` whose final response is unknown."""
    sel = _recs(recs, cycles).drop_duplicates(["cycle", "rec_id"])
    return float((sel["response_final"] == "unknown").mean()) if len(sel) else 0.0


def select_issues(counts: pd.DataFrame, issues: list[str], top_n: int) -> list[str]:
    """The explicit ``issues`` in the given order, or (``[]``) the ``top_n`` issues by count."""
    if issues:
        return list(issues)
    return list(counts["issue"].head(top_n))


#: Response vocabulary -> class counted by the acceptance bounds: S supported, P partially supported, X not accepted.
_CLASS = {"supported": "S", "partially supported": "P", "noted": "X", "rejected": "X"}
_ANY = frozenset("SPX")


def _responses(possible) -> list[str]:
    """The responses a ``response_final_possible`` cell lists (a list or array; a single response
    when given ``response_final`` instead); none for an empty cell."""
    if isinstance(possible, str):
        return [possible]
    if possible is None or (pd.api.types.is_scalar(possible) and pd.isna(possible)):
        return []
    return list(possible)


def _allowed(possible) -> frozenset:
    """['partially supported', 'noted', 'rejected'] -> {'P', 'X'}; 'unknown' or empty -> {'S', 'P', 'X'}."""
    out = frozenset(_CLASS[v] for v in _responses(possible) if v in _CLASS)
    return out or _ANY


def _possible_column(frame: pd.DataFrame) -> pd.Series:
    if "response_final_possible" in frame.columns:
        return frame["response_final_possible"]
    return frame["response_final"]


def _cycle_totals(table: pd.DataFrame | None, cycle: int) -> dict | None:
    if table is None:
        return None
    row = table[table["cycle"] == cycle]
    if row.empty:
        return None
    r = row.iloc[0]
    values = [r["final_supported"], r["final_partially_supported"], r["final_not_supported"]]
    if any(pd.isna(v) for v in values):
        return None
    return dict(zip("SPX", (int(v) for v in values)))


def _fits(groups: dict, capacity: dict) -> bool:
    """Can the groups ({allowed classes: count}) fill the capacities ({class: count}) exactly? (Hall's condition)"""
    if any(v < 0 for v in capacity.values()) or sum(groups.values()) != sum(capacity.values()):
        return False
    for mask in range(1, 8):
        subset = {c for k, c in enumerate("SPX") if mask >> k & 1}
        if sum(n for allowed, n in groups.items() if allowed <= subset) > sum(capacity[c] for c in subset):
            return False
    return True


def _accepted_bounds(inside: list[frozenset], outside: list[frozenset], totals: dict | None) -> tuple[int, int]:
    """Fewest and most accepted (S or P) among ``inside``, each allowed only its classes, with the
    cycle's totals (when given) filled exactly by inside and outside together."""
    if totals is None:
        low = sum(1 for a in inside if a <= {"S", "P"})
        high = sum(1 for a in inside if a & {"S", "P"})
        return low, high
    groups_in: dict[frozenset, int] = {}
    for a in inside:
        groups_in[a] = groups_in.get(a, 0) + 1
    groups_out: dict[frozenset, int] = {}
    for a in outside:
        groups_out[a] = groups_out.get(a, 0) + 1
    states = {(0, 0, 0)}  # classes used by the inside recommendations: (S, P, X)
    for allowed, n in groups_in.items():
        splits = [(s, p, n - s - p) for s in range(n + 1) for p in range(n - s + 1)
                  if (s == 0 or "S" in allowed) and (p == 0 or "P" in allowed) and (n - s - p == 0 or "X" in allowed)]
        states = {(a + s, b + p, c + x) for a, b, c in states for s, p, x in splits
                  if a + s <= totals["S"] and b + p <= totals["P"] and c + x <= totals["X"]}
    accepted = [s + p for s, p, x in states
                if _fits(groups_out, {"S": totals["S"] - s, "P": totals["P"] - p, "X": totals["X"] - x})]
    if not accepted:  # the stated totals cannot be met: fall back to the constraints of each recommendation
        return _accepted_bounds(inside, outside, None)
    return min(accepted), max(accepted)


def acceptance_by_issue(issues_long: pd.DataFrame, cycles: list[int], table: pd.DataFrame | None = None,
                        recs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Acceptance rate per issue tag at the final stage.

    Columns: issue, n (recommendations tagged), n_known (acceptance known: every response the
    sources allow is accepted, or none is), n_accepted (known and supported or partially
    supported), n_unknown (n - n_known), rate (n_accepted / n_known; NaN when nothing is known),
    accepted_low / accepted_high (fewest and most accepted under every constraint, see the module
    docstring; the cycles' final totals of ``table`` are used when given, with ``recs``, one row per
    recommendation, for the recommendations outside the issue: by default those of ``issues_long``),
    rate_low and rate_high (the same over n). Sorted by rate, highest first.
    """
    sel = issues_long[issues_long["cycle"].isin(cycles)]
    allowed = [_allowed(v) for v in _possible_column(sel)]
    known = pd.Series([a <= {"S", "P"} or not (a & {"S", "P"}) for a in allowed], index=sel.index)
    accepted = pd.Series([a <= {"S", "P"} for a in allowed], index=sel.index)
    g = (sel.assign(known=known.astype("int64"), accepted=accepted.astype("int64"))
         .groupby("issue").agg(n=("rec_id", "size"), n_known=("known", "sum"), n_accepted=("accepted", "sum")))
    g["n_unknown"] = g["n"] - g["n_known"]
    g["rate"] = (g["n_accepted"] / g["n_known"].where(g["n_known"] > 0)).astype("float64")
    pool = (issues_long if recs is None else recs)
    pool = pool[pool["cycle"].isin(cycles)].drop_duplicates(["cycle", "rec_id"])
    pool_allowed = dict(zip(zip(pool["cycle"].astype(int), pool["rec_id"]), [_allowed(v) for v in _possible_column(pool)]))
    low, high = {}, {}
    for issue, rows in sel.groupby("issue"):
        lo = hi = 0
        for cycle in sorted({int(c) for c in rows["cycle"]}):
            ids = set(rows.loc[rows["cycle"] == cycle, "rec_id"])
            inside = [a for (c, r), a in pool_allowed.items() if c == cycle and r in ids]
            outside = [a for (c, r), a in pool_allowed.items() if c == cycle and r not in ids]
            a, b = _accepted_bounds(inside, outside, _cycle_totals(table, cycle))
            lo, hi = lo + a, hi + b
        low[issue], high[issue] = lo, hi
    g["accepted_low"] = pd.Series(low)
    g["accepted_high"] = pd.Series(high)
    g["rate_low"] = g["accepted_low"] / g["n"]
    g["rate_high"] = g["accepted_high"] / g["n"]
    g = g.reset_index()
    g["issue"] = g["issue"].astype(str)
    g = g.astype({c: "int64" for c in ("n", "n_known", "n_accepted", "n_unknown", "accepted_low", "accepted_high")})
    return g.sort_values(["rate", "n_known", "issue"], ascending=[False, False, True], kind="stable",
                         na_position="last", ignore_index=True)


def final_coverage(recs: pd.DataFrame, cycle: int = 1) -> dict:
    """How many of a cycle's recommendations left to be examined at the Working Group (cycle 1: the
    117 of paragraph 90) have a known final category, partial information, or none.

    Returns n, known, known_deduced (known at confidence low-medium or below), partial, none and
    the ids known (sorted as in the report)."""
    sel = recs[(recs["cycle"] == cycle) & (recs["response_wg"] == "to be examined")].drop_duplicates(["cycle", "rec_id"])
    sel = sel.sort_values(["paragraph", "rec_number"]) if "rec_number" in sel.columns else sel
    allowed = pd.Series([_allowed(v) for v in _possible_column(sel)], index=sel.index, dtype="object")
    counts = []
    for v in _possible_column(sel):
        named = set(_responses(v)) & set(_CLASS)
        counts.append(len(named) if named else len(_CLASS))
    n_possible = pd.Series(counts, index=sel.index)
    known = n_possible == 1
    partial = (n_possible > 1) & (n_possible < 4)
    conf = sel["response_final_confidence"] if "response_final_confidence" in sel.columns else pd.Series(pd.NA, index=sel.index)
    deduced = known & conf.isin(["low-medium", "low"])
    return {
        "n": int(len(sel)), "known": int(known.sum()), "known_deduced": int(deduced.sum()),
        "partial": int(partial.sum()), "none": int((~known & ~partial).sum()),
        "known_ids": list(sel.loc[known, "rec_id"]), "partial_ids": list(sel.loc[partial, "rec_id"]),
        "accepted_ids": list(sel.loc[known & allowed.map(lambda a: a <= {"S", "P"}), "rec_id"]),
    }


def shown_acceptance(acceptance: pd.DataFrame, issues: list[str], min_recommendations: int) -> pd.DataFrame:
    """The rows of ``issues`` with at least ``min_recommendations`` known final responses,
    highest rate first. ParameterError when none is left."""
    sel = acceptance[acceptance["issue"].isin(issues) & (acceptance["n_known"] >= min_recommendations)]
    if sel.empty:
        raise ParameterError(
            f"none of the issues shown has at least min_recommendations={min_recommendations} recommendations "
            f"with a known final response; lower min_recommendations or choose other issues"
        )
    return sel.reset_index(drop=True)


def extreme_acceptance(shown: pd.DataFrame, which: str = "max") -> tuple[list[str], float]:
    """The issue(s) with the highest (``'max'``) or lowest (``'min'``) rate among ``shown``, all of
    them when tied, and that rate (0-1)."""
    rates = shown["rate"].dropna()
    value = float(rates.max() if which == "max" else rates.min())
    return sorted(shown.loc[shown["rate"] == value, "issue"]), value


def issue_records(recs: pd.DataFrame, issue: str, cycles: list[int]) -> pd.DataFrame:
    """The recommendations carrying ``issue`` in the given cycles: cycle, rec_id, state,
    response_wg, response_final (ids and responses only, no text)."""
    sel = _recs(recs, cycles)
    has = sel["issues"].map(lambda tags: issue in list(tags))
    cols = ["cycle", "rec_id", "state", "response_wg", "response_final"]
    return sel.loc[has, cols].reset_index(drop=True)
