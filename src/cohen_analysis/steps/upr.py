"""The UN Universal Periodic Review (UPR) of the DPRK: its cycles, recommendations and issues.

- ``upr/cycles.csv``: one row per cycle with the counts as the sources state them; a conflicting
  figure stays in the cell after the chart value, as ``"85 (KBS 52536: 86 attended)"``, and is
  split here into the count and its ``*_note``.
- ``upr/recommendations_<year>_cycle<n>.csv``: one row per recommendation, one file per cycle (a
  later cycle with per-recommendation data is a new file among the declaration's inputs).
  No recommendation text is stored, only ids, States, responses, issue tags and sources.

Responses of every cycle map to one vocabulary (``upr_response``); the source's wording is kept
in ``*_original``. The wording is matched after removing the compiled files' qualifiers (anything
in parentheses and a trailing ``; para NN``), so "Accepted (A)" and "Accepted" are the same
answer; a wording not in ``WG_WORDING`` / ``FINAL_WORDING`` raises DataError.
"""

from __future__ import annotations

import re

import pandas as pd

from .. import catalog, parse
from ..countries import resolve_many, split_states
from ..errors import DataError
from ..registry import Raw, step

CYCLES = "upr/cycles.csv"

#: Working Group-stage wording (core, lower case) -> response.
WG_WORDING = {
    "to be examined": "to be examined",  # A/HRC/13/13 para 90, A/HRC/27/10 para 124: DPRK will examine and respond
    "did not enjoy the support of dprk": "rejected",  # cycle 1 (para 91); UPR Info counts these as Rejected
    "did not enjoy support / noted": "noted",  # cycle 2 (para 125): "did not enjoy support ... would thus be noted"
    "supported": "supported",
    "noted": "noted",
}
#: Final wording (core, lower case) -> response.
FINAL_WORDING = {
    "accepted": "supported",
    "supported": "supported",
    "partially accepted": "partially supported",
    "partially supported": "partially supported",
    "not supported": "rejected",  # cycle 1 para 91, kept as at the Working Group
    "rejected": "rejected",
    "noted": "noted",
    # UPR Info export "Noted" for a para-124 recommendation of cycle 2: noted, rejected (10 of
    # them, not identified) or partially accepted are not distinguished; charted as noted.
    "not accepted": "noted",
    # cycle 1 para 90, 2014 answers: absent from the DPRK's fully accepted list (90.5-90.16), or
    # listed as rejected by a source that may not separate rejected from noted (90.71, 90.82)
    "not fully accepted": "unknown",
    "rejected or noted": "unknown",
    "unknown per-rec": "unknown",  # cycle 1 para 90 without any per-recommendation source: only totals known
    "unknown": "unknown",
}
#: Final wording (core) -> the final responses it allows (``response_final_possible``); a wording not
#: listed allows just the response it maps to. Cycle 2 "not accepted" (UPR Info "Noted") is read as
#: noted or rejected: some of them may have been partially accepted (185 - 113 accepted - 10
#: rejected leaves 62 noted or partially accepted; no source separates them), which this reading
#: does not count.
ANY = ["supported", "partially supported", "noted", "rejected"]
FINAL_POSSIBLE = {
    "not fully accepted": ANY[1:],
    "rejected or noted": ["noted", "rejected"],
    "not accepted": ["noted", "rejected"],
    "unknown per-rec": ANY,
    "unknown": ANY,
}
#: The source's own decision code (rochelleterman/uprs ``decision``) and the WG responses it allows.
DECISION_CODES = {"consider": ["to be examined"], "reject": ["rejected", "noted"]}
#: Cells of cycles.csv holding a count with an optional note: "85 (KBS 52536: 86 attended)".
NOTED = ["states_spoke", "states_registered", "n_recommendations", "supported_at_adoption", "final_supported",
         "final_partially_supported", "final_not_supported"]
