"""The UN Universal Periodic Review (UPR) of the DPRK: recommendations, issues and cycles.

Raw files (``data/raw/upr/``):

- ``recommendations_2009_cycle1.csv`` (A/HRC/13/13) and ``recommendations_2014_cycle2.csv``
  (A/HRC/27/10): one row per recommendation, same layout, one file per cycle (a later cycle with
  per-recommendation data is a new file added to ``RECOMMENDATION_FILES``). No recommendation
  text is stored, only ids, States, responses, issue tags and sources.
- ``cycles.csv``: one row per cycle (2009, 2014, 2019, 2024) with the counts as the sources
  state them; a conflicting figure stays in the cell after the chart value, as
  ``"85 (KBS 52536: 86 attended)"``, and is parsed here into a number and a ``*_note``.

Responses of every cycle map to one vocabulary (``RESPONSES``); the wording of the source is kept
in ``*_original``. The wording is matched after removing the compiled files' qualifiers (anything in
parentheses and a trailing ``; para NN``), so "Accepted (A)" and "Accepted" are the same answer;
a wording not in ``WG_WORDING`` / ``FINAL_WORDING`` raises :class:`DataError`.
"""

from __future__ import annotations

import re

import pandas as pd
import pandera.pandas as pa

from .. import paths
from ..countries import resolve_many, split_states
from ..dates import parse_date_cell
from ..errors import DataError
from ..io import read_raw_csv
from ..registry import dataset
from ..validate import check_schema, require_nonempty, require_unique, require_values, to_counts

RECOMMENDATION_FILES = ["upr/recommendations_2009_cycle1.csv", "upr/recommendations_2014_cycle2.csv"]
CYCLES_FILE = "upr/cycles.csv"

#: The one response vocabulary, in display order.
RESPONSES = ["supported", "partially supported", "noted", "rejected", "to be examined", "unknown"]

#: Working Group-stage wording (core, lower case) -> vocabulary.
WG_WORDING = {
    "to be examined": "to be examined",  # A/HRC/13/13 para 90, A/HRC/27/10 para 124: DPRK will examine and respond
    "did not enjoy the support of dprk": "rejected",  # cycle 1 (para 91); UPR Info counts these as Rejected
    "did not enjoy support / noted": "noted",  # cycle 2 (para 125): "did not enjoy support ... would thus be noted"
    "supported": "supported",
    "noted": "noted",
}
#: Final wording (core, lower case) -> vocabulary.
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
FINAL_POSSIBLE = {
    "not fully accepted": ("partially supported", "noted", "rejected"),
    "rejected or noted": ("noted", "rejected"),
    "not accepted": ("noted", "rejected"),
    "unknown per-rec": ("supported", "partially supported", "noted", "rejected"),
    "unknown": ("supported", "partially supported", "noted", "rejected"),
}
FINAL_CONFIDENCE = {"", "high", "medium", "low-medium", "low"}
#: The source's own decision code (rochelleterman/uprs ``decision``) and the WG answers it allows.
DECISION_CODES = {"consider": {"to be examined"}, "reject": {"rejected", "noted"}}
UPRINFO_RESPONSES = {"Accepted", "Noted", "Accepted+Noted"}

#: UPR Info issue tags seen so far; a new tag is added here after review.
UPRINFO_ISSUES = frozenset(
    {
        "Asylum-seekers - refugees", "CP rights - general", "Civil society", "Death penalty", "Detention",
        "Development", "Disabilities", "ESC rights - general", "Elections", "Enforced disappearances",
        "Environment", "Extrajudicial executions", "Freedom of association and peaceful assembly",
        "Freedom of movement", "Freedom of opinion and expression", "Freedom of religion and belief",
        "Freedom of the press", "General", "HIV - Aids", "Human rights defenders",
        "Human rights education and training", "Human rights violations by state agents", "Impunity",
        "International humanitarian law", "International instruments", "Justice", "Labour", "Migrants",
        "NHRI", "National plan of action", "Other", "Poverty", "Public security", "Racial discrimination",
        "Right to education", "Right to food", "Right to health", "Right to housing", "Right to water",
        "Rights of the Child", "Special procedures", "Technical assistance and cooperation",
        "Torture and other CID treatment", "Trafficking", "Treaty bodies", "UPR process", "Women's rights",
    }
)
_ISSUE_KEYS = {i.casefold(): i.casefold() for i in UPRINFO_ISSUES}

