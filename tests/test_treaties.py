"""Treaty record, UN membership, treaty-body reviews and UN votes on North Korea's human rights."""

from __future__ import annotations

import csv
import datetime as dt

import pandas as pd
import pytest

import cohen_analysis as ca
from cohen_analysis import catalog, registry
from cohen_analysis.analysis import treaties as an
from cohen_analysis.errors import DataError
from cohen_analysis.metadata import read_origin
from cohen_analysis.paths import RAW_DIR
from cohen_analysis.steps import treaties as tr

UN_ADMISSION = dt.date(1991, 9, 17)


# --------------------------------------------------------------------------------------------
# small files for the bad-input tests

EVENT_HEADER = ["treaty", "event", "date", "date_basis", "date_commonly_cited", "preferred",
                "source", "source_url", "corroborating_source", "confidence", "note"]  # fmt: skip
GOOD_EVENT = {"treaty": "ICCPR", "event": "accession", "date": "14 Sep 1981 (derived)", "date_basis": "derived",
              "preferred": "yes", "source": "Evatt", "confidence": "medium"}  # fmt: skip

VOTE_HEADER = ["vote_id", "action_id", "body", "subject", "date", "resolution", "resolution_verified", "document_symbol",
               "yes", "no", "abstain", "adoption_mode", "preferred", "source", "source_url",
               "corroborating_source", "confidence", "note"]  # fmt: skip
GOOD_VOTE = {"vote_id": "V1", "action_id": "A1", "body": "UNGA plenary", "subject": "resolution", "date": "18 Dec 2014",
             "resolution": "69/188", "resolution_verified": "yes", "yes": "116", "no": "20", "abstain": "53",
             "adoption_mode": "recorded vote", "preferred": "yes", "source": "Korea Times US", "confidence": "high"}  # fmt: skip
NO_VOTE = {"vote_id": "V2", "action_id": "A2", "body": "UNGA plenary", "subject": "resolution", "date": "19 Dec 2016",
           "adoption_mode": "without vote", "preferred": "yes", "source": "GCR2P", "confidence": "high"}  # fmt: skip

REVIEW_HEADER = ["treaty", "body", "report", "step", "date_start", "date_end", "session", "document_symbol",
                 "symbol_status", "source", "source_url", "corroborating_source", "confidence", "note"]  # fmt: skip
GOOD_REVIEW = {"treaty": "ICCPR", "body": "Human Rights Committee", "report": "second periodic",
               "step": "report considered", "date_start": "19 Jul 2001", "date_end": "20 Jul 2001",
               "source": "CRIN", "confidence": "high"}  # fmt: skip


def write_csv(tmp_path, name, header, rows):
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in header})
    return path


@pytest.fixture(scope="module")
def membership():
    return registry.build("un_membership")


def build_events(path, membership):
    return registry.build("treaties", files={tr.EVENTS: path}, datasets={"un_membership": membership})


def build_votes(tmp_path, first, second=None):
    """un_votes from small files (named as the real ones): ``first`` for un_votes.csv, ``second``
    (or an empty file) for un_votes_additions.csv; each a path or a list of rows."""
    if isinstance(first, list):
        first = write_csv(tmp_path, "un_votes.csv", VOTE_HEADER, first)
    if not hasattr(second, "is_file"):
        second = write_csv(tmp_path, "un_votes_additions.csv", VOTE_HEADER, second or [])
    return registry.build("un_votes", files={tr.VOTES[0]: first, tr.VOTES[1]: second})


def build_reviews(path):
    return registry.build("treaty_body_reviews", files={tr.REVIEWS: path})


def assert_error(info, name, row, column, *fragments):
    err = info.value
    assert err.file.endswith(name), err.file
    assert (err.row, err.column) == (row, column), str(err)
    text = str(err)
    assert name in text and (row is None or f"row {row}" in text) and f"column '{column}'" in text
    for fragment in fragments:
        assert fragment in text, text


# --------------------------------------------------------------------------------------------
# treaty events: good and bad input


