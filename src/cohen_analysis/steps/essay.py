"""The essay's checkable claims (``essay/claims.csv``) and the sourced facts behind some (``essay/claim_sources.csv``)."""

from __future__ import annotations

import pandas as pd

from .. import parse
from ..errors import DataError
from ..metadata import CopyKind
from ..registry import Raw, after, step

CLAIMS = "essay/claims.csv"
SOURCES = "essay/claim_sources.csv"


@step("essay_claims")
def essay_claims(raw: Raw) -> pd.DataFrame:
    file = raw.path(CLAIMS)
    frame = raw.read(CLAIMS)
    out = parse.text(frame, [c for c in frame.columns if c != "rec_ids"], file=file)
    out["rec_ids"] = parse.lists(frame, "rec_ids", file=file, pattern=r"\d{2,3}\.\d{1,3}")
    parse.fail((out["check"] == "upr_rec") & (out["rec_ids"].str.len() == 0),
               "a upr_rec check needs at least one recommendation id", file=file, column="rec_ids")
    return out


@step("essay_claim_sources")
def essay_claim_sources(raw: Raw) -> pd.DataFrame:
    """Every row names a claim checked with ``sourced_facts``; each such claim needs a deciding 'then' fact."""
    file = raw.path(SOURCES)
    frame = raw.read(SOURCES)
    out = parse.text(frame, frame.columns, file=file)
    for col in ("url", "copy_url"):
        parse.fail(out[col].notna() & ~out[col].str.match(r"^https?://").fillna(False),
                   lambda v, col=col: f"{col} must start with http:// or https://, found {v!r}",
                   file=file, column=col, values=out[col])
    has_copy = out[["copy_kind", "copy_name", "copy_url"]].notna().any(axis=1)
    kinds = sorted(CopyKind.__args__)
    parse.fail(has_copy & ~out["copy_kind"].isin(kinds), lambda v: f"copy_kind {v!r} is not one of {kinds}",
               file=file, column="copy_kind", values=out["copy_kind"])
    parse.fail(has_copy & out["copy_name"].isna(), "a copy needs copy_name (who hosts it)", file=file, column="copy_name")
    parse.dates(frame, "date_published", file=file)
    out["date"], precision = parse.dates(frame, "date", file=file)
    parse.fail(out["date_precision"].ne(precision).fillna(True) & out["date"].notna(),
               lambda v: f"date_precision {v!r} does not match the date",
               file=file, column="date_precision", values=out["date_precision"])
    return out


@after("essay_claim_sources")
def _facts_decide_sourced_claims(out: pd.DataFrame, raw: Raw) -> None:
    file = raw.path(SOURCES)

    claims = raw.dataset("essay_claims").set_index("claim_id")["check"]
    parse.fail(~out["claim_id"].isin(claims.index), lambda v: f"unknown claim {v!r} (not in {CLAIMS})",
               file=file, column="claim_id", values=out["claim_id"])
    checked_by = out["claim_id"].map(claims)
    why = "claim " + out["claim_id"] + " is checked by '" + checked_by.astype("string") + "', not by sourced_facts"
    parse.fail(checked_by != "sourced_facts", str, file=file, column="claim_id", values=why)
    deciding = set(out.loc[(out["role"] == "then") & (out["supports"] != "context"), "claim_id"])
    for cid in claims[claims == "sourced_facts"].index:
        if cid not in deciding:
            raise DataError(f"claim {cid} is checked by sourced_facts but has no 'then' fact that decides it",
                                  file=file, column="claim_id")