REC_COLUMNS = [
    "cycle", "review_year", "wg_report", "rec_id", "recommending_states", "decision_source", "response_wg",
    "uprinfo_response", "uprinfo_n_entries", "uprinfo_issues", "response_final", "response_final_source",
]
_REC_ID = re.compile(r"^(\d+)\.(\d+)$")
_PARENS = re.compile(r"\([^()]*\)")
_PARA = re.compile(r";\s*para(graph)?\s+\d+\s*$", re.IGNORECASE)


def _core(wording: str) -> str:
    """'to be examined (responses due by HRC13); para 90' -> 'to be examined'."""
    text = _PARA.sub("", str(wording))
    text = _PARENS.sub("", text)
    return re.sub(r"\s+", " ", text).strip().casefold()


def map_response(frame: pd.DataFrame, column: str, wording: dict[str, str], *, file) -> pd.Series:
    """Map the source's response wording in ``column`` to the vocabulary; DataError on a new wording."""
    out = {}
    for line, value in frame[column].items():
        key = _core(value)
        if key not in wording:
            raise DataError(
                f"unknown response wording {value!r} (read as {key!r}); known: {sorted(wording)}",
                file=file,
                row=int(line),
                column=column,
            )
        out[line] = wording[key]
    return pd.Series(out, dtype="string")


def normalise_issues(frame: pd.DataFrame, column: str, *, file) -> pd.Series:
    """'Labour,Rights of the Child' -> 'labour;rights of the child' (lower case, sorted, unique)."""
    out = {}
    for line, value in frame[column].items():
        tags = [t.strip() for t in str(value).split(",") if t.strip()]
        keys = []
        for tag in tags:
            key = re.sub(r"\s+", " ", tag).casefold()
            if key not in _ISSUE_KEYS:
                raise DataError(f"unknown UPR Info issue tag {tag!r}", file=file, row=int(line), column=column)
            keys.append(_ISSUE_KEYS[key])
        out[line] = ";".join(sorted(set(keys)))
    return pd.Series(out, dtype="string")


REC_SCHEMA = pa.DataFrameSchema(
    {
        "cycle": pa.Column("Int64", pa.Check.ge(1), nullable=False),
        "review_year": pa.Column("Int64", pa.Check.in_range(2008, 2030), nullable=False),
        "rec_id": pa.Column("string", pa.Check.str_matches(r"^\d+\.\d+$")),
        "state": pa.Column("string", nullable=False),
        "iso3": pa.Column("string", pa.Check.str_matches(r"^[A-Z]{3}$")),
        "response_wg": pa.Column("string", pa.Check.isin(RESPONSES)),
        "response_final": pa.Column("string", pa.Check.isin(RESPONSES)),
        "n_states": pa.Column("Int64", pa.Check.ge(1)),
    },
    strict=False,
)

REC_OUTPUT = {
    "cycle": "UPR cycle (1 = 2009 review, 2 = 2014 review)",
    "review_year": "Year of the Working Group review",
    "wg_report": "Symbol of the Working Group report (A/HRC/13/13, A/HRC/27/10)",
    "rec_id": "Recommendation number in the report, paragraph.item (e.g. '90.25'); unique within a cycle",
    "paragraph": "Report paragraph of the recommendation (90/91 in cycle 1, 124/125 in cycle 2)",
    "rec_number": "Item number within the paragraph (for sorting)",
    "recommending_states_as_written": "The recommending State(s) as the UN report writes them (joined form kept)",
    "n_states": "Number of States that made this recommendation jointly (1 for every DPRK recommendation)",
    "state_as_written": "This State as written in the report",
    "state": "Canonical short name of the State (country_converter name_short)",
    "iso3": "ISO 3166-1 alpha-3 code of the State",
    "region": "Region of the State (country_converter continent: Africa, America, Asia, Europe, Oceania)",
    "response_wg": "Response at the Working Group stage: supported, partially supported, noted, rejected, to be examined, unknown",
    "response_wg_original": "Working Group-stage response as worded in the source (report paragraph)",
    "response_final": "Final response, same vocabulary; 'unknown' where the category is not known (95 of cycle 1 para 90 with only totals, 14 with partial information in response_final_possible)",
    "response_final_original": "Final response as worded in the source",
    "response_final_source": "Source of the final response",
    "response_final_possible": "Final responses the sources allow, ';'-joined (one value where the response is known; e.g. 'partially supported;noted;rejected' for 'not fully accepted')",
    "response_final_confidence": "Confidence of the final response where the raw file grades it (high, medium, low-medium, low)",
    "response_uprinfo": "UPR Info database response (Accepted, Noted, Accepted+Noted for a split recommendation)",
    "uprinfo_n_entries": "Number of UPR Info database entries for the recommendation (2 when UPR Info split it)",
    "issues": "UPR Info issue tags, lower case, ';'-joined, sorted",
    "raw_file": "Raw file the row comes from (under data/raw)",
    "raw_line": "Line of the row in the raw file (header = line 1)",
}


