"""The essay's checkable claims (``data/raw/essay/claims.csv``): paraphrases, references, checks."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..dates import parse_date_cell
from ..errors import DataError
from ..io import read_raw_csv
from ..metadata import CopyKind, origin_of
from ..paths import RAW_DIR
from ..registry import dataset
from ..validate import require_nonempty, require_unique, require_values

RAW = "essay/claims.csv"
SOURCES_RAW = "essay/claim_sources.csv"
CHECKS = {
    "sourced_facts",
    "prisoner_range",
    "defector_stock",
    "treaties_named",
    "treaties_after_un",
    "upr_review_date",
    "upr_split",
    "upr_outcome",
    "upr_rec",
    "aid_extension",
    "families_extension",
    "cases_movement",
}
COLUMNS = {
    "claim_id": "Identifier of the claim (C and a two-digit number, in the order of the essay)",
    "ref": "Paragraph (¶1-¶16) and endnote of the essay",
    "topic": "Topic of the claim",
    "claim": "The claim, paraphrased (not quoted)",
    "essay_value": "The figure as the essay gives it",
    "check": "Name of the check that recomputes it (cohen_analysis.analysis.essay)",
    "rec_ids": "Cycle-1 UPR recommendation ids the claim names (list)",
    "follow_issue": "UPR Info issue tag used to follow it into later cycles",
    "follow_treaty": "Treaty or organisation whose later status answers it",
}
SOURCE_COLUMNS = {
    "claim_id": "Claim the fact bears on (its identifier in essay_claims)",
    "role": "then (the facts at the essay's time, which decide the verdict) or now (what followed)",
    "fact": "The fact, paraphrased (not quoted)",
    "date": "Date of the fact (first day of its month or year when less precise)",
    "date_precision": "day, month or year",
    "supports": "yes / partly / no: whether the fact bears out the essay's statement; context: kept for the record (a conflicting or later detail)",
    "producer": "Who published the fact",
    "title": "Title of the article or page",
    "url": "Where it was read",
    "date_published": "When the source was published (YYYY, YYYY-MM or YYYY-MM-DD)",
    "copy_kind": "Kind of copy it was read from, when not the producer's own site",
    "copy_name": "Who hosts that copy",
    "copy_url": "Home page of that copy",
    "confidence": "Confidence in the fact (high, medium-high, medium, medium-low, low)",
    "note": "Caveats, conflicts between sources",
}
SUPPORTS = ("yes", "partly", "no", "context")
ROLES = ("then", "now")
SOURCE_CONFIDENCE = ("high", "medium-high", "medium", "medium-low", "low")
_REF = re.compile(r"^¶\d{1,2}(, endnote [ivx]+)?$")
_REC = re.compile(r"^\d{2,3}\.\d{1,3}$")


def clean_claims(path: Path) -> pd.DataFrame:
    frame = read_raw_csv(path, required=list(COLUMNS))
    require_nonempty(frame, ["claim_id", "ref", "topic", "claim", "essay_value", "check"], file=path)
    require_unique(frame, "claim_id", file=path)
    require_values(frame, "check", CHECKS, file=path)
    for line, ref in frame["ref"].items():
        if not _REF.match(ref):
            raise DataError(f"reference {ref!r} is not '¶N' or '¶N, endnote x'", file=path, row=int(line), column="ref")
    rec_lists = []
    for line, cell in frame["rec_ids"].items():
        ids = [p.strip() for p in cell.split(";") if p.strip()]
        bad = [i for i in ids if not _REC.match(i)]
        if bad:
            raise DataError(f"malformed recommendation id {bad[0]!r}", file=path, row=int(line), column="rec_ids")
        if frame.loc[line, "check"] == "upr_rec" and not ids:
            raise DataError("a upr_rec check needs at least one recommendation id", file=path, row=int(line), column="rec_ids")
        rec_lists.append(ids)
    out = frame.copy()
    out["rec_ids"] = rec_lists
    for col in ("follow_issue", "follow_treaty"):
        out[col] = out[col].replace("", pd.NA).astype("string")
    return out[list(COLUMNS)]


@dataset("essay_claims", raw=[RAW], description="The essay's checkable claims, paraphrased, with their references and checks.", columns=COLUMNS)
def build_claims() -> pd.DataFrame:
    origin_of(RAW_DIR / RAW)
    return clean_claims(RAW_DIR / RAW)


def clean_claim_sources(path: Path, claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """The dated, sourced facts behind the claims checked with ``sourced_facts``.

    With ``claims`` (the cleaned claims), every row must name a ``sourced_facts`` claim and every
    such claim needs at least one 'then' row that is not mere context.
    """
    path = Path(path)
    frame = read_raw_csv(path, required=list(SOURCE_COLUMNS))
    require_nonempty(frame, ["claim_id", "role", "fact", "date", "supports", "producer", "title", "url",
                             "date_published", "confidence"], file=path)
    require_values(frame, "role", ROLES, file=path)
    require_values(frame, "supports", SUPPORTS, file=path)
    require_values(frame, "confidence", SOURCE_CONFIDENCE, file=path)
    kinds = set(CopyKind.__args__)
    dates, precisions = [], []
    for line, r in frame.iterrows():
        line = int(line)
        for col in ("url", "copy_url"):
            if r[col] and not re.match(r"^https?://", r[col]):
                raise DataError(f"{col} must start with http:// or https://, found {r[col]!r}", file=path, row=line, column=col)
        if any(r[c] for c in ("copy_kind", "copy_name", "copy_url")):
            if r["copy_kind"] not in kinds:
                raise DataError(f"copy_kind {r['copy_kind']!r} is not one of {sorted(kinds)}", file=path, row=line, column="copy_kind")
            if not r["copy_name"]:
                raise DataError("a copy needs copy_name (who hosts it)", file=path, row=line, column="copy_name")
        parse_date_cell(r["date_published"], file=path, row=line, column="date_published", iso=True)
        d, precision = parse_date_cell(r["date"], file=path, row=line, column="date", iso=True)
        if r["date_precision"] != precision:
            raise DataError(f"date_precision {r['date_precision']!r} does not match the date {r['date']!r} ({precision})",
                            file=path, row=line, column="date_precision")
        dates.append(d)
        precisions.append(precision)
        if claims is not None:
            known = claims.set_index("claim_id")["check"]
            if r["claim_id"] not in known.index:
                raise DataError(f"unknown claim {r['claim_id']!r} (not in {RAW})", file=path, row=line, column="claim_id")
            if known[r["claim_id"]] != "sourced_facts":
                raise DataError(f"claim {r['claim_id']} is checked by {known[r['claim_id']]!r}, not by sourced_facts",
                                file=path, row=line, column="claim_id")
    if claims is not None:
        deciding = frame[(frame["role"] == "then") & (frame["supports"] != "context")]
        for cid in claims.loc[claims["check"] == "sourced_facts", "claim_id"]:
            if cid not in set(deciding["claim_id"]):
                raise DataError(f"claim {cid} is checked by sourced_facts but has no 'then' fact that decides it",
                                file=path, column="claim_id")
    out = pd.DataFrame(index=frame.index)
    for col in SOURCE_COLUMNS:
        if col == "date":
            out[col] = pd.to_datetime(pd.Series(dates, index=frame.index, dtype="object")).astype("datetime64[ns]")
        elif col == "date_precision":
            out[col] = pd.array(precisions, dtype="string")
        else:
            out[col] = frame[col].replace("", pd.NA).astype("string")
    return out


@dataset(
    "essay_claim_sources",
    raw=[SOURCES_RAW, RAW],
    description=(
        "Dated facts, each with its published source (producer, title, URL, date, any copy it was read from), "
        "behind the essay's statements that no dataset covers: the 2009 constitution, the French envoy's 2009 "
        "visit, the Six-Party Talks, Kim Jong Il's health and succession, the 2009 currency reform."
    ),
    columns=SOURCE_COLUMNS,
)
def build_claim_sources() -> pd.DataFrame:
    origin_of(RAW_DIR / SOURCES_RAW)
    return clean_claim_sources(RAW_DIR / SOURCES_RAW, clean_claims(RAW_DIR / RAW))