COUNTS = ["cycle", "review_year", "wg_session", "hrc_session", "n_recommending_states", "wg_supported_or_examined",
          "wg_noted_or_not_supported"]
DATES = ["review_date", "wg_report_adopted", "hrc_adoption_date"]


@step("upr_cycles")
def upr_cycles(raw: Raw) -> pd.DataFrame:
    file, frame = raw.path(CYCLES), raw.read(CYCLES)
    parse.text(frame, ["cycle", "review_year", "review_date", "n_recommendations"], file=file, required=True)
    out = parse.text(frame, frame.columns, file=file)
    out["troika"] = parse.lists(frame, "troika").map(lambda states: states or None)
    for col in COUNTS:
        out[col] = parse.counts(frame, col, file=file)
    for col in NOTED:  # "85 (KBS 52536: 86 attended)" -> 85 and its note
        parts = out[col].str.extract(r"^(\d[\d,]*)\s*(?:\((.+)\))?$").set_axis([col, f"{col}_note"], axis=1)
        parse.fail(out[col].notna() & parts[col].isna(), file=file, column=col, values=out[col],
                   message=lambda v: f"expected a count, optionally followed by '(note)', got {v!r}")
        out[col], out[f"{col}_note"] = parse.counts(parts, col, file=file), parts[f"{col}_note"].astype("string")
    for col in DATES:
        out[col], out[f"{col}_precision"] = parse.dates(frame, col, file=file)
    # the splits must add up to the total where every part is known
    for what, parts in (("Working Group split", ["wg_supported_or_examined", "wg_noted_or_not_supported"]),
                        ("final split", ["final_supported", "final_partially_supported", "final_not_supported"])):
        shown = out[parts].astype("string").fillna("?").agg(" + ".join, axis=1)
        parse.fail(out[parts].sum(axis=1, skipna=False).ne(out["n_recommendations"]), str, file=file, column=parts[0],
                   values=f"{what} " + shown + " != " + out["n_recommendations"].astype("string") + " recommendations")
    return out


def _responses(frame: pd.DataFrame, column: str, wording: dict[str, str], *, file) -> tuple[pd.Series, pd.Series]:
    """The response each cell's wording maps to, and the wording's core; DataError on a new wording."""
    core = frame[column].map(_core)
    parse.fail(~core.isin(list(wording)), lambda v: f"unknown response wording {v!r} (read as {_core(v)!r}); "
               f"known: {sorted(wording)}", file=file, column=column, values=frame[column])
    return core.map(wording).astype("string"), core


def _core(wording: str) -> str:
    """'to be examined (responses due by HRC13); para 90' -> 'to be examined'."""
    text = re.sub(r"\([^()]*\)", "", re.sub(r";\s*para(graph)?\s+\d+\s*$", "", wording, flags=re.IGNORECASE))
    return " ".join(text.split()).casefold()


def _issue_tags(frame: pd.DataFrame, *, file) -> pd.Series:
    """'Labour,Rights of the Child' -> ['labour', 'rights of the child'] (lower case, sorted, unique)."""
    known = {tag.casefold() for tag in catalog.vocabulary("upr_issue")}
    key = lambda tag: " ".join(tag.split()).casefold()  # noqa: E731
    tags = parse.lists(frame, "uprinfo_issues", sep=",")
    bad = tags.map(lambda ts: next((t for t in ts if key(t) not in known), None))
    parse.fail(bad.notna(), lambda t: f"unknown UPR Info issue tag {t!r}", file=file, column="uprinfo_issues", values=bad)
    return tags.map(lambda ts: sorted({key(t) for t in ts}))