def clean_recommendations(path) -> pd.DataFrame:
    """One raw recommendation file -> one row per (recommendation, recommending State)."""
    raw = read_raw_csv(path, required=REC_COLUMNS)
    raw = require_nonempty(raw, ["cycle", "review_year", "rec_id", "recommending_states", "decision_source", "response_wg", "response_final"], file=path)
    for line, value in raw["rec_id"].items():
        if not _REC_ID.match(value.strip()):
            raise DataError(f"malformed recommendation id {value!r}; expected paragraph.item like '90.1'", file=path, row=int(line), column="rec_id")
    raw = require_unique(raw.assign(rec_id=raw["rec_id"].str.strip()), ["rec_id", "cycle"], file=path)
    raw = require_values(raw, "decision_source", DECISION_CODES, file=path)
    raw = require_values(raw, "uprinfo_response", UPRINFO_RESPONSES | {""}, file=path)
    nums = to_counts(raw, ["cycle", "review_year"], file=path, allow_missing=False)
    nums = to_counts(nums, ["uprinfo_n_entries"], file=path)
    wg = map_response(raw, "response_wg", WG_WORDING, file=path)
    final = map_response(raw, "response_final", FINAL_WORDING, file=path)
    possible = pd.Series({line: ";".join(FINAL_POSSIBLE.get(_core(v), (final[line],))) for line, v in raw["response_final"].items()},
                         dtype="string")
    if "response_final_confidence" in raw.columns:
        raw = require_values(raw, "response_final_confidence", FINAL_CONFIDENCE, file=path)
        final_confidence = raw["response_final_confidence"]
    else:
        final_confidence = pd.Series("", index=raw.index)
    for line in raw.index:
        if wg[line] not in DECISION_CODES[raw.at[line, "decision_source"]]:
            raise DataError(
                f"Working Group response {raw.at[line, 'response_wg']!r} contradicts the source's decision "
                f"code {raw.at[line, 'decision_source']!r}",
                file=path,
                row=int(line),
                column="response_wg",
            )
    issues = normalise_issues(raw, "uprinfo_issues", file=path)

    resolve_many(raw["recommending_states"].unique())  # one country_converter pass for the file
    rows = []
    rel = paths.relative(path)
    rel = rel[len("data/raw/"):] if rel.startswith("data/raw/") else rel
    for line, rec in raw.iterrows():
        states = split_states(rec["recommending_states"], file=path, row=int(line), column="recommending_states")
        para, item = _REC_ID.match(rec["rec_id"]).groups()
        for as_written, state in states:
            rows.append(
                {
                    "cycle": nums.at[line, "cycle"],
                    "review_year": nums.at[line, "review_year"],
                    "wg_report": rec["wg_report"].strip(),
                    "rec_id": rec["rec_id"],
                    "paragraph": int(para),
                    "rec_number": int(item),
                    "recommending_states_as_written": rec["recommending_states"],
                    "n_states": len(states),
                    "state_as_written": as_written,
                    "state": state.name,
                    "iso3": state.iso3,
                    "region": state.region,
                    "response_wg": wg[line],
                    "response_wg_original": rec["response_wg"],
                    "response_final": final[line],
                    "response_final_original": rec["response_final"],
                    "response_final_source": rec["response_final_source"],
                    "response_final_possible": possible[line],
                    "response_final_confidence": final_confidence[line],
                    "response_uprinfo": rec["uprinfo_response"],
                    "uprinfo_n_entries": nums.at[line, "uprinfo_n_entries"],
                    "issues": issues[line],
                    "raw_file": rel,
                    "raw_line": int(line),
                }
            )
    out = pd.DataFrame(rows, columns=list(REC_OUTPUT))
    ints = ["cycle", "review_year", "paragraph", "rec_number", "n_states", "uprinfo_n_entries", "raw_line"]
    out = out.astype({c: "Int64" for c in ints} | {c: "string" for c in REC_OUTPUT if c not in ints})
    out.loc[out["response_uprinfo"] == "", "response_uprinfo"] = pd.NA
    out.loc[out["response_final_confidence"] == "", "response_final_confidence"] = pd.NA
    return check_schema(out, REC_SCHEMA, file=path, line_column="raw_line")