def test_clean_treaty_events_small_file(tmp_path, membership):
    rows = [GOOD_EVENT, {**GOOD_EVENT, "date": "1982", "date_basis": "stated", "preferred": "no", "confidence": "low",
                         "source": "Daily NK"},
            {**GOOD_EVENT, "treaty": "CEDAW", "date": "2001", "date_basis": "stated", "date_commonly_cited": "27 Feb 2001",
             "confidence": "medium (year)"}]  # fmt: skip
    path = write_csv(tmp_path, "events.csv", EVENT_HEADER, rows)
    out = build_events(path, membership)
    assert list(out.columns) == catalog.spec("treaties").columns
    assert out["date"].tolist() == [pd.Timestamp("1981-09-14"), pd.Timestamp("1982-01-01"), pd.Timestamp("2001-01-01")]
    assert out["date_precision"].tolist() == ["day", "year", "year"]
    assert out["date_derived"].tolist() == [True, False, False]
    assert out["relative_to_un_admission"].tolist() == ["before", "before", "after"]
    assert out["confidence"].tolist() == ["medium", "low", "medium"]
    assert out["confidence_as_stated"].tolist() == ["medium", "low", "medium (year)"]
    assert out["raw_line"].tolist() == [2, 3, 4]
    assert out["named_in_essay"].all()


def test_treaty_events_missing_column(tmp_path, membership):
    header = [c for c in EVENT_HEADER if c != "date"]
    path = write_csv(tmp_path, "events.csv", header, [GOOD_EVENT])
    with pytest.raises(DataError) as info:
        build_events(path, membership)
    assert_error(info, "events.csv", 1, "date", "missing required column")


ALT_EVENT = {**GOOD_EVENT, "date": "1982", "date_basis": "stated", "source": "Daily NK"}
#: Bad event files: rows -> (row, column, what the error says).
BAD_EVENTS = {
    "bad date": ([GOOD_EVENT, {**ALT_EVENT, "treaty": "CRC", "date": "21-22 Sep 1990"}], (3, "date", "bad date")),
    "unknown treaty": ([{**GOOD_EVENT, "treaty": "Torture Convention"}], (2, "treaty", "unknown value")),
    "derived date must be flagged": ([{**GOOD_EVENT, "date_basis": "stated"}], (2, "date_basis", "derived")),
    "two preferred": ([GOOD_EVENT, ALT_EVENT], (3, "preferred", "a second preferred row for treaty='ICCPR', event='accession'")),
    "none preferred": ([GOOD_EVENT, {**ALT_EVENT, "event": "entry into force", "preferred": "no"}],
                       (3, "preferred", "no row is marked preferred for 'ICCPR / entry into force'")),
    "bad confidence": ([{**GOOD_EVENT, "confidence": "sure"}], (2, "confidence", "names none of")),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD_EVENTS)
def test_treaty_events_bad_input(tmp_path, membership, case):
    rows, (row, column, fragment) = BAD_EVENTS[case]
    with pytest.raises(DataError) as info:
        build_events(write_csv(tmp_path, "events.csv", EVENT_HEADER, rows), membership)
    assert_error(info, "events.csv", row, column, fragment)


def test_treaty_events_confidence_grades(tmp_path, membership):
    """The catalog's grades: a qualified grade keeps its qualification in confidence_as_stated, a row
    graded by parts takes the lowest, 'medium-low' is written low-medium."""
    stated = ["high (2+ sources)", "medium-high (1 source)", "high (yes/no), medium (abstain)", "medium-low"]
    rows = [{**GOOD_EVENT, "event": e, "confidence": c, "date": "1982", "date_basis": "stated"}
            for e, c in zip(["ratification", "signature", "entry into force", "domestic approval"], stated)]
    out = build_events(write_csv(tmp_path, "events.csv", EVENT_HEADER, [GOOD_EVENT, *rows]), membership)
    assert out["confidence"].tolist() == ["medium", "high", "medium-high", "medium", "low-medium"]
    assert out["confidence_as_stated"].tolist()[1:] == stated
    assert list(out["confidence"].cat.categories) == ["low", "low-medium", "medium", "medium-high", "high"]


# --------------------------------------------------------------------------------------------
# UN votes: good and bad input