def _recommendations(raw: Raw, rel: str) -> pd.DataFrame:
    """One raw recommendation file -> one row per recommendation, its States as (as written, State) pairs."""
    file, frame = raw.path(rel), raw.read(rel)
    required = ["cycle", "review_year", "rec_id", "recommending_states", "decision_source", "response_wg", "response_final"]
    parse.text(frame, required, file=file, required=True)
    text = parse.text(frame, frame.columns, file=file)
    parse.fail(~text["rec_id"].str.fullmatch(r"\d+\.\d+"),
               lambda v: f"malformed recommendation id {v!r}; expected paragraph.item like '90.1'",
               file=file, column="rec_id", values=text["rec_id"])
    decision = parse.choices(frame, "decision_source", DECISION_CODES, file=file)
    wg, _ = _responses(frame, "response_wg", WG_WORDING, file=file)
    final, core = _responses(frame, "response_final", FINAL_WORDING, file=file)
    contradicts = pd.Series([w not in DECISION_CODES[d] for d, w in zip(decision, wg)], index=frame.index)
    parse.fail(contradicts, str, file=file, column="response_wg",
               values="Working Group response '" + frame["response_wg"] + "' contradicts the source's decision code '"
               + decision + "'")
    states = frame["recommending_states"]
    resolve_many(states.unique())  # one country_converter pass for the file
    pairs = {cell: split_states(cell, file=file, row=int(line), column="recommending_states")
             for line, cell in states.drop_duplicates().items()}
    number = text["rec_id"].str.extract(r"^(\d+)\.(\d+)$").astype("int64")
    return pd.DataFrame({
        "cycle": parse.counts(frame, "cycle", file=file, required=True),
        "review_year": parse.counts(frame, "review_year", file=file, required=True),
        "wg_report": text["wg_report"], "rec_id": text["rec_id"], "paragraph": number[0], "rec_number": number[1],
        "recommending_states_as_written": states, "states": states.map(pairs),
        "response_wg": wg, "response_wg_original": frame["response_wg"],
        "response_final": final, "response_final_original": frame["response_final"],
        "response_final_source": text["response_final_source"],
        "response_final_possible": [list(FINAL_POSSIBLE.get(k, [f])) for k, f in zip(core, final)],
        "response_final_confidence": text.get("response_final_confidence"),
        "response_uprinfo": text["uprinfo_response"],
        "uprinfo_n_entries": parse.counts(frame, "uprinfo_n_entries", file=file),
        "issues": _issue_tags(frame, file=file),
        "raw_file": rel, "raw_line": frame.index,
    }, index=frame.index)


@step("upr_recommendations")
def upr_recommendations(raw: Raw) -> pd.DataFrame:
    """Every cycle's recommendations, one row per (recommendation, recommending State)."""
    files = catalog.spec("upr_recommendations").inputs  # one file per cycle
    recs = pd.concat([_recommendations(raw, rel) for rel in files], ignore_index=True)
    dup = recs.duplicated(["cycle", "rec_id"])
    if dup.any():  # the key names States; a recommendation id is unique within its cycle, across files
        row = recs[dup].iloc[0]
        first = recs[(recs["cycle"] == row["cycle"]) & (recs["rec_id"] == row["rec_id"])].iloc[0]
        raise DataError(f"duplicate recommendation id {row['rec_id']!r} in cycle {row['cycle']} "
                        f"(first in {first['raw_file']} row {first['raw_line']})",
                        file=raw.path(row["raw_file"]), row=int(row["raw_line"]), column="rec_id")
    recs["n_states"] = recs["states"].str.len()
    recs = recs.explode("states")
    recs["state_as_written"] = recs["states"].str[0]
    for i, col in enumerate(["state", "iso3", "region"]):
        recs[col] = recs["states"].str[1].str[i]
    return recs.drop(columns="states").sort_values(["cycle", "paragraph", "rec_number"], kind="stable")


@step("upr_issues")
def upr_issues(raw: Raw) -> pd.DataFrame:
    """One row per (recommendation, issue tag); a recommendation with several tags counts under each."""
    recs = raw.dataset("upr_recommendations").drop_duplicates(["cycle", "rec_id"])
    recs = recs.assign(issue=recs["issues"])
    return recs.explode("issue").dropna(subset=["issue"])[catalog.spec("upr_issues").columns]
