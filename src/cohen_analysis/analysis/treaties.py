"""Treaties and UN votes: the computations behind ``notebooks/treaties_votes.ipynb``.

Cohen (2010, ¶7) writes that North Korea, after joining the United Nations, ratified five major
human rights treaties: the two Covenants (ICCPR, ICESCR), the CRC, CEDAW and the Genocide
Convention. The functions here place each treaty's binding event (accession or ratification,
the ``preferred`` row where sources disagree) against the UN admission of 17 Sep 1991, and
summarise the UN votes on North Korea's human rights by body and year.

Choices:

- A date known only to the month or year is compared with the admission as a period
  (``relative_to_un_admission`` of the ``treaties`` dataset: before / after / overlaps).
- Votes: only ``subject == "resolution"`` rows count as resolutions; the 2014 Cuban amendment
  (Third Committee) and the Security Council's 2014 procedural agenda vote are left out. Where
  sources disagree on a tally, the ``preferred`` row is used.
- Each adoption counts once per body: the Third Committee's adoption of a draft and the plenary's
  adoption of the resulting resolution are two rows.
- Each vote is shown in one of four states (:data:`VOTE_STATES`): a complete tally, a partial
  tally (``counts_complete`` false, some or none of the counts found), adoption without a vote,
  or adoption whose mode no source states. Adoption without a vote is never a zero tally.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .. import catalog
from ..dates import partial_date_of
from ..errors import DataError
from ..notebook import ParameterError, check_choices, check_year_range

#: Events by which a State becomes bound (compared with the UN admission).
BINDING_EVENTS = tuple(catalog.vocabulary("binding_event"))
#: The UN bodies, in the order charts and tables show them.
BODY_LABELS = tuple(catalog.vocabulary("un_body"))
#: The treaties the essay (¶7) says North Korea ratified after joining the UN.
ESSAY_TREATIES = tuple(catalog.vocabulary("essay_treaty"))
#: Members of each body (the most States that can vote in it).
BODY_SEATS = {"UNGA Third Committee": 193, "UNGA plenary": 193, "HRC": 47, "CHR": 53, "UNSC": 15}

__all__ = [
    "BINDING_EVENTS",
    "BODY_LABELS",
    "BODY_NAMES",
    "BODY_SEATS",
    "ESSAY_TREATIES",
    "BODY_SHORT",
    "VOTE_STATES",
    "adopted_without_vote_count",
    "binding_events",
    "check_bodies",
    "UPR_VOTE_YEARS",
    "always_no",
    "roll_call_grid",
    "unmatched_upr_states",
    "upr_recommending_states",
    "upr_link_sentence",
    "upr_vote_link",
    "capitalised",
    "check_show_reviews",
    "coverage",
    "coverage_text",
    "final_adoptions",
    "record_by_body",
    "record_by_year",
    "vote_label",
    "years_text",
    "without_vote_sentence",
    "without_vote_summary",
    "crpd_ratification",
    "data_runs_to",
    "disputed_tallies",
    "inferred_dates",
    "date_label",
    "essay_treaty_table",
    "joined_after",
    "joined_before",
    "largest_yes_margin",
    "latest_adoption",
    "latest_tally",
    "resolutions",
    "resolve_bodies",
    "resolve_years",
    "select_votes",
    "tally_text",
    "timeline_events",
    "un_admission",
    "vote_bodies",
    "vote_year_span",
    "withdrawal_notice",
]

#: Body -> name for chart panels.
BODY_NAMES = {
    "UNGA Third Committee": "UN General Assembly, Third Committee",
    "UNGA plenary": "UN General Assembly, plenary",
    "HRC": "Human Rights Council",
    "CHR": "Commission on Human Rights",
    "UNSC": "Security Council",
}
#: How a vote is shown: full tally, partial tally, adopted without a vote, mode not stated.
VOTE_STATES = ("complete", "partial", "without vote", "not stated")


def _load(name: str) -> pd.DataFrame:
    import cohen_analysis as ca

    return ca.load(name)


def date_label(date, precision) -> str:
    """'14 Sep 1981', 'Sep 1990' or '2001', as the date's precision allows."""
    return partial_date_of(pd.Timestamp(date).date(), precision).label()