def recommendations(paths_: list | None = None) -> pd.DataFrame:
    """Every cycle's recommendations, concatenated; a recommendation id twice in a cycle raises DataError."""
    files = paths_ or [paths.RAW_DIR / f for f in RECOMMENDATION_FILES]
    frames = [clean_recommendations(p) for p in files]
    out = pd.concat(frames, ignore_index=True)
    keys = out.drop_duplicates(["raw_file", "raw_line"])
    dup = keys.duplicated(["cycle", "rec_id"], keep="first")
    if dup.any():
        row = keys[dup].iloc[0]
        first = keys[(keys["cycle"] == row["cycle"]) & (keys["rec_id"] == row["rec_id"])].iloc[0]
        raise DataError(
            f"duplicate recommendation id {row['rec_id']!r} in cycle {row['cycle']} "
            f"(first in {first['raw_file']} row {first['raw_line']})",
            file=paths.RAW_DIR / row["raw_file"],
            row=int(row["raw_line"]),
            column="rec_id",
        )
    return out.sort_values(["cycle", "paragraph", "rec_number"], kind="stable", ignore_index=True)


@dataset(
    "upr_recommendations",
    raw=RECOMMENDATION_FILES,
    description=(
        "Recommendations made to the DPRK in its UPR reviews of 2009 (cycle 1, A/HRC/13/13: 167) and 2014 "
        "(cycle 2, A/HRC/27/10: 268), one row per (recommendation, recommending State); every DPRK "
        "recommendation names one State, so rows = recommendations. Count recommendations with distinct "
        "(cycle, rec_id). Responses at the Working Group stage and final, in one vocabulary, with the "
        "source's wording; cycle 1: final category known for 8 of the 117 of paragraph 90, partial "
        "information for 14 (response_final_possible), nothing for 95; cycle-2 'noted' final responses do not "
        "separate the 10 rejected in Add.1 (nor any partially accepted). No recommendation text is stored."
    ),
    columns=REC_OUTPUT,
)
def build_upr_recommendations() -> pd.DataFrame:
    return recommendations()


ISSUE_OUTPUT = {
    "cycle": "UPR cycle",
    "review_year": "Year of the Working Group review",
    "rec_id": "Recommendation number in the report",
    "issue": "One UPR Info issue tag (lower case)",
    "response_wg": "Working Group-stage response (vocabulary of upr_recommendations)",
    "response_final": "Final response (vocabulary of upr_recommendations)",
    "response_final_possible": "Final responses the sources allow, ';'-joined (as in upr_recommendations)",
}


@dataset(
    "upr_issues",
    raw=RECOMMENDATION_FILES,
    description=(
        "One row per (recommendation, UPR Info issue tag) for the 2009 and 2014 UPR reviews of the DPRK; "
        "a recommendation with several tags counts once under each."
    ),
    columns=ISSUE_OUTPUT,
)
def build_upr_issues() -> pd.DataFrame:
    recs = recommendations().drop_duplicates(["cycle", "rec_id"])
    long = recs.assign(issue=recs["issues"].str.split(";")).explode("issue")
    long = long[long["issue"].notna() & (long["issue"] != "")]
    out = long[list(ISSUE_OUTPUT)].astype({"issue": "string"})
    return out.reset_index(drop=True)


