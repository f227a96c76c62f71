"""North Korea's treaty record, UN membership, treaty-body reviews and UN votes on its human rights.

Raw files in ``data/raw/treaties/`` (from the research dossier, table C):

- ``treaty_events.csv``: accessions, ratifications, signatures, entries into force and the 1997
  ICCPR withdrawal notification; conflicting dates are kept as separate rows, ``preferred``
  marks the one charts use (exactly one per treaty and event).
- ``treaty_body_reviews.csv``: reviews of DPRK reports by the treaty bodies, and the Human
  Rights Committee's General Comment 26 (no denunciation of the ICCPR).
- ``un_membership.csv``: admission to the UN (17 Sep 1991, A/RES/46/1) and ILO non-membership.
- ``un_votes.csv``: votes on DPRK human-rights texts in the General Assembly (Third Committee
  and plenary), the Human Rights Council and the Security Council; conflicting tallies are kept
  as rows sharing a ``vote_id``, ``preferred`` marks the one charts use.

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
from ..validate import check_schema, require_nonempty, require_values, to_counts

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
    "confidence": "Lowest confidence level the dossier gives the row: high, medium or low",
    "confidence_as_stated": "Confidence as the dossier words it",
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
    "confidence": "Lowest confidence level the dossier gives the row: high, medium or low",
    "confidence_as_stated": "Confidence as the dossier words it",
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
    "confidence": "Lowest confidence level the dossier gives the row: high, medium or low",
    "confidence_as_stated": "Confidence as the dossier words it",
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
    "vote_id": "Identifier of the vote; rows sharing it are different sources' reports of the same vote",
    "body": "UNGA Third Committee, UNGA plenary, HRC, CHR or UNSC",
    "body_as_stated": "Body as written in the raw file",
    "subject": "What was voted on: resolution, amendment or agenda (UNSC procedural vote)",
    "date": "Date of the vote, first day of the period for month/year precision (datetime)",
    "date_precision": "Precision of date: day, month or year",
    "date_derived": "True when the date (or its year) was inferred rather than read in the source (boolean)",
    "date_as_stated": "The date as written in the raw file",
    "resolution": "Resolution number (e.g. 69/188, HRC 25/25 as '25/25')",
    "resolution_verified": "Whether the resolution number was confirmed (boolean; missing when there is none)",
    "document_symbol": "UN document symbol: resolution (A/RES/..) or press release (GA/SHC/..)",
    "yes": "Votes in favour (Int64; missing when adopted without a vote or not found)",
    "no": "Votes against (Int64)",
    "abstain": "Abstentions (Int64)",
    "adoption_mode": "recorded vote, procedural vote, without vote, or not stated",
    "voted": "Whether the text was put to a vote (boolean; missing when the mode is not stated)",
    "adopted_without_vote": "Whether the text was adopted without a vote (boolean; missing when not stated)",
    "counts_complete": "Whether all three counts are known (boolean)",
    "preferred": "The row charts use where sources disagree (boolean; one per vote_id)",
    "source": "Main source",
    "source_url": "URL of the main source (missing where the dossier gives none)",
    "corroborating_source": "Further sources (text with URLs)",
    "confidence": "Lowest confidence level the dossier gives the row: high, medium or low",
    "confidence_as_stated": "Confidence as the dossier words it",
    "note": "Short paraphrased note",
    "raw_line": "Line in the raw file",
}
_VOTE_RAW = [
    "vote_id", "body", "subject", "date", "resolution", "resolution_verified", "document_symbol",
    "yes", "no", "abstain", "adoption_mode", "preferred", "source", "source_url",
    "corroborating_source", "confidence", "note",
]  # fmt: skip


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


def clean_un_votes(path) -> pd.DataFrame:
    raw = read_raw_csv(path, required=_VOTE_RAW)
    raw = require_nonempty(
        raw, ["vote_id", "body", "subject", "date", "adoption_mode", "preferred", "source", "confidence"], file=path
    )
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
    for vote_id, group in frame.groupby("vote_id", sort=False):
        for column in ("body_norm", "subject"):
            if group[column].nunique() > 1:
                raise DataError(
                    f"rows of vote {vote_id!r} disagree on {column.removesuffix('_norm')}",
                    file=path,
                    row=int(group.index[1]),
                    column=column.removesuffix("_norm"),
                )
    _require_one_preferred(frame, ["vote_id"], file=path)

    modes = [ADOPTION_MODES[m] for m in raw["adoption_mode"]]
    voted = pd.Series([m[1] if m[1] is not None else pd.NA for m in modes], index=raw.index, dtype="boolean")
    out = pd.DataFrame(
        {
            "vote_id": _text(raw["vote_id"]),
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
    return check_schema(out, schema, file=path)[list(VOTE_COLUMNS)].reset_index(drop=True)


@dataset(
    "un_votes",
    raw=["treaties/un_votes.csv"],
    description="Votes on UN texts on human rights in North Korea: UNGA Third Committee and plenary (2005-2024), "
    "Human Rights Council (2008-2015) and the Security Council's 2014 procedural agenda vote. Yes/no/abstain "
    "where recorded; adoptions without a vote flagged; conflicting tallies kept, 'preferred' marks the one charts use.",
    columns=VOTE_COLUMNS,
)
def build_un_votes() -> pd.DataFrame:
    return clean_un_votes(raw_path("un_votes.csv"))