# ------------------------------------------------------------------------------------ treaties
def un_admission(membership: pd.DataFrame | None = None) -> dt.date:
    """North Korea's admission to the UN (17 Sep 1991)."""
    membership = _load("un_membership") if membership is None else membership
    return un_admission_date(membership)


def un_admission_date(membership: pd.DataFrame, *, file=None) -> dt.date:
    """The day North Korea was admitted to the UN, from the ``un_membership`` dataset."""
    rows = membership[(membership["organisation"] == "United Nations") & (membership["event"] == "admitted as a Member State")]
    if len(rows) != 1:
        raise DataError(f"expected exactly one row for the UN admission, found {len(rows)}", file=file, column="event")
    if rows["date_precision"].iloc[0] != "day":
        raise DataError("the UN admission date must be known to the day", file=file, row=int(rows["raw_line"].iloc[0]), column="date")
    return pd.Timestamp(rows["date"].iloc[0]).date()


def binding_events(treaties: pd.DataFrame | None = None) -> pd.DataFrame:
    """The preferred accession or ratification of each treaty, in date order.

    Columns: treaty, event, date, date_label, date_precision, date_derived, date_basis,
    relative_to_un_admission, named_in_essay, confidence.
    """
    treaties = _load("treaties") if treaties is None else treaties
    rows = treaties[treaties["preferred"].astype(bool) & treaties["event"].isin(BINDING_EVENTS)]
    if rows["treaty"].duplicated().any():
        dup = sorted(rows.loc[rows["treaty"].duplicated(), "treaty"])
        raise ValueError(f"more than one preferred binding event for {dup}")
    out = rows.sort_values(["date", "treaty"]).reset_index(drop=True)
    out = out.assign(date_label=[date_label(d, p) for d, p in zip(out["date"], out["date_precision"])])
    cols = ["treaty", "event", "date", "date_label", "date_precision", "date_derived", "date_basis",
            "relative_to_un_admission", "named_in_essay", "confidence"]  # fmt: skip
    return out[cols]


def essay_treaty_table(treaties: pd.DataFrame | None = None) -> pd.DataFrame:
    """The five treaties the essay names (¶7): binding event, date, precision, basis, and
    whether it came before or after the UN admission. In date order."""
    events = binding_events(treaties)
    table = events[events["treaty"].isin(ESSAY_TREATIES)].reset_index(drop=True)
    missing = sorted(set(ESSAY_TREATIES) - set(table["treaty"]))
    if missing:
        raise ValueError(f"no preferred accession or ratification for the essay's {missing}")
    return table


def joined_after(table: pd.DataFrame) -> list[str]:
    """Treaties of ``table`` whose binding event lies wholly after the UN admission."""
    return list(table.loc[table["relative_to_un_admission"] == "after", "treaty"])


def joined_before(table: pd.DataFrame) -> list[str]:
    """Treaties of ``table`` whose binding event lies wholly before the UN admission."""
    return list(table.loc[table["relative_to_un_admission"] == "before", "treaty"])


def crpd_ratification(treaties: pd.DataFrame | None = None) -> str:
    """The CRPD ratification date as precisely as it is known ('Dec 2016')."""
    events = binding_events(treaties)
    row = events[events["treaty"] == "CRPD"]
    if len(row) != 1:
        raise ValueError("no preferred CRPD ratification in the data")
    return str(row["date_label"].iloc[0])


def withdrawal_notice(treaties: pd.DataFrame | None = None) -> pd.Series:
    """The preferred row of the 1997 ICCPR withdrawal notification (with its date_label)."""
    treaties = _load("treaties") if treaties is None else treaties
    rows = treaties[treaties["preferred"].astype(bool) & (treaties["event"] == "withdrawal notification")]
    if len(rows) != 1:
        raise ValueError(f"expected one preferred withdrawal notification, found {len(rows)}")
    row = rows.iloc[0].copy()
    row["date_label"] = date_label(row["date"], row["date_precision"])
    return row


def timeline_events(treaties: pd.DataFrame | None = None) -> tuple[list[str], pd.DataFrame]:
    """``(order, events)``: treaties in order of their binding event (the row order of a
    timeline, first at the top), and every preferred event with its row ``y``, ``binding`` flag
    and ``date_label``."""
    treaties = _load("treaties") if treaties is None else treaties
    order = list(binding_events(treaties)["treaty"])
    order += sorted(set(treaties["treaty"]) - set(order))  # a treaty with no binding event yet
    ev = treaties[treaties["preferred"].astype(bool)].copy()
    ev["y"] = ev["treaty"].map({t: i for i, t in enumerate(order)})
    ev["binding"] = ev["event"].isin(BINDING_EVENTS)
    ev["date_label"] = [date_label(d, p) for d, p in zip(ev["date"], ev["date_precision"])]
    return order, ev.sort_values(["y", "date"]).reset_index(drop=True)


