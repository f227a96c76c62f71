"""The rule for a headline "now" figure: the latest value at the highest confidence.

A series of dated figures often ends with a newer figure of lower confidence (a machine-extracted
monthly file, a press report of a provisional count) after an older, better-sourced one. A
headline "now" figure leads with the **latest row among those of the highest confidence grade
present**; the rows dated after it (all of lower confidence, by construction) are returned
beside it so that a report may show them, labelled with their grade, but never lead with them.

The rule is for repeated figures of one quantity: a stock counted at successive dates (surviving
applicants), successive estimates of one population (political prisoners). It is not for a series
of yearly flows (aid given in each year), where every year is its own quantity; there the latest
year is reported with the series' coverage and each year keeps its own preferred row.

Confidence grades are those of the raw files: ``high``, ``medium-high``, ``medium``,
``medium-low`` (also written ``low-medium``) and ``low``; a grade followed by a note in brackets
("high (3 sources)") counts as the grade. Any other grade is refused rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

__all__ = ["CONFIDENCE_RANK", "Headline", "confidence_rank", "headline"]

#: Rank of each confidence grade (higher is surer).
CONFIDENCE_RANK = {"low": 0, "medium-low": 1, "low-medium": 1, "medium": 2, "medium-high": 3, "high-medium": 3, "high": 4}


def confidence_rank(grade) -> int:
    """Rank of a confidence grade such as ``"high (2 sources)"`` or ``"low-medium"``.

    Raises :class:`ValueError` for a missing or unknown grade.
    """
    if grade is None or (not isinstance(grade, str) and pd.isna(grade)):
        raise ValueError("a row has no confidence grade")
    base = re.sub(r"\s*\(.*\)\s*$", "", str(grade)).strip().lower()
    if base not in CONFIDENCE_RANK:
        raise ValueError(f"unknown confidence grade {grade!r} (known: {', '.join(CONFIDENCE_RANK)})")
    return CONFIDENCE_RANK[base]


@dataclass(frozen=True)
class Headline:
    """The headline row and the newer, lower-confidence rows that may stand beside it."""

    row: pd.Series
    newer: pd.DataFrame
    grade: str

    @property
    def has_newer(self) -> bool:
        return len(self.newer) > 0

    def newest(self) -> pd.Series | None:
        """The newest lower-confidence row, or None."""
        return self.newer.iloc[-1] if self.has_newer else None


def headline(frame: pd.DataFrame, *, date: str, confidence: str = "confidence") -> Headline:
    """Apply the headline rule to ``frame`` (the candidate rows, already filtered to usable values).

    Rows without a ``date`` are left out. Among the rest, the highest confidence rank present is
    found and the latest row of that rank is the headline (ties on the date: the last row in the
    frame's order). ``newer`` holds every row dated after it, in date order.
    Raises :class:`ValueError` when no dated row is left or a grade is unknown.
    """
    dated = frame[frame[date].notna()]
    if dated.empty:
        raise ValueError(f"no row with a {date!r} to take a headline figure from")
    ranks = dated[confidence].map(confidence_rank)
    top = ranks.max()
    best = dated[ranks == top].sort_values(date, kind="stable")
    row = best.iloc[-1]
    newer = dated[dated[date] > row[date]].sort_values(date, kind="stable")
    return Headline(row=row, newer=newer, grade=str(row[confidence]))
