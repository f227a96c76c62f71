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
  ``preferred`` marks the one charts use (exactly one per action across both files).
- ``unga_roll_calls_by_country.csv``: how each Member State voted in the nine recorded plenary
  votes (Voeten's UNGA voting data); their totals are checked against ``un_votes``.
"""

from __future__ import annotations

import pandas as pd

from .. import catalog, parse
from ..countries import canonical, resolve_many
from ..dates import PartialDate, parse_partial_date
from ..errors import DataError
from ..registry import Raw, step

MEMBERSHIP, EVENTS, REVIEWS = "treaties/un_membership.csv", "treaties/treaty_events.csv", "treaties/treaty_body_reviews.csv"
VOTES = ("treaties/un_votes.csv", "treaties/un_votes_additions.csv")
ROLL_CALLS = "treaties/unga_roll_calls_by_country.csv"

TREATY_NAMES = {
    "ICCPR": "International Covenant on Civil and Political Rights",
    "ICESCR": "International Covenant on Economic, Social and Cultural Rights",
    "CRC": "Convention on the Rights of the Child",
    "CEDAW": "Convention on the Elimination of All Forms of Discrimination against Women",
    "Genocide Convention": "Convention on the Prevention and Punishment of the Crime of Genocide",
    "CRPD": "Convention on the Rights of Persons with Disabilities",
    "OPSC": "Optional Protocol to the CRC on the sale of children, child prostitution and child pornography",
}
#: Treaty body -> the treaty it monitors.
TREATY_BODIES = {"Human Rights Committee": "ICCPR", "CESCR": "ICESCR", "CRC Committee": "CRC",
                 "CEDAW Committee": "CEDAW", "CRPD Committee": "CRPD"}
UN_ADMISSION = ("United Nations", "admitted as a Member State")

#: Spellings of UN bodies accepted in the raw files (lower case) -> the body (vocabulary un_body).
BODIES = {
    "unga third committee": "UNGA Third Committee", "third committee": "UNGA Third Committee",
    "general assembly third committee": "UNGA Third Committee", "unga plenary": "UNGA plenary",
    "general assembly": "UNGA plenary", "general assembly plenary": "UNGA plenary",
    "human rights council": "HRC", "hrc": "HRC", "commission on human rights": "CHR", "chr": "CHR",
    "un security council": "UNSC", "security council": "UNSC", "unsc": "UNSC",
}
#: Largest possible number of members voting in each body (a tally above it is an error).
BODY_SEATS = {"UNGA Third Committee": 193, "UNGA plenary": 193, "HRC": 47, "CHR": 53, "UNSC": 15}
COUNTS = ("yes", "no", "abstain")
#: Raw adoption mode -> (mode, voted, counts required, counts that must be empty).
ADOPTION_MODES = {
    "recorded vote": ("recorded vote", True, COUNTS, ()),
    "procedural vote": ("procedural vote", True, COUNTS, ()),
    "recorded vote, counts not found": ("recorded vote", True, (), COUNTS),
    "recorded vote, only yes found": ("recorded vote", True, ("yes",), ("no", "abstain")),
    "without vote": ("without vote", False, (), COUNTS),
    "without vote (consensus)": ("without vote", False, (), COUNTS),
    "adopted, mode not stated": ("not stated", None, (), COUNTS),
}
#: Seats the source names by a predecessor whose holder changed: (code as written, session) -> State.
#: Voeten's data call Serbia and Montenegro (to June 2006) and then Serbia "Yugoslavia" (YU); the
#: country mapping sends the name to Serbia, which is right from the 61st session on.
SEAT_HOLDERS = {("YU", 60): ("Serbia and Montenegro", "SCG", "Europe")}
_GRADE = r"\b(low-medium|medium-low|medium-high|high|medium|low)\b"


def _dates(frame: pd.DataFrame, column: str, *, file, required: bool = True):
    """Dates as sources state them ('14 Sep 1981 (derived)', 'Sep 1990', '2001') -> date, precision, qualifier."""
    parsed = parse.cells(frame, column, parse_partial_date, file=file, dtype=object, what="bad date", required=required)

    def part(get):
        return parsed.map(lambda d: get(d) if isinstance(d, PartialDate) else None)

    date = pd.to_datetime(part(lambda d: d.timestamp)).astype("datetime64[ns]")
    return date, part(lambda d: d.precision).astype("string"), part(lambda d: d.qualifier).astype("string")


def _sourced(frame: pd.DataFrame, *, file) -> pd.DataFrame:
    """What every compiled row carries: its sources (the further ones as a list), its confidence grade,
    its note and raw line.

    The grade is the catalog's (low ... high); qualifications stay in confidence_as_stated, and a
    row graded by parts ('high (yes/no), medium (abstain)') takes the lowest ('medium-low' is
    written low-medium)."""
    out = parse.text(frame, ["source_url", "note"], file=file)
    out["corroborating_sources"] = parse.lists(frame, "corroborating_source", file=file)
    out["source"] = parse.text(frame, "source", file=file, required=True)
    stated = parse.text(frame, "confidence", file=file, required=True)
    levels = catalog.vocabulary("confidence")
    found = stated.str.lower().str.extractall(_GRADE)[0].replace("medium-low", "low-medium").map(levels.index)
    rank = found.groupby(level=0).min().reindex(stated.index)
    parse.fail(rank.isna(), lambda v: f"confidence {v!r} names none of {levels}", file=file, column="confidence", values=stated)
    out["confidence"] = rank.map(lambda i: levels[int(i)] if pd.notna(i) else None)
    out["confidence_as_stated"] = stated
    out["raw_line"] = frame.index
    return out


def _unpreferred(out: pd.DataFrame, keys: list[str]) -> pd.Series:
    """The first row of each group of ``keys`` none of whose rows is preferred (the framework refuses a second)."""
    return ~out.groupby(keys)["preferred"].transform("any") & ~out.duplicated(keys)


# ---- UN membership and treaty events ---------------------------------------------------------


@step("un_membership")
def un_membership(raw: Raw) -> pd.DataFrame:
    file, frame = raw.path(MEMBERSHIP), raw.read(MEMBERSHIP)
    out = parse.text(frame, ["organisation", "event"], file=file, required=True)
    out["date"], out["date_precision"], _ = _dates(frame, "date", file=file)
    out["date_as_stated"] = parse.text(frame, "date")
    out["document_symbol"] = parse.text(frame, "document_symbol")
    return out.join(_sourced(frame, file=file))


def _un_admission(raw: Raw) -> pd.Timestamp:
    """The day North Korea was admitted to the UN, from ``un_membership``."""
    membership, file = raw.dataset("un_membership"), raw.path(MEMBERSHIP)
    org, event = UN_ADMISSION
    rows = membership[(membership["organisation"] == org) & (membership["event"] == event)]
    if len(rows) != 1:
        raise DataError(f"expected exactly one row {org!r} / {event!r}, found {len(rows)}", file=file, column="event")
    if rows["date_precision"].iloc[0] != "day":
        raise DataError("the UN admission date must be known to the day", file=file, row=int(rows["raw_line"].iloc[0]),
                        column="date")
    return rows["date"].iloc[0]


@step("treaties")
def treaties(raw: Raw) -> pd.DataFrame:
    """Each date is placed wholly before or after the UN admission, or as overlapping it (a year-precision
    '1991' neither precedes nor follows 17 Sep 1991)."""
    file, frame = raw.path(EVENTS), raw.read(EVENTS)
    out = parse.text(frame, ["treaty", "event", "date_basis"], file=file, required=True)
    out["date_commonly_cited"] = parse.text(frame, "date_commonly_cited")
    out["treaty_name"] = out["treaty"].map(TREATY_NAMES).astype("string")
    out["named_in_essay"] = out["treaty"].isin(catalog.vocabulary("essay_treaty"))
    out["date"], out["date_precision"], qualifier = _dates(frame, "date", file=file)
    out["date_as_stated"] = parse.text(frame, "date")
    out["date_derived"] = out["date_basis"] == "derived"
    parse.fail((qualifier == "derived").fillna(False) != out["date_derived"],
               lambda v: f"date {v!r} and its date_basis disagree: a derived date is written '(derived)' and has basis 'derived'",
               file=file, column="date_basis", values=out["date_as_stated"])
    out["preferred"] = parse.booleans(frame, "preferred", file=file, required=True)
    keys = out["treaty"] + " / " + out["event"]
    parse.fail(_unpreferred(out, ["treaty", "event"]), lambda v: f"no row is marked preferred for {v!r}; mark the one charts use",
               file=file, column="preferred", values=keys)
    day, first, precision = _un_admission(raw), out["date"], out["date_precision"]
    month_end, year_end = first + pd.offsets.MonthEnd(0), first + pd.offsets.YearEnd(0)
    last = first.where(precision == "day", month_end.where(precision == "month", year_end))
    out["relative_to_un_admission"] = pd.Series("overlaps", index=out.index).mask(last < day, "before").mask(first > day, "after")
    return out.join(_sourced(frame, file=file))


@step("treaty_body_reviews")
def treaty_body_reviews(raw: Raw) -> pd.DataFrame:
    file, frame = raw.path(REVIEWS), raw.read(REVIEWS)
    out = parse.text(frame, ["treaty", "body", "step"], file=file, required=True)
    out = out.join(parse.text(frame, ["report", "symbol_status"], file=file))
    parse.fail(out["body"].isin(TREATY_BODIES) & out["body"].map(TREATY_BODIES).ne(out["treaty"]), str,
               file=file, column="body", values=out["body"] + " does not monitor " + out["treaty"])
    out["document_symbols"] = parse.lists(frame, "document_symbol", file=file)
    parse.fail(out["symbol_status"].notna() & (out["document_symbols"].str.len() == 0), "symbol status given without a symbol",
               file=file, column="symbol_status")
    out["date_start"], out["date_start_precision"], _ = _dates(frame, "date_start", file=file)
    out["date_end"], out["date_end_precision"], _ = _dates(frame, "date_end", file=file, required=False)
    parse.fail(out["date_end"] < out["date_start"], "date_end is before date_start", file=file, column="date_end")
    out["session"] = parse.counts(frame, "session", file=file)
    return out.join(_sourced(frame, file=file))


# ---- UN votes ----------------------------------------------------------------------------------


def _vote_file(raw: Raw, rel: str) -> pd.DataFrame:
    """One raw vote file, checked row by row (counts against the adoption mode, tallies against the body's seats)."""
    file, frame = raw.path(rel), raw.read(rel)
    out = parse.text(frame, ["vote_id", "action_id", "body", "subject", "date"], file=file, required=True)
    parse.fail(frame["vote_id"].str.contains(r"\s"), lambda v: f"vote_id {v!r} contains spaces", file=file, column="vote_id",
               values=frame["vote_id"])
    out["adoption_mode"] = parse.choices(frame, "adoption_mode", ADOPTION_MODES, file=file)
    modes = out["adoption_mode"].map(ADOPTION_MODES)
    out = out.join(parse.text(frame, ["resolution", "document_symbol"], file=file))
    for c in COUNTS:
        out[c] = parse.counts(frame, c, file=file)
        parse.fail(out[c].isna() & modes.map(lambda m, c=c: c in m[2]).astype(bool),
                   lambda v, c=c: f"a {v!r} row needs the {c!r} count; if the source does not give it, say so in adoption_mode "
                   "('recorded vote, counts not found' or 'recorded vote, only yes found')",
                   file=file, column=c, values=out["adoption_mode"])
        parse.fail(out[c].notna() & modes.map(lambda m, c=c: c in m[3]).astype(bool),
                   lambda v, c=c: f"a {v!r} row cannot carry a {c!r} count", file=file, column=c, values=out["adoption_mode"])
    out["body_as_stated"] = out["body"]
    out["body"] = out["body"].str.lower().str.split().str.join(" ").map(BODIES).astype("string")
    parse.fail(out["body"].isna(), lambda v: f"unknown body {v!r}; expected one of {sorted(BODIES)}", file=file, column="body",
               values=out["body_as_stated"])
    total, seats = out[list(COUNTS)].fillna(0).sum(axis=1), out["body"].map(BODY_SEATS).astype("Int64")
    parse.fail(total > seats, str, file=file, column="yes",
               values="yes + no + abstain = " + total.astype(str) + " exceeds the " + seats.astype(str) + " members of " + out["body"])
    out["date"], out["date_precision"], qualifier = _dates(frame, "date", file=file)
    out["date_derived"] = (qualifier == "derived").fillna(False)
    out["date_as_stated"] = parse.text(frame, "date")
    out["preferred"] = parse.booleans(frame, "preferred", file=file, required=True)
    out["resolution_verified"] = parse.booleans(frame, "resolution_verified", file=file)
    parse.fail(out["resolution"].notna() != out["resolution_verified"].notna(),
               "resolution_verified must be given exactly when a resolution number is", file=file, column="resolution_verified")
    out["voted"] = modes.str[1].astype("boolean")
    out["adopted_without_vote"] = ~out["voted"]
    out["adoption_mode"] = modes.str[0]
    out["counts_complete"] = out[list(COUNTS)].notna().all(axis=1)
    out["raw_file"] = rel
    return out.join(_sourced(frame, file=file))


@step("un_votes")
def un_votes(raw: Raw) -> pd.DataFrame:
    """The rows of both raw files, checked together: vote_id unique, the rows of an action agreeing on body
    and subject, one of them preferred."""
    out = pd.concat([_vote_file(raw, rel) for rel in VOTES], ignore_index=True)

    def where(row) -> str:
        return f"row {int(row['raw_line'])} of {raw.path(row['raw_file']).name}"

    def stop(mask: pd.Series, column: str, message) -> None:
        hits = out.index[mask.fillna(False)]
        if len(hits):
            row = out.loc[hits[0]]
            raise DataError(message(row), file=raw.path(row["raw_file"]), row=int(row["raw_line"]), column=column)

    first = out.drop_duplicates("vote_id").set_index("vote_id")
    stop(out["vote_id"].duplicated(), "vote_id",
         lambda r: f"duplicate vote_id {r['vote_id']!r} (first on {where(first.loc[r['vote_id']])}); "
         "each row needs its own id, and rows reporting the same vote share an action_id")
    for col in ("body", "subject"):
        stop(out[col] != out.groupby("action_id")[col].transform("first"), col,
             lambda r, col=col: f"rows of action {r['action_id']!r} disagree on {col}")
    stop(_unpreferred(out, ["action_id"]), "preferred",
         lambda r: f"no row is marked preferred for {r['action_id']!r}; mark the one charts use")
    return out


# ---- how each State voted (UNGA plenary roll calls) --------------------------------------------


@step("unga_roll_calls")
def unga_roll_calls(raw: Raw) -> pd.DataFrame:
    file, frame = raw.path(ROLL_CALLS), raw.read(ROLL_CALLS)
    text = parse.text(frame, frame.columns, file=file, required=True)
    out = text[["country_code", "vote"]].assign(country_as_written=text["country"], raw_line=frame.index)
    out["rcid"] = parse.counts(frame, "rcid", file=file)
    out["session"] = parse.counts(frame, "session", file=file)
    out["date"], precision = parse.dates(frame, "date", file=file)
    parse.fail(precision != "day", lambda v: f"bad date {v!r}: expected YYYY-MM-DD", file=file, column="date", values=text["date"])
    out["year"] = out["date"].dt.year
    number = text["resolution"].str.extract(r"^A/RES/(?P<session>\d{2,3})/(?P<item>\d{1,4})$")
    parse.fail(number["session"].isna(), lambda v: f"bad resolution symbol {v!r}: expected A/RES/NN/NNN", file=file,
               column="resolution", values=text["resolution"])
    parse.fail(number["session"].astype(int) != out["session"], str, file=file, column="resolution",
               values="resolution " + text["resolution"] + " is not of session " + text["session"])
    out["resolution"] = number["session"] + "/" + number["item"]
    parse.fail(text.duplicated(["rcid", "country"]), lambda v: f"duplicate value {v!r}: a State twice in one roll call",
               file=file, column="rcid", values=text["rcid"] + ", " + text["country"])
    for col in ("session", "date", "resolution"):
        parse.fail(text[col] != text.groupby("rcid")[col].transform("first"),
                   lambda v, col=col: f"roll call {v} has more than one {col}", file=file, column=col, values=text["rcid"])
    states = text["country"].map(resolve_many(sorted(set(text["country"]))))
    if states.isna().any():
        line = states.isna().idxmax()
        canonical(text.at[line, "country"], file=file, row=int(line), column="country")  # raises, naming the State
    held = pd.Series(list(zip(text["country_code"], out["session"])), index=out.index).map(SEAT_HOLDERS)
    states = held.where(held.notna(), states)
    out[["state", "iso3", "region"]] = pd.DataFrame(states.map(tuple).tolist(), index=out.index)
    parse.fail(out.duplicated(["rcid", "iso3"]), str, file=file, column="country",
               values="roll call " + text["rcid"] + " has two rows for the State " + out["state"] + " (" + out["iso3"] + ")")
    return out


@step("unga_roll_call_totals")
def unga_roll_call_totals(raw: Raw) -> pd.DataFrame:
    """Per roll call: its yes/no/abstain totals against the UNGA plenary tallies of ``un_votes``.

    Every total must equal the preferred tally, or a kept non-preferred row (a conflict recorded in
    the data); otherwise DataError names the roll-call file, the first row of the roll call and the
    column ``vote``."""
    file, rolls, votes = raw.path(ROLL_CALLS), raw.dataset("unga_roll_calls"), raw.dataset("un_votes")
    counts = pd.crosstab(rolls["rcid"], rolls["vote"]).reindex(columns=list(COUNTS), fill_value=0)
    out = rolls.sort_values("raw_line").groupby("rcid")[["resolution", "date", "year", "raw_line"]].first().join(counts).reset_index()
    out.index = pd.Index(out.pop("raw_line").astype(int), name="line")  # errors name the roll call's first row
    totals = out["yes"].astype(str) + "-" + out["no"].astype(str) + "-" + out["abstain"].astype(str)
    label = "roll call " + out["rcid"].astype(str) + " (resolution " + out["resolution"] + ")"
    plenary = votes[(votes["body"] == "UNGA plenary") & (votes["subject"] == "resolution")]
    actions = plenary.groupby("resolution")["action_id"].agg(["nunique", "first"])
    found = out["resolution"].map(actions["nunique"])
    parse.fail(found.isna(), lambda v: f"{v} has no UNGA plenary row in un_votes", file=file, column="resolution", values=label)
    parse.fail(found > 1, lambda v: f"{v}: the resolution is reported under several actions", file=file,
               column="resolution", values=label)
    out["action_id"] = out["resolution"].map(actions["first"])
    pairs = out.reset_index().merge(plenary, on="action_id", suffixes=("", "_un"))
    pairs["match"] = pairs["counts_complete"] & pd.concat([pairs[c].eq(pairs[f"{c}_un"]) for c in COUNTS], axis=1).all(axis=1)
    pairs["tally"] = pairs["yes_un"].astype(str) + "-" + pairs["no_un"].astype(str) + "-" + pairs["abstain_un"].astype(str)
    preferred = pairs[pairs["preferred"]].set_index("rcid")
    matching = pairs[pairs["match"]].groupby("rcid")["vote_id"].agg(list)
    out["matching_vote_ids"] = pd.Series([matching.get(r) for r in out["rcid"]], index=out.index, dtype=object)
    parse.fail(out["matching_vote_ids"].isna(), str, file=file, column="vote",
               values=label + " totals " + totals + " match no tally of " + out["action_id"]
               + " in un_votes; record them there as a conflicting row")
    out["matches_preferred"] = out["rcid"].map(preferred["match"])
    out["preferred_tally"] = out["rcid"].map(preferred["tally"].where(preferred["counts_complete"]))
    out["status"] = out["matches_preferred"].map({True: "matches the preferred tally", False: "conflict recorded"})
    return out