# --------------------------------------------------------------------------------------- votes
def resolutions(votes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Preferred rows of votes on resolutions, in date order, with ``year`` and ``state``
    (one of :data:`VOTE_STATES`)."""
    votes = _load("un_votes") if votes is None else votes
    res = votes[votes["preferred"].astype(bool) & (votes["subject"] == "resolution")].copy()
    state = pd.Series("partial", index=res.index, dtype="string")
    state[res["counts_complete"].astype(bool)] = "complete"
    state[res["adopted_without_vote"].fillna(False).astype(bool)] = "without vote"
    state[res["voted"].isna()] = "not stated"
    res["state"] = state
    res["year"] = res["date"].dt.year.astype("int64")
    order = {b: i for i, b in enumerate(BODY_LABELS)}
    res["_body_order"] = res["body"].map(order)
    return res.sort_values(["_body_order", "date"]).drop(columns="_body_order").reset_index(drop=True)


def vote_bodies(votes: pd.DataFrame | None = None) -> list[str]:
    """Bodies with at least one resolution in the data, in the cleaner's order."""
    present = set(resolutions(votes)["body"])
    return [b for b in BODY_LABELS if b in present]


def vote_year_span(votes: pd.DataFrame | None = None, bodies: list[str] | None = None) -> tuple[int, int]:
    """First and last year of a resolution (of ``bodies``, default all)."""
    res = resolutions(votes)
    if bodies is not None:
        res = res[res["body"].isin(bodies)]
    return int(res["year"].min()), int(res["year"].max())


def data_runs_to(votes: pd.DataFrame | None = None) -> int:
    """The latest year with a recorded resolution, any body."""
    return vote_year_span(votes)[1]


def resolve_years(start_year, end_year, votes: pd.DataFrame | None = None):
    """``None`` -> the first / last year of the data; other values are returned unchanged."""
    lo, hi = vote_year_span(votes)
    return (lo if start_year is None else start_year), (hi if end_year is None else end_year)


def resolve_bodies(bodies, votes: pd.DataFrame | None = None) -> list[str]:
    """``None`` -> every body with resolutions in the data; a list is returned as a list."""
    return vote_bodies(votes) if bodies is None else list(bodies)


def check_bodies(bodies, votes: pd.DataFrame | None = None) -> None:
    """``bodies`` is a list of distinct body names found in the data."""
    allowed = vote_bodies(votes)
    if isinstance(bodies, str) or not isinstance(bodies, (list, tuple)):
        raise ParameterError(f"parameter bodies={bodies!r} must be a list of body names, e.g. {allowed[:1]}")
    check_choices("bodies", bodies, allowed)
    if len(set(bodies)) != len(bodies):
        raise ParameterError(f"parameter bodies={list(bodies)!r} names a body twice")


def check_show_reviews(show_reviews) -> None:
    if not isinstance(show_reviews, bool):
        raise ParameterError(f"parameter show_reviews={show_reviews!r} must be True or False")


def select_votes(votes: pd.DataFrame | None, start_year: int, end_year: int, bodies: list[str]) -> pd.DataFrame:
    """Resolutions of ``bodies`` adopted from ``start_year`` to ``end_year`` (both included),
    after checking the parameters. Raises :class:`ParameterError` when nothing is left."""
    votes = _load("un_votes") if votes is None else votes
    check_bodies(bodies, votes)
    check_year_range(start_year, end_year, available=vote_year_span(votes))
    res = resolutions(votes)
    sel = res[res["body"].isin(bodies) & res["year"].between(start_year, end_year)].reset_index(drop=True)
    if sel.empty:
        spans = ", ".join(f"{b} {a}-{z}" for b in bodies for a, z in [vote_year_span(votes, [b])])
        raise ParameterError(
            f"no resolution of {list(bodies)} from {start_year} to {end_year} in the data (their votes run: {spans})"
        )
    return sel


def adopted_without_vote_count(sel: pd.DataFrame) -> int:
    return int((sel["state"] == "without vote").sum())


def tally_text(row) -> str:
    """'116-20-53' (yes-no-abstain); counts not found shown as '?'."""
    return "-".join("?" if pd.isna(row[c]) else str(int(row[c])) for c in ("yes", "no", "abstain"))


def latest_tally(sel: pd.DataFrame) -> dict[str, str]:
    """Body -> its latest complete yes-no-abstain tally in ``sel``, e.g. '119-19-48 (17 Dec 2015)';
    bodies with no complete tally in ``sel`` are left out."""
    out = {}
    complete = sel[sel["state"] == "complete"]
    for body, group in complete.groupby("body", sort=False):
        row = group.sort_values("date").iloc[-1]
        out[str(body)] = f"{tally_text(row)} ({date_label(row['date'], row['date_precision'])})"
    return out


def latest_adoption(sel: pd.DataFrame) -> dict[str, str]:
    """Body -> the year and mode of its latest adoption in ``sel``, e.g. '2024, without a vote'."""
    words = {"complete": "recorded vote", "partial": "recorded vote, tally incomplete",
             "without vote": "without a vote", "not stated": "mode not stated"}  # fmt: skip
    out = {}
    for body, group in sel.groupby("body", sort=False):
        row = group.sort_values("date").iloc[-1]
        out[str(body)] = f"{int(row['year'])}, {words[row['state']]}"
    return out


def largest_yes_margin(sel: pd.DataFrame) -> dict | None:
    """The vote with the largest yes-minus-no margin among those with both counts known:
    ``{body, year, date_label, yes, no, abstain, margin, tally}``; None when no vote has both."""
    known = sel[sel["yes"].notna() & sel["no"].notna()]
    if known.empty:
        return None
    margin = (known["yes"] - known["no"]).astype("int64")
    row = known.loc[margin.idxmax()]  # first in body/date order on a tie
    return {
        "body": str(row["body"]),
        "year": int(row["year"]),
        "date_label": date_label(row["date"], row["date_precision"]),
        "yes": int(row["yes"]),
        "no": int(row["no"]),
        "abstain": None if pd.isna(row["abstain"]) else int(row["abstain"]),
        "margin": int(margin.max()),
        "tally": tally_text(row),
    }


def _action_key(frame: pd.DataFrame) -> pd.Series:
    """The action each row reports: ``action_id`` where present, else ``vote_id``."""
    return frame["action_id"] if "action_id" in frame.columns else frame["vote_id"]


def vote_label(row) -> str:
    """'UN General Assembly plenary, 2014': body and year of a vote, for readers."""
    return f"{BODY_SHORT.get(str(row['body']), str(row['body']))}, {int(pd.Timestamp(row['date']).year)}"


def disputed_tallies(votes: pd.DataFrame | None, sel: pd.DataFrame) -> dict[str, str]:
    """Votes of ``sel`` whose sources disagree on the tally: 'General Assembly plenary, 2014' ->
    'shown 116-20-53; also reported 116-20-52, 116-20-55'. Reports that only lack counts the shown
    tally has ('?') do not count as disagreeing."""
    votes = _load("un_votes") if votes is None else votes
    keys = _action_key(votes)
    out = {}
    for _, row in sel.iterrows():
        action = row["action_id"] if "action_id" in sel.columns else row["vote_id"]
        rows = votes[keys == action]
        shown = tally_text(rows[rows["preferred"].astype(bool)].iloc[0])
        others = []
        for _, r in rows[~rows["preferred"].astype(bool)].iterrows():
            text = tally_text(r)
            pairs = list(zip(text.split("-"), shown.split("-")))
            if text != shown and any(a != "?" and a != b for a, b in pairs) and text not in others:
                others.append(text)
        if others:
            out[vote_label(row)] = f"shown {shown}; also reported {', '.join(others)}"
    return out


def inferred_dates(sel: pd.DataFrame) -> list[str]:
    """Votes of ``sel`` (as 'body, year') whose date (or year) was inferred rather than read in a source."""
    return [vote_label(r) for _, r in sel[sel["date_derived"].astype(bool)].iterrows()]


# ------------------------------------------------------------------------ coverage and counts
#: Body -> short name for sentences and tables.
BODY_SHORT = {
    "UNGA Third Committee": "Third Committee",
    "UNGA plenary": "General Assembly plenary",
    "HRC": "Human Rights Council",
    "CHR": "Commission on Human Rights",
    "UNSC": "Security Council",
}


def years_text(years: list[int]) -> str:
    """[2009, 2011, 2012, 2013] -> '2009, 2011-2013'."""
    years = sorted(set(int(y) for y in years))
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def coverage(sel: pd.DataFrame, votes: pd.DataFrame | None, start_year: int, end_year: int,
             bodies: list[str]) -> pd.DataFrame:
    """Per body of ``bodies``: the years of ``start_year``-``end_year`` its record spans in the data
    (``first``, ``last``), the years in that span with an adoption in ``sel`` and those with none
    (``missing``: not found, not skipped). A body's span runs from its first to its last resolution
    in the data (the Human Rights Council's first on North Korea was in 2008)."""
    votes = _load("un_votes") if votes is None else votes
    res = resolutions(votes)
    rows = []
    for body in bodies:
        lo, hi = vote_year_span(votes, [body])
        first, last = max(lo, start_year), min(hi, end_year)
        years = sorted(set(sel.loc[sel["body"] == body, "year"].astype(int)))
        span = list(range(first, last + 1)) if first <= last else []
        missing = [y for y in span if y not in years]
        rows.append({"body": body, "first": first, "last": last, "years": years, "missing": missing,
                     "data_span": (lo, hi), "n_rows": int((res["body"] == body).sum())})  # fmt: skip
    return pd.DataFrame(rows)


def coverage_text(cov: pd.DataFrame) -> str:
    """'General Assembly plenary 2005-2024, Human Rights Council 2008-2024; no year missing' or
    '...; 2 years not found (Human Rights Council 2009, 2011)'."""
    spans = [f"{BODY_SHORT.get(r.body, r.body)} {r.first}-{r.last}" if r.first != r.last
             else f"{BODY_SHORT.get(r.body, r.body)} {r.first}" for r in cov.itertuples() if r.first <= r.last]  # fmt: skip
    n_missing = sum(len(m) for m in cov["missing"])
    if n_missing == 0:
        tail = "every year's record found"
    else:
        which = "; ".join(f"{BODY_SHORT.get(r.body, r.body)} {years_text(r.missing)}" for r in cov.itertuples() if r.missing)
        tail = f"{n_missing} year{'s' if n_missing != 1 else ''} not found ({which})"
    return f"{', '.join(spans)}; {tail}"


def final_adoptions(sel: pd.DataFrame) -> pd.DataFrame:
    """Each text once, at its final adoption: the Third Committee only approves a draft the plenary
    then adopts, so its rows are left out when ``sel`` also holds plenary rows."""
    if (sel["body"] == "UNGA plenary").any():
        return sel[sel["body"] != "UNGA Third Committee"].reset_index(drop=True)
    return sel.reset_index(drop=True)


def without_vote_summary(sel: pd.DataFrame, votes: pd.DataFrame | None, start_year: int, end_year: int) -> dict:
    """How many of the adoptions in ``sel`` were without a vote, with the coverage that goes with it.

    ``{"without": 22, "total": 37, "recorded": 15, "not_stated": 0, "first_year": 2012, "coverage": "...",
    "bodies": [...]}``; ``coverage`` is :func:`coverage_text` over the bodies of ``sel``.
    """
    bodies = [b for b in BODY_LABELS if b in set(sel["body"])]
    cov = coverage(sel, votes, start_year, end_year, bodies)
    without = sel[sel["state"] == "without vote"]
    return {
        "without": int(len(without)),
        "total": int(len(sel)),
        "recorded": int(sel["state"].isin(["complete", "partial"]).sum()),
        "not_stated": int((sel["state"] == "not stated").sum()),
        "first_year": int(without["year"].min()) if len(without) else None,
        "coverage": coverage_text(cov),
        "bodies": bodies,
    }


def without_vote_sentence(summary: dict, *, noun: str = "adoptions") -> str:
    """'22 of the 37 adoptions (General Assembly plenary 2005-2024, Human Rights Council 2008-2024;
    every year's record found) were without a vote, the first in 2012'."""
    if summary["total"] == 0:
        return f"no {noun} recorded"
    if summary["without"] == 0:
        text = f"no adoption without a vote among the {summary['total']} {noun} ({summary['coverage']})"
    else:
        text = f"{summary['without']} of the {summary['total']} {noun} ({summary['coverage']}) were without a vote"
    if summary["not_stated"]:
        text += f"; for {summary['not_stated']} the mode is not stated"
    return text + (f", the first in {summary['first_year']}" if summary["first_year"] else "")


def capitalised(text: str) -> str:
    """First letter upper case, the rest unchanged (str.capitalize lowers 'General Assembly')."""
    return text[:1].upper() + text[1:]


def record_by_body(sel: pd.DataFrame, votes: pd.DataFrame | None, start_year: int, end_year: int,
                   bodies: list[str]) -> pd.DataFrame:
    """One row per body: years covered, adoptions, recorded votes, adoptions without a vote, modes not
    stated and years not found, with reader-facing column names."""
    cov = coverage(sel, votes, start_year, end_year, bodies).set_index("body")
    rows = []
    for body in bodies:
        part = sel[sel["body"] == body]
        c = cov.loc[body]
        rows.append({
            "Body": BODY_SHORT.get(body, body),
            "Years": f"{c['first']}-{c['last']}" if c["first"] < c["last"] else str(c["first"]),
            "Adoptions": int(len(part)),
            "Recorded votes": int(part["state"].isin(["complete", "partial"]).sum()),
            "Without a vote": int((part["state"] == "without vote").sum()),
            "Mode not stated": int((part["state"] == "not stated").sum()),
            "Years not found": years_text(c["missing"]) if c["missing"] else "none",
        })  # fmt: skip
    return pd.DataFrame(rows)


def record_by_year(sel: pd.DataFrame, bodies: list[str]) -> pd.DataFrame:
    """Year x body: the tally shown (yes-no-abstain), 'without a vote', 'mode not stated', or blank
    where the body adopted nothing on North Korea that year (or the year is outside its record)."""
    words = {"without vote": "without a vote", "not stated": "mode not stated"}
    years = sorted(set(sel["year"].astype(int)))
    table = pd.DataFrame(index=pd.Index(years, name="Year"), columns=[BODY_SHORT.get(b, b) for b in bodies], dtype="object")
    for _, r in sel.iterrows():
        table.loc[int(r["year"]), BODY_SHORT.get(r["body"], r["body"])] = words.get(r["state"], tally_text(r))
    return table.fillna("").reset_index()


# ----------------------------------------------------------------------- how States voted
#: UPR review year -> the General Assembly plenary roll call of the same year.
UPR_VOTE_YEARS = {2009: "64/175", 2014: "69/188"}
VOTE_WORDS = ("yes", "no", "abstain")


def roll_call_grid(roll_calls: pd.DataFrame | None = None) -> pd.DataFrame:
    """State x recorded plenary vote: 'yes', 'no', 'abstain', or '' where the State has no recorded
    vote (absent or not voting). Columns: State, Region, one per year, and Yes/No/Abstain counts;
    sorted by region, then State."""
    roll_calls = _load("unga_roll_calls") if roll_calls is None else roll_calls
    years = sorted(int(y) for y in roll_calls["year"].unique())
    grid = roll_calls.pivot(index=["iso3"], columns="year", values="vote")
    names = roll_calls.sort_values("year").groupby("iso3").agg(State=("state", "last"), Region=("region", "last"))
    out = names.join(grid).reset_index(drop=True)
    out.columns = ["State", "Region", *[str(y) for y in years]]
    cols = [str(y) for y in years]
    for word in VOTE_WORDS:
        out[word.capitalize()] = (out[cols] == word).sum(axis=1).astype(int)
    out[cols] = out[cols].astype("object").where(out[cols].notna(), "")
    return out.sort_values(["Region", "State"]).reset_index(drop=True)


def always_no(roll_calls: pd.DataFrame | None = None) -> pd.DataFrame:
    """States that voted no in every recorded plenary vote they took part in: State, votes cast (of
    the nine), sorted by State."""
    grid = roll_call_grid(roll_calls)
    n = len([c for c in grid.columns if c.isdigit()])
    cast = grid["Yes"] + grid["No"] + grid["Abstain"]
    rows = grid[(grid["No"] == cast) & (cast > 0)]
    return pd.DataFrame({"State": rows["State"], "Votes cast": cast[rows.index], "Recorded votes": n}).sort_values(
        "State").reset_index(drop=True)


def upr_recommending_states(upr: pd.DataFrame, review_year: int) -> pd.DataFrame:
    """The States (iso3, state) that made at least one recommendation at the UPR of ``review_year``."""
    rows = upr[upr["review_year"] == review_year]
    return rows.groupby("iso3", as_index=False).agg(state=("state", "first")).sort_values("state").reset_index(drop=True)


def upr_vote_link(roll_calls: pd.DataFrame | None = None, upr: pd.DataFrame | None = None) -> pd.DataFrame:
    """For each UPR review year of :data:`UPR_VOTE_YEARS`: how the recommending States voted on the
    plenary resolution of that December, and how many of the States voting no had recommended anything.

    One row per review year: recommending States, of which yes / no / abstain / not voting (a Member
    State with no recorded vote that time) / not in the roll-call data (never recorded: not a voting
    Member State); States voting no, of which recommending; their names."""
    roll_calls = _load("unga_roll_calls") if roll_calls is None else roll_calls
    upr = _load("upr_recommendations") if upr is None else upr
    members = set(roll_calls["iso3"])
    rows = []
    for review_year, resolution in UPR_VOTE_YEARS.items():
        vote = roll_calls[roll_calls["resolution"] == resolution]
        if vote.empty:  # the roll call lies outside the years selected
            continue
        by_state = dict(zip(vote["iso3"], vote["vote"]))
        recs = upr_recommending_states(upr, review_year)
        how = [by_state.get(i, "not voting" if i in members else "not in the roll-call data") for i in recs["iso3"]]
        how = pd.Series(how, dtype="object")
        no_voters = set(vote.loc[vote["vote"] == "no", "iso3"])
        recommending_no = sorted(recs.loc[recs["iso3"].isin(no_voters), "state"])
        rows.append({
            "UPR review": review_year,
            "Plenary vote": f"{resolution} ({int(vote['year'].iloc[0])})",
            "Recommending States": len(recs),
            "Voted yes": int((how == "yes").sum()),
            "Voted no": int((how == "no").sum()),
            "Abstained": int((how == "abstain").sum()),
            "Did not vote": int((how == "not voting").sum()),
            "Not in the roll-call data": int((how == "not in the roll-call data").sum()),
            "States voting no": len(no_voters),
            "of which recommending": len(recommending_no),
            "Recommending States that voted no": ", ".join(recommending_no),
            "Not in the roll-call data (States)": ", ".join(sorted(recs.loc[how == "not in the roll-call data", "state"])),
        })  # fmt: skip
    return pd.DataFrame(rows, columns=UPR_LINK_COLUMNS)


UPR_LINK_COLUMNS = ["UPR review", "Plenary vote", "Recommending States", "Voted yes", "Voted no", "Abstained",
                    "Did not vote", "Not in the roll-call data", "States voting no", "of which recommending",
                    "Recommending States that voted no", "Not in the roll-call data (States)"]  # fmt: skip


def upr_link_sentence(link: pd.DataFrame) -> str:
    """'Of the 46 States that made recommendations at the 2009 review, 27 voted yes, 10 no and 7 abstained on
    64/175 (2009); 10 of the 20 States voting no had made recommendations. ...'"""
    parts = []
    for _, r in link.iterrows():
        others = []
        if r["Did not vote"]:
            others.append(f"{r['Did not vote']} did not vote")
        if r["Not in the roll-call data"]:
            others.append(f"{r['Not in the roll-call data (States)']} is not in the roll-call data, having no vote "
                          "in the General Assembly")
        parts.append(
            f"Of the {r['Recommending States']} States that made recommendations at the {r['UPR review']} review, "
            f"{r['Voted yes']} voted yes, {r['Voted no']} no and {r['Abstained']} abstained on resolution "
            f"{r['Plenary vote']}" + (f"; {', '.join(others)}" if others else "")
            + f". {r['of which recommending']} of the {r['States voting no']} States voting no had made recommendations."
        )
    return " ".join(parts)


def unmatched_upr_states(roll_calls: pd.DataFrame | None = None, upr: pd.DataFrame | None = None) -> list[str]:
    """UPR State names (as written) that the State mapping resolves to no ISO3 code; empty when the join is complete."""
    upr = _load("upr_recommendations") if upr is None else upr
    return sorted(set(upr.loc[upr["iso3"].isna(), "state_as_written"].astype(str)))