def test_clean_un_votes_small_file(tmp_path):
    rows = [GOOD_VOTE, NO_VOTE, {**NO_VOTE, "vote_id": "V3", "action_id": "A3", "adoption_mode": "adopted, mode not stated"},
            {**GOOD_VOTE, "vote_id": "V4", "action_id": "A4", "body": "Human Rights Council", "yes": "27", "no": "", "abstain": "",
             "adoption_mode": "recorded vote, only yes found", "resolution": "28/22", "date": "27 Mar 2015"}]  # fmt: skip
    out = build_votes(tmp_path, rows)
    assert list(out.columns) == catalog.spec("un_votes").columns
    assert out["body"].tolist() == ["UNGA plenary", "UNGA plenary", "UNGA plenary", "HRC"]
    assert str(out["yes"].dtype) == "Int64"
    assert out.loc[0, ["yes", "no", "abstain"]].tolist() == [116, 20, 53]
    assert out["voted"].tolist()[:2] == [True, False] and pd.isna(out.loc[2, "voted"])
    assert out["adopted_without_vote"].tolist()[:2] == [False, True] and pd.isna(out.loc[2, "adopted_without_vote"])
    assert out["counts_complete"].tolist() == [True, False, False, False]
    assert pd.isna(out.loc[1, "resolution_verified"]) and out.loc[0, "resolution_verified"]
    assert out["raw_file"].tolist() == ["treaties/un_votes.csv"] * 4 and out["raw_line"].tolist() == [2, 3, 4, 5]


def test_un_votes_missing_column(tmp_path):
    header = [c for c in VOTE_HEADER if c != "abstain"]
    path = write_csv(tmp_path, "un_votes.csv", header, [GOOD_VOTE])
    with pytest.raises(DataError) as info:
        build_votes(tmp_path, path)
    assert_error(info, "un_votes.csv", 1, "abstain", "missing required column")


V1B = {**GOOD_VOTE, "vote_id": "V1b", "preferred": "no"}
#: Bad vote files: (rows of un_votes.csv, rows of un_votes_additions.csv) -> (file, row, column, what the error says).
BAD_VOTES = {
    "non-numeric count": (([NO_VOTE, {**GOOD_VOTE, "no": "twenty"}], []), ("un_votes.csv", 3, "no", "non-numeric count")),
    "counts on a row without vote": (([GOOD_VOTE, {**NO_VOTE, "yes": "150"}], []), ("un_votes.csv", 3, "yes", "cannot carry")),
    "recorded vote needs all counts": (([{**GOOD_VOTE, "abstain": ""}], []), ("un_votes.csv", 2, "abstain", "needs")),
    "bad date": (([{**GOOD_VOTE, "date": "Nov-Dec 2024"}], []), ("un_votes.csv", 2, "date", "bad date")),
    "unknown body": (([{**GOOD_VOTE, "body": "ECOSOC"}], []), ("un_votes.csv", 2, "body", "unknown body")),
    "tally larger than the body": (([{**GOOD_VOTE, "body": "Human Rights Council", "yes": "30", "no": "6", "abstain": "20"}], []),
                                   ("un_votes.csv", 2, "yes", "exceeds the 47 members")),
    "conflicting rows need one preferred": (([{**GOOD_VOTE, "preferred": "no"}, {**V1B, "abstain": "55"}], []),
                                            ("un_votes.csv", 2, "preferred", "no row is marked preferred for 'A1'")),
    # two rows sharing an id (as UNGA-TC-2014-amendment once did) are refused, even as reports of one vote
    "duplicate vote_id": (([GOOD_VOTE, NO_VOTE, {**GOOD_VOTE, "abstain": "55", "preferred": "no"}], []),
                          ("un_votes.csv", 4, "vote_id", "duplicate vote_id 'V1' (first on row 2 of un_votes.csv)")),
    "duplicate vote_id across files": (([GOOD_VOTE], [NO_VOTE, {**NO_VOTE, "vote_id": "V1", "action_id": "A9"}]),
                                       ("un_votes_additions.csv", 3, "vote_id", "duplicate vote_id 'V1' (first on row 2 of un_votes.csv)")),
    "two preferred across files": (([GOOD_VOTE], [{**GOOD_VOTE, "vote_id": "V1-X", "abstain": "52"}]),
                                   ("un_votes_additions.csv", 2, "preferred", "a second preferred row for action_id='A1'")),
    "reports of one action disagree on body": (([GOOD_VOTE, {**V1B, "body": "UNGA Third Committee"}], []),
                                               ("un_votes.csv", 3, "body", "disagree on body")),
    "missing action_id": (([GOOD_VOTE, {**NO_VOTE, "action_id": ""}], []), ("un_votes.csv", 3, "action_id", "value is missing")),
    "resolution_verified without a resolution": (([GOOD_VOTE, {**NO_VOTE, "resolution_verified": "no"}], []),
                                                 ("un_votes.csv", 3, "resolution_verified", "exactly when a resolution number is")),
    "vote_id with a space": (([GOOD_VOTE], [{**NO_VOTE, "vote_id": "V 2"}]), ("un_votes_additions.csv", 2, "vote_id", "contains spaces")),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD_VOTES)