# --- cycles -----------------------------------------------------------------------------------

CYCLE_COLUMNS = [
    "cycle", "review_year", "wg_session", "wg_session_dates", "review_date", "wg_report", "wg_report_adopted",
    "hrc_session", "hrc_adoption_date", "troika", "head_of_delegation", "sources_review", "confidence_review",
    "states_spoke", "states_registered", "sources_speakers", "confidence_speakers", "n_recommendations",
    "n_recommending_states", "sources_recommendations", "confidence_recommendations", "wg_supported_or_examined",
    "wg_noted_or_not_supported", "sources_wg", "confidence_wg", "final_basis", "supported_at_adoption",
    "final_supported", "final_partially_supported", "final_not_supported", "sources_final", "confidence_final",
]
#: Cells holding a figure with an optional qualifier: "85 (KBS 52536: 86 attended)".
NOTED_FIGURES = [
    "states_spoke", "states_registered", "n_recommendations", "supported_at_adoption", "final_supported",
    "final_partially_supported", "final_not_supported",
]
CONFIDENCE = {"high", "medium", "low", "mixed"}
_FIGURE = re.compile(r"^(\d[\d,]*)\s*(?:\((.+)\))?$")

CYCLE_OUTPUT = {
    "cycle": "UPR cycle (1-4)",
    "review_year": "Year of the Working Group review",
    "wg_session": "Working Group session number",
    "wg_session_dates": "Dates of the Working Group session as the source gives them (empty: not found)",
    "review_date": "Date of the DPRK's review in the Working Group (datetime)",
    "review_date_precision": "Precision of review_date (day/month/year)",
    "wg_report": "Symbol of the Working Group report (empty: not found)",
    "wg_report_adopted": "Date the Working Group adopted the report (datetime)",
    "wg_report_adopted_precision": "Precision of wg_report_adopted (day/month/year)",
    "hrc_session": "Human Rights Council session that adopted the outcome",
    "hrc_adoption_date": "Date of adoption of the outcome at the HRC (datetime)",
    "hrc_adoption_date_precision": "Precision of hrc_adoption_date (day/month/year)",
    "troika": "The three rapporteur States, '; '-separated (empty: not found)",
    "head_of_delegation": "Head of the DPRK delegation",
    "states_spoke": "States (delegations) that took the floor in the review (count; empty: not found)",
    "states_spoke_note": "Other figures or qualifiers the sources give for states_spoke",
    "states_registered": "States registered to speak, where the number that spoke was not found (count)",
    "states_registered_note": "Other figures for states_registered",
    "n_recommendations": "Recommendations made in the review (count)",
    "n_recommendations_note": "Other figures for n_recommendations (press figures not supported by the report)",
    "n_recommending_states": "Distinct recommending States, computed from the report (count; empty: not found)",
    "wg_supported_or_examined": "Recommendations supported or left to be examined at the Working Group stage (count)",
    "wg_noted_or_not_supported": "Recommendations noted / not supported at the Working Group stage (count)",
    "final_basis": "Document or event the final figures describe",
    "supported_at_adoption": "Recommendations accepted when the HRC adopted the outcome (count; cycle 1: 0 at HRC13)",
    "supported_at_adoption_note": "Qualifier of supported_at_adoption",
    "final_supported": "Recommendations finally supported/accepted (count; cycle 1 per the 2014 annex)",
    "final_supported_note": "Qualifier of final_supported",
    "final_partially_supported": "Recommendations finally partially supported (count)",
    "final_partially_supported_note": "Qualifier or other figures of final_partially_supported",
    "final_not_supported": "Recommendations finally not supported: noted plus rejected, both stages (count)",
    "final_not_supported_note": "How final_not_supported is made up, and other figures",
    "sources_review": "Sources of session, dates, report, troika, delegation",
    "confidence_review": "Confidence of those (high/medium/low/mixed)",
    "sources_speakers": "Sources of states_spoke / states_registered",
    "confidence_speakers": "Confidence of the speaker counts",
    "sources_recommendations": "Sources of n_recommendations and n_recommending_states",
    "confidence_recommendations": "Confidence of the recommendation counts",
    "sources_wg": "Sources of the Working Group-stage split",
    "confidence_wg": "Confidence of the Working Group-stage split",
    "sources_final": "Sources of the final figures",
    "confidence_final": "Confidence of the final figures",
}


