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
partially supported, divided by those tagged with it whose final response is known. Recommendations
whose final response is ``unknown`` (113 of cycle 1, answered only in totals in 2014) are left out
of both; the bounds ``rate_low`` (every unknown counted as not accepted) and ``rate_high`` (every
unknown counted as accepted) show how much they could move the rate.

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
    (cycle 1: only 4 of the 117 final answers are known one by one).
    """
    recs = _load("upr_recommendations") if recs is None else recs
    stated = cycle_counts(cycles, table)
    recs = recs[recs["cycle"].isin(cycles)].drop_duplicates(["cycle", "rec_id"])
    wg_map = {"supported": WG_PARTS[0], "to be examined": WG_PARTS[0], "partially supported": WG_PARTS[0],
              "noted": WG_PARTS[1], "rejected": WG_PARTS[1], "unknown": "unknown"}
    final_map = {"supported": "supported", "partially supported": "partially supported", "noted": "noted or rejected",
                 "rejected": "noted or rejected", "unknown": "unknown", "to be examined": "unknown"}
    per = pd.concat([
        recs.assign(stage="Working Group", response=recs["response_wg"].map(wg_map)),
        recs.assign(stage="Final", response=recs["response_final"].map(final_map)),
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
    from ..cleaners.upr import UPRINFO_ISSUES

    return {i.casefold(): i for i in UPRINFO_ISSUES}.get(tag, tag)


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


def acceptance_by_issue(issues_long: pd.DataFrame, cycles: list[int]) -> pd.DataFrame:
    """Acceptance rate per issue tag at the final stage.

    Columns: issue, n (recommendations tagged), n_known (final response known), n_accepted
    (supported or partially supported), n_unknown, rate (n_accepted / n_known; NaN when nothing
    is known), rate_low (unknowns counted as not accepted: n_accepted / n), rate_high (unknowns
    counted as accepted: (n_accepted + n_unknown) / n). Sorted by rate, highest first.
    """
    sel = issues_long[issues_long["cycle"].isin(cycles)]
    known = sel["response_final"] != "unknown"
    accepted = sel["response_final"].isin(ACCEPTED)
    g = (sel.assign(known=known.astype("int64"), accepted=accepted.astype("int64"))
         .groupby("issue").agg(n=("rec_id", "size"), n_known=("known", "sum"), n_accepted=("accepted", "sum")))
    g["n_unknown"] = g["n"] - g["n_known"]
    g["rate"] = (g["n_accepted"] / g["n_known"].where(g["n_known"] > 0)).astype("float64")
    g["rate_low"] = g["n_accepted"] / g["n"]
    g["rate_high"] = (g["n_accepted"] + g["n_unknown"]) / g["n"]
    g = g.reset_index()
    g["issue"] = g["issue"].astype(str)
    g = g.astype({c: "int64" for c in ("n", "n_known", "n_accepted", "n_unknown")})
    return g.sort_values(["rate", "n_known", "issue"], ascending=[False, False, True], kind="stable",
                         na_position="last", ignore_index=True)


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
    has = sel["issues"].str.split(";").apply(lambda tags: issue in tags)
    cols = ["cycle", "rec_id", "state", "response_wg", "response_final"]
    return sel.loc[has, cols].reset_index(drop=True)