def test_un_votes_bad_input(tmp_path, case):
    (first, second), (name, row, column, fragment) = BAD_VOTES[case]
    with pytest.raises(DataError) as info:
        build_votes(tmp_path, first, second)
    assert_error(info, name, row, column, fragment)


# --------------------------------------------------------------------------------------------
# treaty-body reviews: bad input


def test_reviews_body_must_match_treaty(tmp_path):
    path = write_csv(tmp_path, "reviews.csv", REVIEW_HEADER, [GOOD_REVIEW, {**GOOD_REVIEW, "body": "CESCR"}])
    with pytest.raises(DataError) as info:
        build_reviews(path)
    assert_error(info, "reviews.csv", 3, "body", "does not monitor")


def test_reviews_end_before_start(tmp_path):
    path = write_csv(tmp_path, "reviews.csv", REVIEW_HEADER, [{**GOOD_REVIEW, "date_end": "18 Jul 2001"}])
    with pytest.raises(DataError) as info:
        build_reviews(path)
    assert_error(info, "reviews.csv", 2, "date_end", "before")


# --------------------------------------------------------------------------------------------
# the real data


@pytest.fixture(scope="module")
def events(membership):
    return registry.build("treaties", datasets={"un_membership": membership})


@pytest.fixture(scope="module")
def votes():
    return registry.build("un_votes")


@pytest.fixture(scope="module")
def reviews():
    return registry.build("treaty_body_reviews")


def preferred(events, treaty, event):
    rows = events[(events["treaty"] == treaty) & (events["event"] == event) & events["preferred"]]
    assert len(rows) == 1, (treaty, event)
    return rows.iloc[0]


def test_raw_metadata_is_valid():
    for name in ("treaty_events.csv", "treaty_body_reviews.csv", "un_membership.csv", "un_votes.csv"):
        origin = read_origin(RAW_DIR / "treaties" / name)
        assert origin.file == name and origin.citation_short


def test_un_admission(membership):
    assert an.un_admission_date(membership) == UN_ADMISSION == an.un_admission(membership)
    row = membership[membership["event"] == "admitted as a Member State"].iloc[0]
    assert row["document_symbol"] == "A/RES/46/1" and row["date_precision"] == "day"
    assert row["corroborating_sources"] == [
        "https://wikimili.com/en/Korea_and_the_United_Nations",
        "Samuel S. Kim, 'North Korea and the United Nations', International Journal of Korean Studies (1997), "
        "abstract at https://ciaonet.org",
    ]
    assert membership.loc[membership["organisation"] == "United Nations", "confidence"].tolist() == ["high", "high"]


# The five treaties of the essay (¶7), how North Korea became bound, as the data has it.
ESSAY_TREATIES = {
    "ICCPR": ("accession", "1981-09-14", "day", "derived", "before"),
    "ICESCR": ("accession", "1981-09-14", "day", "commonly cited", "before"),
    "Genocide Convention": ("accession", "1989-01-31", "day", "stated", "before"),
    "CRC": ("accession", "1990-09-01", "month", "stated", "before"),
    "CEDAW": ("accession", "2001-01-01", "year", "stated", "after"),
}


@pytest.mark.parametrize("treaty", ESSAY_TREATIES)
def test_essay_treaties(events, treaty):
    event, date, precision, basis, relative = ESSAY_TREATIES[treaty]
    row = preferred(events, treaty, event)
    assert row["named_in_essay"]
    assert row["date"] == pd.Timestamp(date)
    assert row["date_precision"] == precision
    assert row["date_basis"] == basis
    assert row["date_derived"] == (basis == "derived")
    assert row["relative_to_un_admission"] == relative