def _parse_figures(raw: pd.DataFrame, column: str, *, file) -> tuple[list, list]:
    values, notes = [], []
    for line, cell in raw[column].items():
        text = cell.strip()
        if text == "":
            values.append(None)
            notes.append(None)
            continue
        m = _FIGURE.match(text)
        if not m:
            raise DataError(f"expected a count, optionally followed by '(note)', got {cell!r}", file=file, row=int(line), column=column)
        values.append(int(m.group(1).replace(",", "")))
        notes.append(m.group(2))
    return values, notes


def _parse_dates(raw: pd.DataFrame, column: str, *, file) -> tuple[list, list]:
    values, precision = [], []
    for line, cell in raw[column].items():
        date, prec = parse_date_cell(cell, file=file, row=int(line), column=column, iso=True)
        values.append(pd.NaT if date is None else date)
        precision.append(prec)
    return values, precision


def clean_cycles(path) -> pd.DataFrame:
    raw = read_raw_csv(path, required=CYCLE_COLUMNS)
    raw = require_nonempty(raw, ["cycle", "review_year", "review_date", "n_recommendations"], file=path)
    raw = require_unique(raw, "cycle", file=path)
    for column in [c for c in CYCLE_COLUMNS if c.startswith("confidence_")]:
        raw = require_values(raw, column, CONFIDENCE, file=path)
    counts = ["cycle", "review_year", "wg_session", "hrc_session", "n_recommending_states", "wg_supported_or_examined", "wg_noted_or_not_supported"]
    nums = to_counts(raw, counts, file=path)
    out = pd.DataFrame(index=raw.index)
    for column in CYCLE_OUTPUT:
        if column in counts:
            out[column] = nums[column]
        elif column in NOTED_FIGURES:
            values, notes = _parse_figures(raw, column, file=path)
            out[column] = pd.array(values, dtype="Int64")
            out[column + "_note"] = pd.array(notes, dtype="string")
        elif column in ("review_date", "hrc_adoption_date", "wg_report_adopted"):
            values, precision = _parse_dates(raw, column, file=path)
            out[column] = pd.array(values, dtype="datetime64[ns]")
            if column + "_precision" in CYCLE_OUTPUT:
                out[column + "_precision"] = pd.array(precision, dtype="string")
        elif column.endswith(("_note", "_precision")):
            continue
        else:
            out[column] = raw[column].str.strip().replace("", None).astype("string")
    # the splits must add up to the total where every part is known
    for line in out.index:
        total = out.at[line, "n_recommendations"]
        wg = [out.at[line, "wg_supported_or_examined"], out.at[line, "wg_noted_or_not_supported"]]
        if not any(pd.isna(v) for v in wg) and sum(wg) != total:
            raise DataError(f"Working Group split {wg[0]} + {wg[1]} != {total} recommendations", file=path, row=int(line), column="wg_supported_or_examined")
        final = [out.at[line, c] for c in ("final_supported", "final_partially_supported", "final_not_supported")]
        if not any(pd.isna(v) for v in final) and sum(final) != total:
            raise DataError(f"final split {' + '.join(map(str, final))} != {total} recommendations", file=path, row=int(line), column="final_supported")
    return out[list(CYCLE_OUTPUT)].reset_index(drop=True)


@dataset(
    "upr_cycles",
    raw=[CYCLES_FILE],
    description=(
        "The DPRK's four UPR reviews (2009, 2014, 2019, 2024): sessions, dates, troika, speakers, "
        "recommendations and their Working Group-stage and final split, with sources and confidence. "
        "Numeric columns hold the figure charts use; other figures the sources give are in *_note."
    ),
    columns=CYCLE_OUTPUT,
)
def build_upr_cycles() -> pd.DataFrame:
    return clean_cycles(paths.RAW_DIR / CYCLES_FILE)
