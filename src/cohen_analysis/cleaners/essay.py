"""The essay's checkable claims (``data/raw/essay/claims.csv``): paraphrases, references, checks."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..errors import DataError
from ..io import read_raw_csv
from ..metadata import origin_of
from ..paths import RAW_DIR
from ..registry import dataset
from ..validate import require_nonempty, require_unique, require_values

RAW = "essay/claims.csv"
CHECKS = {
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
}
COLUMNS = {
    "claim_id": "Identifier of the claim (C01...)",
    "ref": "Paragraph (¶1-¶16) and endnote of the essay",
    "topic": "Topic of the claim",
    "claim": "The claim, paraphrased (not quoted)",
    "essay_value": "The figure as the essay gives it",
    "check": "Name of the check that recomputes it (cohen_analysis.analysis.essay)",
    "rec_ids": "Cycle-1 UPR recommendation ids the claim names (list)",
    "follow_issue": "UPR Info issue tag used to follow it into later cycles",
    "follow_treaty": "Treaty or organisation whose later status answers it",
}
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