def test_essay_claim_all_five_after_un_admission_does_not_hold(events):
    binding = events[events["named_in_essay"] & events["preferred"] & events["event"].isin(an.BINDING_EVENTS)]
    assert set(binding["treaty"]) == set(an.ESSAY_TREATIES)
    after = sorted(binding.loc[binding["relative_to_un_admission"] == "after", "treaty"])
    assert after == ["CEDAW"]  # the essay says all five came after joining the UN; four predate it
    # the conflicting 1982 date for the Covenants is kept but not preferred, and also predates 1991
    alt = events[(events["date_as_stated"] == "1982")]
    assert set(alt["treaty"]) == {"ICCPR", "ICESCR"} and not alt["preferred"].any()
    assert (alt["relative_to_un_admission"] == "before").all()


def test_iccpr_entry_into_force_and_withdrawal(events):
    row = preferred(events, "ICCPR", "entry into force")
    assert row["date"] == pd.Timestamp("1981-12-14") and row["date_precision"] == "day"
    row = preferred(events, "ICCPR", "withdrawal notification")
    assert row["date"] == pd.Timestamp("1997-08-01") and row["date_precision"] == "month"
    assert row["date_commonly_cited"] == "23 or 25 Aug 1997"


def test_crpd_and_opsc(events):
    row = preferred(events, "CRPD", "ratification")
    assert row["date"] == pd.Timestamp("2016-12-01") and row["date_precision"] == "month"
    assert row["date_commonly_cited"] == "6 Dec 2016"
    row = preferred(events, "OPSC", "ratification")
    assert row["date"] == pd.Timestamp("2014-11-10") and row["date_precision"] == "day"


def test_treaty_body_reviews(reviews):
    iccpr = reviews[(reviews["treaty"] == "ICCPR") & (reviews["step"] == "concluding observations")].iloc[0]
    assert iccpr["document_symbols"] == ["CCPR/CO/72/PRK"] and iccpr["date_start"] == pd.Timestamp("2001-08-27")
    crc = reviews[reviews["document_symbols"].map(lambda s: "CRC/C/PRK/CO/5" in s)].iloc[0]
    assert crc["date_start"] == pd.Timestamp("2017-09-29")  # adopted; distributed 23 Oct 2017
    assert "23 Oct 2017" in crc["note"]
    assert set(reviews["treaty"]) == {"ICCPR", "ICESCR", "CRC", "CEDAW", "CRPD"}
    first = reviews.iloc[0]  # one step, three documents
    assert first["document_symbols"] == ["CCPR/C/22/Add.3", "CCPR/C/22/Add.5", "A/39/40"]
    assert reviews.loc[reviews["report"] == "initial", "document_symbols"].map(len).sum() > 0
    assert (reviews.loc[reviews["document_symbols"].map(len) == 0, "symbol_status"].isna()).all()


def test_adopted_without_vote(votes):
    first = votes[votes["adopted_without_vote"].fillna(False) & (votes["body"] != "HRC")].sort_values("date").iloc[0]
    assert first["vote_id"] == "UNGA-TC-2012" and first["date"] == pd.Timestamp("2012-11-27")
    coi = votes[votes["resolution"] == "22/13"].iloc[0]
    assert coi["body"] == "HRC" and coi["adopted_without_vote"] and pd.isna(coi["yes"])
    assert set(votes["body"]) <= set(an.BODY_LABELS)


def test_load_and_registry():
    frame = ca.load("treaties")
    assert list(frame.columns) == catalog.spec("treaties").columns
    assert str(frame["date"].dtype).startswith("datetime64")
    assert {"treaties", "un_votes", "un_membership", "treaty_body_reviews"} <= set(registry.datasets())
    assert "UN Treaty Collection; Evatt, Australian Journal of Human Rights (1999); CRC/C/PRK/CO/5 (2017)" in {o.citation_short for o in ca.origin("treaties")}


def test_reviews_symbol_status_needs_a_symbol(tmp_path):
    path = write_csv(tmp_path, "reviews.csv", REVIEW_HEADER,
                     [{**GOOD_REVIEW, "document_symbol": "CCPR/C/SR.1944; CCPR/C/SR.1946", "symbol_status": "not seen"},
                      {**GOOD_REVIEW, "step": "concluding observations", "symbol_status": "inferred"}])  # fmt: skip
    with pytest.raises(DataError) as info:
        build_reviews(path)
    assert_error(info, "reviews.csv", 3, "symbol_status", "without a symbol")
