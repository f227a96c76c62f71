"""North Korea's treaty record, UN membership, treaty-body reviews and UN votes on its human rights.

Raw files in ``data/raw/treaties/``, compiled from UN documents, government announcements and press reports:

- ``treaty_events.csv``: accessions, ratifications, signatures, entries into force and the 1997
  ICCPR withdrawal notification; conflicting dates are kept as separate rows, ``preferred``
  marks the one charts use (exactly one per treaty and event).
- ``treaty_body_reviews.csv``: reviews of DPRK reports by the treaty bodies, and the Human
  Rights Committee's General Comment 26 (no denunciation of the ICCPR).
- ``un_membership.csv``: admission to the UN (17 Sep 1991, A/RES/46/1) and ILO non-membership.
- ``un_votes.csv`` and ``un_votes_additions.csv``: votes on DPRK human-rights texts in the General
  Assembly (Third Committee and plenary), the Human Rights Council and the Security Council; each
  row has its own ``vote_id``, conflicting reports of one vote share an ``action_id`` and
  ``preferred`` marks the one charts use (one per action across both files).
- ``unga_roll_calls_by_country.csv``: how each Member State voted in the nine recorded plenary
  votes (Voeten's UNGA voting data); their totals are checked against ``un_votes``.

Each ``clean_*`` function takes a path, so tests can feed it small (bad) files; each
``build_*`` function is the registered builder reading from ``paths.RAW_DIR``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from .. import paths
from ..dates import PRECISIONS, partial_date_of, to_partial_dates
from ..errors import DataError
from ..io import read_raw_csv
from ..registry import dataset
from ..validate import check_schema, require_nonempty, require_unique, require_values, to_counts

TOPIC = "treaties"

#: Short name -> (full name, named in the essay's paragraph 8 as ratified by North Korea).
TREATIES: dict[str, tuple[str, bool]] = {
    "ICCPR": ("International Covenant on Civil and Political Rights", True),
    "ICESCR": ("International Covenant on Economic, Social and Cultural Rights", True),
    "CRC": ("Convention on the Rights of the Child", True),
    "CEDAW": ("Convention on the Elimination of All Forms of Discrimination against Women", True),
    "Genocide Convention": ("Convention on the Prevention and Punishment of the Crime of Genocide", True),
    "CRPD": ("Convention on the Rights of Persons with Disabilities", False),
    "OPSC": (
        "Optional Protocol to the CRC on the sale of children, child prostitution and child pornography",
        False,
    ),
}
#: The treaties the essay (paragraph 8) says North Korea ratified after joining the UN.
ESSAY_TREATIES = tuple(t for t, (_, named) in TREATIES.items() if named)
EVENTS = ("accession", "ratification", "signature", "entry into force", "withdrawal notification", "domestic approval")
#: Events by which a State becomes bound (used to compare with UN admission).
BINDING_EVENTS = ("accession", "ratification")
DATE_BASES = ("stated", "derived", "commonly cited")
CONFIDENCE_LEVELS = ("high", "medium", "low")

#: Treaty body -> the treaty it monitors.
TREATY_BODIES = {
    "Human Rights Committee": "ICCPR",
    "CESCR": "ICESCR",
    "CRC Committee": "CRC",
    "CEDAW Committee": "CEDAW",
    "CRPD Committee": "CRPD",
}
REVIEW_STEPS = ("report submitted", "list of issues", "report considered", "concluding observations", "general comment")
SYMBOL_STATUSES = ("", "not seen", "inferred", "not verified")

#: Spellings of UN bodies accepted in the raw files (lower case) -> normalised body.
BODIES = {
    "unga third committee": "UNGA Third Committee",
    "third committee": "UNGA Third Committee",
    "general assembly third committee": "UNGA Third Committee",
    "unga plenary": "UNGA plenary",
    "general assembly": "UNGA plenary",
    "general assembly plenary": "UNGA plenary",
    "human rights council": "HRC",
    "hrc": "HRC",
    "commission on human rights": "CHR",
    "chr": "CHR",
    "un security council": "UNSC",
    "security council": "UNSC",
    "unsc": "UNSC",
}
BODY_LABELS = ("UNGA Third Committee", "UNGA plenary", "HRC", "CHR", "UNSC")
#: Largest possible number of members voting in each body (for a sanity check of tallies).
BODY_SEATS = {"UNGA Third Committee": 193, "UNGA plenary": 193, "HRC": 47, "CHR": 53, "UNSC": 15}
SUBJECTS = ("resolution", "amendment", "agenda")
COUNTS = ("yes", "no", "abstain")

#: Raw adoption mode -> (normalised mode, voted, counts required, counts that must be empty).
ADOPTION_MODES: dict[str, tuple[str, bool | None, tuple[str, ...], tuple[str, ...]]] = {
    "recorded vote": ("recorded vote", True, COUNTS, ()),
    "procedural vote": ("procedural vote", True, COUNTS, ()),
    "recorded vote, counts not found": ("recorded vote", True, (), COUNTS),
    "recorded vote, only yes found": ("recorded vote", True, ("yes",), ("no", "abstain")),
    "without vote": ("without vote", False, (), COUNTS),
    "without vote (consensus)": ("without vote", False, (), COUNTS),
    "adopted, mode not stated": ("not stated", None, (), COUNTS),
}

UN_ADMISSION_EVENT = ("United Nations", "admitted as a Member State")


def raw_path(name: str) -> Path:
    return paths.RAW_DIR / TOPIC / name


# --------------------------------------------------------------------------------------------
# shared steps


def _lowest_confidence(frame: pd.DataFrame, column: str, *, file) -> pd.Series:
    """'high (month/year)' -> high; 'medium-low' -> low; 'high (yes/no), medium (abstain)' -> medium."""
    out = []
    for line, value in frame[column].items():
        levels = re.findall(r"\b(high|medium|low)\b", str(value).lower())
        if not levels:
            raise DataError(
                f"confidence {value!r} names none of {list(CONFIDENCE_LEVELS)}", file=file, row=int(line), column=column
            )
        out.append(max(levels, key=CONFIDENCE_LEVELS.index))
    return pd.Series(out, index=frame.index, dtype="string")


def _yes_no(frame: pd.DataFrame, column: str, *, file, allow_empty: bool = False) -> pd.Series:
    allowed = {"yes": True, "no": False}
    values = []
    for line, value in frame[column].items():
        text = str(value).strip().lower()
        if text == "" and allow_empty:
            values.append(pd.NA)
        elif text in allowed:
            values.append(allowed[text])
        else:
            raise DataError(f"expected 'yes' or 'no', got {value!r}", file=file, row=int(line), column=column)
    return pd.Series(values, index=frame.index, dtype="boolean")


def _text(series: pd.Series) -> pd.Series:
    """Stripped text, empty cells as <NA>."""
    s = series.astype("string").str.strip()
    return s.mask(s == "", pd.NA)


def _require_one_preferred(frame: pd.DataFrame, keys: list[str], *, file) -> None:
    """Among rows sharing ``keys`` (alternative reports of one fact) exactly one is preferred."""
    for key, group in frame.groupby(keys, sort=False):
        chosen = group.index[group["preferred_flag"].astype(bool)]
        if len(chosen) == 0:
            raise DataError(
                f"no row is marked preferred for {key!r}; mark the one charts use",
                file=file,
                row=int(group.index[0]),
                column="preferred",
            )
        if len(chosen) > 1:
            raise DataError(
                f"more than one row is marked preferred for {key!r} (first on row {int(chosen[0])})",
                file=file,
                row=int(chosen[1]),
                column="preferred",
            )


def _check_date_basis(frame: pd.DataFrame, *, file) -> None:
    """A date written '(derived)' must have basis 'derived', and the other way round."""
    for line in frame.index:
        derived_text = frame.at[line, "date_qualifier"] == "derived"
        derived_basis = frame.at[line, "date_basis"] == "derived"
        if (derived_text is True) != derived_basis:
            raise DataError(
                f"date {frame.at[line, 'date']!r} and basis {frame.at[line, 'date_basis']!r} disagree: a derived "
                "date is written '(derived)' and has basis 'derived'",
                file=file,
                row=int(line),
                column="date_basis",
            )


_COMMON = {
    "source": pa.Column("string", nullable=False),
    "confidence": pa.Column("string", pa.Check.isin(CONFIDENCE_LEVELS)),
    "raw_line": pa.Column("Int64", pa.Check.ge(2)),
}
_DATE = {
    "date": pa.Column("datetime64[ns]", nullable=False),
    "date_precision": pa.Column("string", pa.Check.isin(PRECISIONS)),
}


# --------------------------------------------------------------------------------------------
# UN membership

MEMBERSHIP_COLUMNS = {
    "organisation": "Organisation (United Nations, International Labour Organization)",
    "event": "What happened, or the status at the date (e.g. 'admitted as a Member State')",
    "date": "Date of the event, first day of the period for month/year precision (datetime)",
    "date_precision": "Precision of date: day, month or year",
    "date_as_stated": "The date as the source gives it",
    "document_symbol": "UN document symbol, where there is one",
    "source": "Main source",
    "source_url": "URL of the main source",
    "corroborating_source": "Further sources (text with URLs)",
    "confidence": "Lowest confidence level given for the row: high, medium or low",
    "confidence_as_stated": "Confidence as worded in the raw file",
    "note": "Short paraphrased note",
    "raw_line": "Line in the raw file",
}
_MEMBERSHIP_RAW = ["organisation", "event", "date", "document_symbol", "source", "source_url", "corroborating_source", "confidence", "note"]


def clean_un_membership(path) -> pd.DataFrame:
    raw = read_raw_csv(path, required=_MEMBERSHIP_RAW)
    raw = require_nonempty(raw, ["organisation", "event", "date", "source", "confidence"], file=path)
    frame = to_partial_dates(raw, "date", file=path, prefix="parsed")
    out = pd.DataFrame(
        {
            "organisation": _text(raw["organisation"]),
            "event": _text(raw["event"]),
            "date": frame["parsed_date"],
            "date_precision": frame["parsed_precision"],
            "date_as_stated": _text(raw["date"]),
            "document_symbol": _text(raw["document_symbol"]),
            "source": _text(raw["source"]),
            "source_url": _text(raw["source_url"]),
            "corroborating_source": _text(raw["corroborating_source"]),
            "confidence": _lowest_confidence(raw, "confidence", file=path),
            "confidence_as_stated": _text(raw["confidence"]),
            "note": _text(raw["note"]),
            "raw_line": pd.array(raw.index, dtype="Int64"),
        },
        index=raw.index,
    )
    schema = pa.DataFrameSchema({**_DATE, **_COMMON}, strict=False)
    return check_schema(out, schema, file=path)[list(MEMBERSHIP_COLUMNS)].reset_index(drop=True)


def un_admission_date(membership: pd.DataFrame, *, file=None) -> dt.date:
    """The day North Korea was admitted to the UN, from a cleaned ``un_membership`` frame."""
    org, event = UN_ADMISSION_EVENT
    rows = membership[(membership["organisation"] == org) & (membership["event"] == event)]
    if len(rows) != 1:
        raise DataError(f"expected exactly one row {org!r} / {event!r}, found {len(rows)}", file=file, column="event")
    row = rows.iloc[0]
    if row["date_precision"] != "day":
        raise DataError("the UN admission date must be known to the day", file=file, row=int(row["raw_line"]), column="date")
    return pd.Timestamp(row["date"]).date()


@dataset(
    "un_membership",
    raw=["treaties/un_membership.csv"],
    description="North Korea's admission to the United Nations (17 Sep 1991, A/RES/46/1) and its status "
    "outside the ILO, with sources.",
    columns=MEMBERSHIP_COLUMNS,
)
def build_un_membership() -> pd.DataFrame:
    return clean_un_membership(raw_path("un_membership.csv"))


# --------------------------------------------------------------------------------------------
# treaty events

TREATY_COLUMNS = {
    "treaty": "Short name of the treaty (ICCPR, ICESCR, CRC, CEDAW, Genocide Convention, CRPD, OPSC)",
    "treaty_name": "Full name of the treaty",
    "named_in_essay": "Whether the essay (¶7) names the treaty among the five North Korea ratified (boolean)",
    "event": "accession, ratification, signature, entry into force, withdrawal notification, domestic approval",
    "date": "Date of the event, first day of the period for month/year precision (datetime)",
    "date_precision": "Precision of date: day, month or year",
    "date_derived": "True when the date was worked out (e.g. from the entry into force), not read in a source (boolean)",
    "date_basis": "stated (read in a source), derived, or commonly cited (not verified)",
    "date_as_stated": "The date as written in the raw file",
    "date_commonly_cited": "A more precise date often cited but not verified (text; not used in charts)",
    "relative_to_un_admission": "before / after / overlaps North Korea's UN admission of 17 Sep 1991, given the date's precision",
    "preferred": "The row charts use where sources disagree (boolean; one per treaty and event)",
    "source": "Main source",
    "source_url": "URL of the main source (missing for commonly cited dates)",
    "corroborating_source": "Further sources (text with URLs)",
    "confidence": "Lowest confidence level given for the row: high, medium or low",
    "confidence_as_stated": "Confidence as worded in the raw file",
    "note": "Short paraphrased note",
    "raw_line": "Line in the raw file",
}
_TREATY_RAW = [
    "treaty", "event", "date", "date_basis", "date_commonly_cited", "preferred",
    "source", "source_url", "corroborating_source", "confidence", "note",
]  # fmt: skip


def clean_treaty_events(path, *, un_admission: dt.date | None = None) -> pd.DataFrame:
    """Tidy treaty events. With ``un_admission``, each date is placed before/after it."""
    raw = read_raw_csv(path, required=_TREATY_RAW)
    raw = require_nonempty(raw, ["treaty", "event", "date", "date_basis", "preferred", "source", "confidence"], file=path)
    raw = require_values(raw, "treaty", TREATIES, file=path)
    raw = require_values(raw, "event", EVENTS, file=path)
    raw = require_values(raw, "date_basis", DATE_BASES, file=path)
    frame = to_partial_dates(raw, "date", file=path, prefix="date")
    _check_date_basis(frame, file=path)
    frame["preferred_flag"] = _yes_no(raw, "preferred", file=path)
    _require_one_preferred(frame, ["treaty", "event"], file=path)

    relative = pd.Series(pd.NA, index=raw.index, dtype="string")
    if un_admission is not None:
        relative = pd.Series(
            [partial_date_of(d, p).compare(un_admission) for d, p in zip(frame["date_date"], frame["date_precision"])],
            index=raw.index,
            dtype="string",
        )
    out = pd.DataFrame(
        {
            "treaty": _text(raw["treaty"]),
            "treaty_name": pd.Series([TREATIES[t][0] for t in raw["treaty"]], index=raw.index, dtype="string"),
            "named_in_essay": pd.Series([TREATIES[t][1] for t in raw["treaty"]], index=raw.index, dtype="boolean"),
            "event": _text(raw["event"]),
            "date": frame["date_date"],
            "date_precision": frame["date_precision"],
            "date_derived": (raw["date_basis"] == "derived").astype("boolean"),
            "date_basis": _text(raw["date_basis"]),
            "date_as_stated": _text(raw["date"]),
            "date_commonly_cited": _text(raw["date_commonly_cited"]),
            "relative_to_un_admission": relative,
            "preferred": frame["preferred_flag"],
            "source": _text(raw["source"]),
            "source_url": _text(raw["source_url"]),
            "corroborating_source": _text(raw["corroborating_source"]),
            "confidence": _lowest_confidence(raw, "confidence", file=path),
            "confidence_as_stated": _text(raw["confidence"]),
            "note": _text(raw["note"]),
            "raw_line": pd.array(raw.index, dtype="Int64"),
        },
        index=raw.index,
    )
    schema = pa.DataFrameSchema(
        {
            **_DATE,
            **_COMMON,
            "relative_to_un_admission": pa.Column("string", pa.Check.isin(["before", "after", "overlaps"]), nullable=True),
            "date_derived": pa.Column("boolean", nullable=False),
            "preferred": pa.Column("boolean", nullable=False),
        },
        strict=False,
    )
    return check_schema(out, schema, file=path)[list(TREATY_COLUMNS)].reset_index(drop=True)


@dataset(
    "treaties",
    raw=["treaties/treaty_events.csv", "treaties/un_membership.csv"],
    description="North Korea's human rights treaty events (accession, ratification, signature, entry into force, "
    "the 1997 ICCPR withdrawal notification), one row per event and source; 'preferred' marks the row charts "
    "use. Dates carry their precision; derived and commonly-cited-but-unverified dates are flagged. Each date "
    "is placed before or after the UN admission of 17 Sep 1991.",
    columns=TREATY_COLUMNS,
)
def build_treaties() -> pd.DataFrame:
    membership_path = raw_path("un_membership.csv")
    admission = un_admission_date(clean_un_membership(membership_path), file=membership_path)
    return clean_treaty_events(raw_path("treaty_events.csv"), un_admission=admission)


# --------------------------------------------------------------------------------------------
# treaty-body reviews

REVIEW_COLUMNS = {
    "treaty": "Short name of the treaty",
    "body": "Treaty body (Human Rights Committee, CESCR, CRC Committee, CEDAW Committee, CRPD Committee)",
    "report": "Which DPRK report (initial, second periodic, ...); missing for a general comment",
    "step": "report submitted, list of issues, report considered, concluding observations, general comment",
    "date_start": "First day of the step, first day of the period for month/year precision (datetime)",
    "date_start_precision": "Precision of date_start: day, month or year",
    "date_end": "Last day when the step ran over several days (datetime; missing for one day)",
    "date_end_precision": "Precision of date_end",
    "session": "Session of the treaty body, where known (integer)",
    "document_symbol": "UN document symbol(s), separated by '; '",
    "symbol_status": "not seen / inferred / not verified; missing when the symbol is confirmed",
    "source": "Main source",
    "source_url": "URL of the main source",
    "corroborating_source": "Further sources (text with URLs)",
    "confidence": "Lowest confidence level given for the row: high, medium or low",
    "confidence_as_stated": "Confidence as worded in the raw file",
    "note": "Short paraphrased note",
    "raw_line": "Line in the raw file",
}
_REVIEW_RAW = [
    "treaty", "body", "report", "step", "date_start", "date_end", "session", "document_symbol",
    "symbol_status", "source", "source_url", "corroborating_source", "confidence", "note",
]  # fmt: skip


def clean_treaty_body_reviews(path) -> pd.DataFrame:
    raw = read_raw_csv(path, required=_REVIEW_RAW)
    raw = require_nonempty(raw, ["treaty", "body", "step", "date_start", "source", "confidence"], file=path)
    raw = require_values(raw, "treaty", TREATIES, file=path)
    raw = require_values(raw, "body", TREATY_BODIES, file=path)
    raw = require_values(raw, "step", REVIEW_STEPS, file=path)
    raw = require_values(raw, "symbol_status", SYMBOL_STATUSES, file=path)
    for line in raw.index:
        if TREATY_BODIES[raw.at[line, "body"]] != raw.at[line, "treaty"]:
            raise DataError(
                f"{raw.at[line, 'body']} does not monitor {raw.at[line, 'treaty']}", file=path, row=int(line), column="body"
            )
        if raw.at[line, "symbol_status"] and not raw.at[line, "document_symbol"]:
            raise DataError("symbol status given without a symbol", file=path, row=int(line), column="symbol_status")
    frame = to_partial_dates(raw, "date_start", file=path)
    frame = to_partial_dates(frame, "date_end", file=path, allow_missing=True)
    frame = to_counts(frame, ["session"], file=path)
    for line in frame.index:
        end = frame.at[line, "date_end_date"]
        if pd.notna(end) and end < frame.at[line, "date_start_date"]:
            raise DataError("date_end is before date_start", file=path, row=int(line), column="date_end")
    out = pd.DataFrame(
        {
            "treaty": _text(raw["treaty"]),
            "body": _text(raw["body"]),
            "report": _text(raw["report"]),
            "step": _text(raw["step"]),
            "date_start": frame["date_start_date"],
            "date_start_precision": frame["date_start_precision"],
            "date_end": frame["date_end_date"],
            "date_end_precision": frame["date_end_precision"],
            "session": frame["session"],
            "document_symbol": _text(raw["document_symbol"]),
            "symbol_status": _text(raw["symbol_status"]),
            "source": _text(raw["source"]),
            "source_url": _text(raw["source_url"]),
            "corroborating_source": _text(raw["corroborating_source"]),
            "confidence": _lowest_confidence(raw, "confidence", file=path),
            "confidence_as_stated": _text(raw["confidence"]),
            "note": _text(raw["note"]),
            "raw_line": pd.array(raw.index, dtype="Int64"),
        },
        index=raw.index,
    )
    schema = pa.DataFrameSchema(
        {
            **_COMMON,
            "date_start": pa.Column("datetime64[ns]", nullable=False),
            "date_start_precision": pa.Column("string", pa.Check.isin(PRECISIONS)),
            "session": pa.Column("Int64", pa.Check.gt(0), nullable=True),
        },
        strict=False,
    )
    return check_schema(out, schema, file=path)[list(REVIEW_COLUMNS)].reset_index(drop=True)


@dataset(
    "treaty_body_reviews",
    raw=["treaties/treaty_body_reviews.csv"],
    description="Reviews of North Korea's reports by the UN treaty bodies (report considered, concluding "
    "observations, list of issues), and General Comment 26 on the ICCPR's non-denunciation.",
    columns=REVIEW_COLUMNS,
)
def build_treaty_body_reviews() -> pd.DataFrame:
    return clean_treaty_body_reviews(raw_path("treaty_body_reviews.csv"))


# --------------------------------------------------------------------------------------------
# UN votes

VOTE_COLUMNS = {
    "vote_id": "Identifier of the row (one report of one vote or adoption); unique across the raw files",
    "action_id": "Identifier of the vote or adoption (the body and the year); rows sharing it are different "
    "sources' reports of the same action",
    "body": "UNGA Third Committee, UNGA plenary, HRC, CHR or UNSC",
    "body_as_stated": "Body as written in the raw file",
    "subject": "What was voted on: resolution, amendment or agenda (UNSC procedural vote)",
    "date": "Date of the vote, first day of the period for month/year precision (datetime)",
    "date_precision": "Precision of date: day, month or year",
    "date_derived": "True when the date (or its year) was inferred rather than read in the source (boolean)",
    "date_as_stated": "The date as written in the raw file",
    "resolution": "Resolution number (e.g. 69/188, HRC 25/25 as '25/25')",
    "resolution_verified": "Whether the resolution number was confirmed (boolean; missing when there is none)",
    "document_symbol": "UN document symbol: resolution (A/RES/..), draft (A/C.3/..L..) or press release (GA/SHC/..)",
    "yes": "Votes in favour (Int64; missing when adopted without a vote or not found)",
    "no": "Votes against (Int64)",
    "abstain": "Abstentions (Int64)",
    "adoption_mode": "recorded vote, procedural vote, without vote, or not stated",
    "voted": "Whether the text was put to a vote (boolean; missing when the mode is not stated)",
    "adopted_without_vote": "Whether the text was adopted without a vote (boolean; missing when not stated)",
    "counts_complete": "Whether all three counts are known (boolean)",
    "preferred": "The row charts use where sources disagree (boolean; one per action_id)",
    "source": "Main source",
    "source_url": "URL of the main source (missing where none is given)",
    "corroborating_source": "Further sources (text with URLs)",
    "confidence": "Lowest confidence level given for the row: high, medium or low",
    "confidence_as_stated": "Confidence as worded in the raw file",
    "note": "Short paraphrased note",
    "raw_file": "Raw file of the row (un_votes.csv or un_votes_additions.csv)",
    "raw_line": "Line in the raw file",
}
_VOTE_RAW = [
    "vote_id", "action_id", "body", "subject", "date", "resolution", "resolution_verified", "document_symbol",
    "yes", "no", "abstain", "adoption_mode", "preferred", "source", "source_url",
    "corroborating_source", "confidence", "note",
]  # fmt: skip
#: Raw files of the ``un_votes`` dataset, read in this order.
VOTE_FILES = ("un_votes.csv", "un_votes_additions.csv")


def _normalise_body(frame: pd.DataFrame, *, file) -> pd.Series:
    out = []
    for line, value in frame["body"].items():
        key = " ".join(str(value).lower().split())
        if key not in BODIES:
            raise DataError(
                f"unknown body {value!r}; expected one of {sorted(set(BODIES))}", file=file, row=int(line), column="body"
            )
        out.append(BODIES[key])
    return pd.Series(out, index=frame.index, dtype="string")


def _check_counts(frame: pd.DataFrame, *, file) -> None:
    """Counts agree with the adoption mode; tallies fit in the body."""
    for line in frame.index:
        mode = frame.at[line, "adoption_mode"]
        _, _, required, forbidden = ADOPTION_MODES[mode]
        for column in required:
            if pd.isna(frame.at[line, column]):
                raise DataError(
                    f"a {mode!r} row needs the {column!r} count; if the source does not give it, say so in "
                    "adoption_mode ('recorded vote, counts not found' or 'recorded vote, only yes found')",
                    file=file,
                    row=int(line),
                    column=column,
                )
        for column in forbidden:
            if pd.notna(frame.at[line, column]):
                raise DataError(
                    f"a {mode!r} row cannot carry a {column!r} count", file=file, row=int(line), column=column
                )
        total = sum(int(frame.at[line, c]) for c in COUNTS if pd.notna(frame.at[line, c]))
        seats = BODY_SEATS[frame.at[line, "body_norm"]]
        if total > seats:
            raise DataError(
                f"yes + no + abstain = {total} exceeds the {seats} members of {frame.at[line, 'body_norm']}",
                file=file,
                row=int(line),
                column="yes",
            )


def _read_un_votes(path) -> pd.DataFrame:
    """One raw vote file, checked row by row; the index is the raw line."""
    raw = read_raw_csv(path, required=_VOTE_RAW)
    raw = require_nonempty(
        raw,
        ["vote_id", "action_id", "body", "subject", "date", "adoption_mode", "preferred", "source", "confidence"],
        file=path,
    )
    for line, value in raw["vote_id"].items():
        if value != value.strip() or " " in value:
            raise DataError(f"vote_id {value!r} contains spaces", file=path, row=int(line), column="vote_id")
    raw = require_values(raw, "subject", SUBJECTS, file=path)
    raw = require_values(raw, "adoption_mode", ADOPTION_MODES, file=path)
    frame = to_counts(raw, COUNTS, file=path)
    frame["body_norm"] = _normalise_body(raw, file=path)
    _check_counts(frame, file=path)
    frame = to_partial_dates(frame, "date", file=path, prefix="date")
    frame["preferred_flag"] = _yes_no(raw, "preferred", file=path)
    frame["resolution_verified_flag"] = _yes_no(raw, "resolution_verified", file=path, allow_empty=True)
    for line in raw.index:
        if bool(raw.at[line, "resolution"].strip()) != pd.notna(frame.at[line, "resolution_verified_flag"]):
            raise DataError(
                "resolution_verified must be given exactly when a resolution number is",
                file=path,
                row=int(line),
                column="resolution_verified",
            )

    modes = [ADOPTION_MODES[m] for m in raw["adoption_mode"]]
    voted = pd.Series([m[1] if m[1] is not None else pd.NA for m in modes], index=raw.index, dtype="boolean")
    out = pd.DataFrame(
        {
            "vote_id": _text(raw["vote_id"]),
            "action_id": _text(raw["action_id"]),
            "body": frame["body_norm"],
            "body_as_stated": _text(raw["body"]),
            "subject": _text(raw["subject"]),
            "date": frame["date_date"],
            "date_precision": frame["date_precision"],
            "date_derived": (frame["date_qualifier"] == "derived").fillna(False).astype("boolean"),
            "date_as_stated": _text(raw["date"]),
            "resolution": _text(raw["resolution"]),
            "resolution_verified": frame["resolution_verified_flag"],
            "document_symbol": _text(raw["document_symbol"]),
            "yes": frame["yes"],
            "no": frame["no"],
            "abstain": frame["abstain"],
            "adoption_mode": pd.Series([m[0] for m in modes], index=raw.index, dtype="string"),
            "voted": voted,
            "adopted_without_vote": ~voted,
            "counts_complete": frame[list(COUNTS)].notna().all(axis=1).astype("boolean"),
            "preferred": frame["preferred_flag"],
            "source": _text(raw["source"]),
            "source_url": _text(raw["source_url"]),
            "corroborating_source": _text(raw["corroborating_source"]),
            "confidence": _lowest_confidence(raw, "confidence", file=path),
            "confidence_as_stated": _text(raw["confidence"]),
            "note": _text(raw["note"]),
            "raw_file": pd.Series(Path(path).name, index=raw.index, dtype="string"),
            "raw_line": pd.array(raw.index, dtype="Int64"),
        },
        index=raw.index,
    )
    count = pa.Column("Int64", pa.Check.ge(0), nullable=True)
    schema = pa.DataFrameSchema(
        {
            **_DATE,
            **_COMMON,
            "body": pa.Column("string", pa.Check.isin(BODY_LABELS)),
            "yes": count,
            "no": count,
            "abstain": count,
            "preferred": pa.Column("boolean", nullable=False),
        },
        strict=False,
    )
    return check_schema(out, schema, file=path)


def _check_vote_rows(frame: pd.DataFrame, paths: dict[str, Path]) -> None:
    """Across the raw files: vote_id unique; rows of one action agree on body and subject; one preferred."""

    def where(i):
        return paths[frame.at[i, "raw_file"]], int(frame.at[i, "raw_line"])

    first_seen: dict[str, int] = {}
    for i, vote_id in frame["vote_id"].items():
        if vote_id in first_seen:
            file, line = where(i)
            f0, l0 = where(first_seen[vote_id])
            raise DataError(
                f"duplicate vote_id {vote_id!r} (first on row {l0} of {f0.name}); each row needs its own id, "
                "and rows reporting the same vote share an action_id",
                file=file,
                row=line,
                column="vote_id",
            )
        first_seen[vote_id] = i
    for action, group in frame.groupby("action_id", sort=False):
        for column in ("body", "subject"):
            if group[column].nunique() > 1:
                file, line = where(group.index[1])
                raise DataError(f"rows of action {action!r} disagree on {column}", file=file, row=line, column=column)
        chosen = group.index[group["preferred"].astype(bool)]
        if len(chosen) == 0:
            file, line = where(group.index[0])
            raise DataError(
                f"no row is marked preferred for {action!r}; mark the one charts use", file=file, row=line, column="preferred"
            )
        if len(chosen) > 1:
            f0, l0 = where(chosen[0])
            file, line = where(chosen[1])
            raise DataError(
                f"more than one row is marked preferred for {action!r} (first on row {l0} of {f0.name})",
                file=file,
                row=line,
                column="preferred",
            )


def clean_un_votes(*paths) -> pd.DataFrame:
    """The vote rows of one or more raw files (same layout), checked together: ``vote_id`` is unique
    across all of them and every ``action_id`` has exactly one preferred row."""
    if not paths:
        raise ValueError("clean_un_votes needs at least one raw file")
    by_name = {Path(p).name: Path(p) for p in paths}
    if len(by_name) != len(paths):
        raise ValueError(f"raw vote files must have distinct names: {[str(p) for p in paths]}")
    parts = [_read_un_votes(p) for p in paths]
    out = pd.concat(parts, ignore_index=True)
    _check_vote_rows(out, by_name)
    return out[list(VOTE_COLUMNS)]


@dataset(
    "un_votes",
    raw=[f"treaties/{name}" for name in VOTE_FILES],
    description="Votes and adoptions of UN texts on human rights in North Korea: UNGA Third Committee (2005-2025) and "
    "plenary (2005-2024), every Human Rights Council resolution (2008-2025) and the Security Council's 2014 procedural "
    "agenda vote. Yes/no/abstain where recorded; adoptions without a vote flagged; conflicting tallies kept as rows "
    "sharing an action_id, 'preferred' marks the one charts use.",
    columns=VOTE_COLUMNS,
)
def build_un_votes() -> pd.DataFrame:
    return clean_un_votes(*(raw_path(name) for name in VOTE_FILES))


# --------------------------------------------------------------------------------------------
# how each State voted (UNGA plenary roll calls)

ROLL_CALL_FILE = "unga_roll_calls_by_country.csv"
ROLL_CALL_COLUMNS = {
    "rcid": "Roll-call id in Voeten's UNGA voting data (integer)",
    "session": "Session of the General Assembly (integer)",
    "date": "Date of the vote (datetime)",
    "year": "Year of the vote (integer)",
    "resolution": "Resolution number without 'A/RES/' (e.g. 69/188), as in un_votes",
    "country_as_written": "Member State as the source names it",
    "country_code": "ISO 3166 alpha-2 code as the source writes it",
    "state": "Canonical name of the State (the same mapping as the UPR States)",
    "iso3": "ISO 3166 alpha-3 code",
    "region": "Region (country_converter continent: Africa, America, Asia, Europe, Oceania)",
    "vote": "yes, no or abstain",
    "raw_line": "Line in the raw file",
}
ROLL_CALL_VOTES = ("yes", "no", "abstain")
#: Seats the source names by a predecessor whose holder changed: (code as written, session) -> State.
#: Voeten's data call Serbia and Montenegro (to June 2006) and then Serbia "Yugoslavia" (YU); the
#: country mapping sends the name to Serbia, which is right from the 61st session on.
SEAT_HOLDERS = {("YU", 60): ("Serbia and Montenegro", "SCG", "Europe")}
_ROLL_CALL_RAW = ["rcid", "session", "date", "resolution", "country", "country_code", "vote"]


def clean_roll_calls(path) -> pd.DataFrame:
    from ..countries import canonical, resolve_many

    raw = read_raw_csv(path, required=_ROLL_CALL_RAW)
    raw = require_nonempty(raw, _ROLL_CALL_RAW, file=path)
    raw = require_values(raw, "vote", ROLL_CALL_VOTES, file=path)
    frame = to_counts(raw, ["rcid", "session"], file=path, allow_missing=False)
    dates = {}
    for line, value in raw["date"].items():
        try:
            dates[line] = pd.Timestamp(dt.date.fromisoformat(value))
        except ValueError:
            raise DataError(f"bad date {value!r}: expected YYYY-MM-DD", file=path, row=int(line), column="date") from None
    resolutions = {}
    for line, value in raw["resolution"].items():
        match = re.fullmatch(r"A/RES/(\d{2,3}/\d{1,4})", value)
        if not match:
            raise DataError(f"bad resolution symbol {value!r}: expected A/RES/NN/NNN", file=path, row=int(line), column="resolution")
        if int(match.group(1).split("/")[0]) != int(frame.at[line, "session"]):
            raise DataError(f"resolution {value} is not of session {raw.at[line, 'session']}", file=path, row=int(line), column="resolution")
        resolutions[line] = match.group(1)
    for line, value in raw["country_code"].items():
        if not re.fullmatch(r"[A-Z]{2}", value):
            raise DataError(f"not an ISO 3166 alpha-2 code: {value!r}", file=path, row=int(line), column="country_code")
    raw = require_unique(raw, ["rcid", "country"], file=path)
    raw = require_unique(raw, ["rcid", "country_code"], file=path)
    for rcid, group in raw.groupby("rcid", sort=False):
        for column in ("session", "date", "resolution"):
            if group[column].nunique() > 1:
                raise DataError(f"roll call {rcid} has more than one {column}", file=path, row=int(group.index[1]), column=column)
    resolve_many(sorted(set(raw["country"])))  # one pass over the unique names
    states = {}
    for line in raw.index:
        held = SEAT_HOLDERS.get((raw.at[line, "country_code"], int(frame.at[line, "session"])))
        states[line] = held or tuple(canonical(raw.at[line, "country"], file=path, row=int(line), column="country"))
    out = pd.DataFrame(
        {
            "rcid": frame["rcid"].astype("Int64"),
            "session": frame["session"].astype("Int64"),
            "date": pd.Series(dates, dtype="datetime64[ns]"),
            "year": pd.Series({k: v.year for k, v in dates.items()}, dtype="Int64"),
            "resolution": pd.Series(resolutions, dtype="string"),
            "country_as_written": _text(raw["country"]),
            "country_code": _text(raw["country_code"]),
            "state": pd.Series({k: v[0] for k, v in states.items()}, dtype="string"),
            "iso3": pd.Series({k: v[1] for k, v in states.items()}, dtype="string"),
            "region": pd.Series({k: v[2] for k, v in states.items()}, dtype="string"),
            "vote": _text(raw["vote"]),
            "raw_line": pd.array(raw.index, dtype="Int64"),
        },
        index=raw.index,
    )
    for rcid, group in out.groupby("rcid", sort=False):
        dup = group["iso3"].duplicated()
        if dup.any():
            line = int(group.index[dup][0])
            raise DataError(
                f"roll call {rcid} has two rows for the State {out.at[line, 'state']} ({out.at[line, 'iso3']})",
                file=path,
                row=line,
                column="country",
            )
    return out[list(ROLL_CALL_COLUMNS)].reset_index(drop=True)


@dataset(
    "unga_roll_calls",
    raw=[f"treaties/{ROLL_CALL_FILE}"],
    description="How each Member State voted (yes, no, abstain) in the nine recorded UN General Assembly plenary votes "
    "on the situation of human rights in the DPRK (2005-2011, 2014, 2015), from Erik Voeten's UNGA voting data; "
    "States mapped to ISO3 codes and regions with the same country mapping as the UPR States. Absent States have no row.",
    columns=ROLL_CALL_COLUMNS,
)
def build_unga_roll_calls() -> pd.DataFrame:
    return clean_roll_calls(raw_path(ROLL_CALL_FILE))


ROLL_CALL_TOTAL_COLUMNS = {
    "resolution": "Resolution number (e.g. 69/188)",
    "rcid": "Roll-call id in Voeten's UNGA voting data",
    "date": "Date of the vote (datetime)",
    "year": "Year of the vote (integer)",
    "yes": "States voting yes in the roll-call data (Int64)",
    "no": "States voting no (Int64)",
    "abstain": "States abstaining (Int64)",
    "action_id": "The vote in un_votes (UNGA plenary) with this resolution number",
    "preferred_tally": "The yes-no-abstain tally charts use (the preferred un_votes row)",
    "matches_preferred": "Whether the roll-call totals equal the preferred tally (boolean)",
    "matching_vote_ids": "un_votes rows whose complete tally equals the roll-call totals, separated by '; '",
    "status": "'matches the preferred tally' or 'conflict recorded' (a non-preferred row has the roll-call totals)",
}


def _tally(row) -> str:
    return "-".join(str(int(row[c])) for c in COUNTS)


def check_roll_call_totals(roll_calls: pd.DataFrame, votes: pd.DataFrame, *, file) -> pd.DataFrame:
    """Per roll call: its yes/no/abstain totals against the UNGA plenary tallies of ``votes``.

    Every total must equal the preferred tally, or a kept non-preferred row (a conflict recorded
    in the data); otherwise DataError names the roll-call file, the first row of the roll call and
    the column whose total matches no row.
    """
    plenary = votes[(votes["body"] == "UNGA plenary") & (votes["subject"] == "resolution")]
    rows = []
    for rcid, group in roll_calls.groupby("rcid", sort=True):
        first_line = int(group["raw_line"].min())
        resolution = str(group["resolution"].iloc[0])
        counts = {c: int((group["vote"] == c).sum()) for c in COUNTS}
        reports = plenary[plenary["resolution"] == resolution]
        if reports.empty:
            raise DataError(
                f"roll call {rcid} (resolution {resolution}) has no UNGA plenary row in un_votes",
                file=file,
                row=first_line,
                column="resolution",
            )
        actions = reports["action_id"].unique()
        if len(actions) > 1:
            raise DataError(
                f"resolution {resolution} is reported under several actions {sorted(actions)}",
                file=file,
                row=first_line,
                column="resolution",
            )
        action = actions[0]
        reports = plenary[plenary["action_id"] == action]
        preferred = reports[reports["preferred"].astype(bool)].iloc[0]
        complete = reports[reports["counts_complete"].astype(bool)]
        matching = [
            str(r["vote_id"]) for _, r in complete.iterrows() if all(int(r[c]) == counts[c] for c in COUNTS)
        ]
        matches_preferred = bool(preferred["counts_complete"]) and all(int(preferred[c]) == counts[c] for c in COUNTS)
        if not matching:
            bad = next(
                (c for c in COUNTS if not bool(preferred["counts_complete"]) or int(preferred[c]) != counts[c]), "yes"
            )
            raise DataError(
                f"roll call {rcid} (resolution {resolution}) totals {counts['yes']}-{counts['no']}-{counts['abstain']} "
                f"match no tally of {action} in un_votes; record them there as a conflicting row",
                file=file,
                row=first_line,
                column="vote",
            )
        rows.append(
            {
                "resolution": resolution,
                "rcid": int(rcid),
                "date": group["date"].iloc[0],
                "year": int(group["year"].iloc[0]),
                **counts,
                "action_id": str(action),
                "preferred_tally": _tally(preferred) if bool(preferred["counts_complete"]) else pd.NA,
                "matches_preferred": matches_preferred,
                "matching_vote_ids": "; ".join(matching),
                "status": "matches the preferred tally" if matches_preferred else "conflict recorded",
            }
        )
    out = pd.DataFrame(rows, columns=list(ROLL_CALL_TOTAL_COLUMNS))
    for column in ("rcid", "year", *COUNTS):
        out[column] = out[column].astype("Int64")
    for column in ("resolution", "action_id", "preferred_tally", "matching_vote_ids", "status"):
        out[column] = out[column].astype("string")
    out["matches_preferred"] = out["matches_preferred"].astype("boolean")
    out["date"] = out["date"].astype("datetime64[ns]")
    return out


@dataset(
    "unga_roll_call_totals",
    raw=[f"treaties/{ROLL_CALL_FILE}", *(f"treaties/{name}" for name in VOTE_FILES)],
    description="The yes/no/abstain totals of each recorded UN General Assembly plenary vote on North Korea's human "
    "rights, counted from the per-State roll calls, checked against the tallies of un_votes: equal to the tally "
    "charts use, or to a kept conflicting report (2007, 2009).",
    columns=ROLL_CALL_TOTAL_COLUMNS,
)
def build_unga_roll_call_totals() -> pd.DataFrame:
    return check_roll_call_totals(build_unga_roll_calls(), build_un_votes(), file=raw_path(ROLL_CALL_FILE))
