"""The complete UN vote record on North Korea's human rights, how each State voted, treaty-body reviews."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from cohen_analysis import catalog, registry
from cohen_analysis.errors import DataError
from cohen_analysis.metadata import read_origin
from cohen_analysis.paths import RAW_DIR
from cohen_analysis.steps import treaties as tr


def raw_path(name):
    return RAW_DIR / "treaties" / name

W = "without vote"
#: action_id -> preferred tally (yes, no, abstain) or "without vote", for every action in the data.
RECORD = {
    # UNGA Third Committee, 2005-2025
    "UNGA-TC-2005": (84, 22, 62), "UNGA-TC-2006": (91, 21, 60), "UNGA-TC-2007": (97, 23, 60),
    "UNGA-TC-2008": (95, 24, 62), "UNGA-TC-2009": (97, 19, 65), "UNGA-TC-2010": (100, 18, 60),
    "UNGA-TC-2011": (112, 16, 55), "UNGA-TC-2012": W, "UNGA-TC-2013": W, "UNGA-TC-2014": (111, 19, 55),
    "UNGA-TC-2015": (112, 19, 50), "UNGA-TC-2016": W, "UNGA-TC-2017": W, "UNGA-TC-2018": W, "UNGA-TC-2019": W,
    "UNGA-TC-2020": W, "UNGA-TC-2021": W, "UNGA-TC-2022": W, "UNGA-TC-2023": W, "UNGA-TC-2024": W,
    "UNGA-TC-2025": W,
    # UNGA plenary, 2005-2024
    "UNGA-PL-2005": (88, 21, 60), "UNGA-PL-2006": (99, 21, 56), "UNGA-PL-2007": (101, 22, 59),
    "UNGA-PL-2008": (94, 22, 63), "UNGA-PL-2009": (99, 20, 63), "UNGA-PL-2010": (106, 20, 57),
    "UNGA-PL-2011": (123, 16, 51), "UNGA-PL-2012": W, "UNGA-PL-2013": W, "UNGA-PL-2014": (116, 20, 53),
    "UNGA-PL-2015": (119, 19, 48), "UNGA-PL-2016": W, "UNGA-PL-2017": W, "UNGA-PL-2018": W, "UNGA-PL-2019": W,
    "UNGA-PL-2020": W, "UNGA-PL-2021": W, "UNGA-PL-2022": W, "UNGA-PL-2023": W, "UNGA-PL-2024": W,
    # Human Rights Council, 2008-2025
    "HRC-2008": (22, 7, 18), "HRC-2009": (26, 6, 15), "HRC-2010": (28, 5, 13), "HRC-2011": (30, 3, 11),
    "HRC-2012": W, "HRC-2013": W, "HRC-2014": (30, 6, 11), "HRC-2015": (27, 6, 14), "HRC-2016": W, "HRC-2017": W,
    "HRC-2018": W, "HRC-2019": W, "HRC-2020": W, "HRC-2021": W, "HRC-2022": W, "HRC-2023": W, "HRC-2024": W,
    "HRC-2025": W,
    # not resolutions
    "UNGA-TC-2014-amendment": (40, None, None), "UNSC-2014-agenda": (11, 2, 2),
}  # fmt: skip
#: Dates and symbols of the preferred rows found since the first version of the data.
DATES = {
    "UNGA-TC-2007": ("2007-11-20", "day"), "UNGA-TC-2010": ("2010-11-18", "day"), "UNGA-TC-2011": ("2011-11-21", "day"),
    "UNGA-TC-2013": ("2013-11-19", "day"), "UNGA-TC-2015": ("2015-11-19", "day"), "UNGA-TC-2024": ("2024-11-20", "day"),
    "UNGA-PL-2005": ("2005-12-16", "day"), "UNGA-PL-2006": ("2006-12-19", "day"), "UNGA-PL-2010": ("2010-12-21", "day"),
    "UNGA-PL-2012": ("2012-12-20", "day"), "UNGA-PL-2017": ("2017-12-19", "day"), "UNGA-PL-2018": ("2018-12-17", "day"),
    "UNGA-PL-2020": ("2020-12-16", "day"), "UNGA-PL-2021": ("2021-12-01", "month"), "UNGA-PL-2024": ("2024-12-17", "day"),
    "HRC-2010": ("2010-03-25", "day"), "HRC-2012": ("2012-03-22", "day"), "HRC-2019": ("2019-03-01", "month"),
    "HRC-2020": ("2020-06-22", "day"), "HRC-2025": ("2025-04-03", "day"),
}  # fmt: skip
RESOLUTIONS = {
    "UNGA-PL-2005": "60/173", "UNGA-PL-2006": "61/174", "UNGA-PL-2007": "62/167", "UNGA-PL-2008": "63/190",
    "UNGA-PL-2009": "64/175", "UNGA-PL-2010": "65/225", "UNGA-PL-2011": "66/174", "UNGA-PL-2014": "69/188",
    "UNGA-PL-2015": "70/172", "UNGA-PL-2017": "72/188", "UNGA-PL-2018": "73/180", "UNGA-PL-2020": "75/190",
    "HRC-2016": "31/18", "HRC-2017": "34/24", "HRC-2018": "37/28", "HRC-2020": "43/25", "HRC-2021": "46/17",
    "HRC-2022": "49/22",
}  # fmt: skip


@pytest.fixture(scope="module")
def votes():
    return registry.build("un_votes")


@pytest.fixture(scope="module")
def preferred(votes):
    rows = votes[votes["preferred"]]
    assert not rows["action_id"].duplicated().any()
    return rows.set_index("action_id")


def test_every_action_is_pinned(preferred):
    assert sorted(preferred.index) == sorted(RECORD)


@pytest.mark.parametrize("action", RECORD)
def test_preferred_tally(preferred, action):
    row = preferred.loc[action]
    expected = RECORD[action]
    if expected == W:
        assert row["adoption_mode"] == "without vote" and row["adopted_without_vote"]
        assert row[["yes", "no", "abstain"]].isna().all()
    else:
        got = tuple(None if pd.isna(row[c]) else int(row[c]) for c in ("yes", "no", "abstain"))
        assert got == expected
        assert row["voted"] and not row["adopted_without_vote"]


@pytest.mark.parametrize("action", DATES)
def test_dates(preferred, action):
    date, precision = DATES[action]
    assert (preferred.loc[action, "date"], preferred.loc[action, "date_precision"]) == (pd.Timestamp(date), precision)


@pytest.mark.parametrize("action", RESOLUTIONS)
def test_resolution_numbers(preferred, action):
    assert preferred.loc[action, "resolution"] == RESOLUTIONS[action]


def test_draft_symbols(preferred):
    assert preferred.loc["UNGA-TC-2015", "document_symbol"] == "A/C.3/70/L.35"
    assert preferred.loc["HRC-2020", "document_symbol"] == "A/HRC/43/L.17"
    assert preferred.loc["HRC-2023", "document_symbol"] == "A/HRC/52/L.9"


def test_coverage_by_body(preferred):
    res = preferred[preferred["subject"] == "resolution"]
    years = res.groupby("body")["date"].apply(lambda d: sorted(d.dt.year))
    assert years["UNGA Third Committee"] == list(range(2005, 2026))
    assert years["UNGA plenary"] == list(range(2005, 2025))
    assert years["HRC"] == list(range(2008, 2026))
    without = res[res["adopted_without_vote"]].groupby("body")["date"].apply(lambda d: sorted(d.dt.year))
    assert without["UNGA plenary"] == [2012, 2013, *range(2016, 2025)]
    assert without["UNGA Third Committee"] == [2012, 2013, *range(2016, 2026)]
    assert without["HRC"] == [2012, 2013, *range(2016, 2026)]


# Conflicting reports: action -> {tally or mode of every row: preferred?}
CONFLICTS = {
    "UNGA-PL-2007": {"101-22-59": True, "102-22-58": False, "?-?-?": False},
    "UNGA-PL-2009": {"99-20-63": True, "98-20-63": False},
    "UNGA-PL-2010": {"106-20-57": True, "106-21-55": False},
    "UNGA-TC-2009": {"97-19-65": True, "96-19-65": False},
    "UNGA-TC-2010": {"100-18-60": True, "103-?-?": False},
    "UNGA-PL-2014": {"116-20-53": True, "116-20-52": False, "116-20-55": False},
    "HRC-2014": {"30-6-11": True, "30-6-9": False},
    "UNGA-TC-2014-amendment": {"40-?-?": True, "40-77-50": False},
}


def _tally(row):
    return "-".join("?" if pd.isna(row[c]) else str(int(row[c])) for c in ("yes", "no", "abstain"))


@pytest.mark.parametrize("action", CONFLICTS)
def test_conflicts_kept_with_one_preferred(votes, action):
    rows = votes[votes["action_id"] == action]
    got = {}
    for _, r in rows.iterrows():
        got[_tally(r)] = got.get(_tally(r), False) or bool(r["preferred"])
    for tally, pref in CONFLICTS[action].items():
        assert got.get(tally) == pref, (action, tally, got)
    assert rows["preferred"].sum() == 1


def test_plenary_2014_abstentions(votes):
    rows = votes[votes["action_id"] == "UNGA-PL-2014"].sort_values("abstain")
    assert sorted(set(rows["abstain"])) == [52, 53, 55]
    assert rows.loc[rows["preferred"], "abstain"].tolist() == [53]
    assert set(rows["resolution"]) == {"69/188"}


def test_vote_ids_unique_in_the_data(votes):
    assert votes["vote_id"].is_unique
    assert len(votes) == 84
    assert votes.loc[votes["action_id"] == "UNGA-TC-2014-amendment", "vote_id"].tolist() == [
        "UNGA-TC-2014-amendment", "UNGA-TC-2014-amendment-NCNK"]  # fmt: skip


def test_duplicate_id_in_the_real_file_is_refused(tmp_path):
    """Copy the real files, give a second row an existing id: the cleaner names the file, the row and the column."""
    src = raw_path("un_votes.csv")
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    header = next(csv.reader([lines[0]]))
    line_no = next(i for i, line in enumerate(lines, start=1) if line.startswith("UNGA-TC-2014-amendment-NCNK,"))
    lines[line_no - 1] = lines[line_no - 1].replace("UNGA-TC-2014-amendment-NCNK,", "UNGA-TC-2014-amendment,", 1)
    bad = tmp_path / "un_votes.csv"
    bad.write_text("".join(lines), encoding="utf-8")
    assert header[0] == "vote_id"
    with pytest.raises(DataError) as info:
        registry.build("un_votes", files={tr.VOTES[0]: bad, tr.VOTES[1]: raw_path("un_votes_additions.csv")})
    err = info.value
    assert err.file.endswith("un_votes.csv") and (err.row, err.column) == (line_no, "vote_id")
    assert "duplicate vote_id 'UNGA-TC-2014-amendment'" in str(err)


def test_metadata_of_the_new_files():
    additions = read_origin(raw_path("un_votes_additions.csv"))
    assert "Voeten" in additions.producer and "dossier" not in additions.model_dump_json().lower()
    kinds = {c.kind for c in additions.retrieved_from}
    assert {"database export", "news report"} <= kinds
    roll = read_origin(raw_path("unga_roll_calls_by_country.csv"))
    assert roll.producer.startswith("Erik Voeten")
    assert roll.retrieved_from[0].name.startswith("GitHub dgrtwo/unvotes")
    copy = roll.retrieved_from[0]
    assert copy.name == "GitHub dgrtwo/unvotes" and "7eb7034314ff79c49c9e0785fcd9d216fa04cf14" in copy.url
    votes_meta = read_origin(raw_path("un_votes.csv"))
    assert "action_id" in votes_meta.columns
    assert any("106-20-57" in c and "roll-call" in c for c in votes_meta.conflicts)


def test_no_raw_cell_or_description_cites_a_dossier():
    for name in ("un_votes.csv", "un_votes_additions.csv", "treaty_body_reviews.csv", "treaty_events.csv",
                 "un_membership.csv"):  # fmt: skip
        assert "dossier" not in raw_path(name).read_text(encoding="utf-8").lower(), name
    for name in ("un_votes", "treaty_body_reviews", "treaties", "un_membership", "unga_roll_calls", "unga_roll_call_totals"):
        spec = catalog.spec(name)
        assert not any("dossier" in text.lower() for text in [spec.description, *spec.descriptions.values()])
    assert "dossier" not in (tr.__doc__ or "").lower()


# --------------------------------------------------------------------------------------------
# how each State voted


@pytest.fixture(scope="module")
def roll_calls():
    return registry.build("unga_roll_calls")


#: Totals counted from the per-State rows: resolution -> (year, yes, no, abstain).
ROLL_CALL_TOTALS = {
    "60/173": (2005, 88, 21, 60), "61/174": (2006, 99, 21, 56), "62/167": (2007, 102, 22, 58),
    "63/190": (2008, 94, 22, 63), "64/175": (2009, 98, 20, 63), "65/225": (2010, 106, 20, 57),
    "66/174": (2011, 123, 16, 51), "69/188": (2014, 116, 20, 53), "70/172": (2015, 119, 19, 48),
}  # fmt: skip


def test_roll_call_shape(roll_calls):
    assert len(roll_calls) == 1635
    assert roll_calls["country_as_written"].nunique() == 192
    assert roll_calls["rcid"].nunique() == 9
    assert list(roll_calls.columns) == catalog.spec("unga_roll_calls").columns


@pytest.mark.parametrize("resolution", ROLL_CALL_TOTALS)
def test_roll_call_totals(roll_calls, resolution):
    rows = roll_calls[roll_calls["resolution"] == resolution]
    year, yes, no, abstain = ROLL_CALL_TOTALS[resolution]
    assert set(rows["year"]) == {year}
    counts = rows["vote"].value_counts()
    assert (counts.get("yes", 0), counts.get("no", 0), counts.get("abstain", 0)) == (yes, no, abstain)


def test_every_state_is_mapped(roll_calls):
    """Every name resolves through the same mapping as the UPR States; none is left unmatched."""
    from cohen_analysis.countries import resolve_many

    names = sorted(set(roll_calls["country_as_written"]))
    unmatched = [n for n, s in resolve_many(names).items() if s is None]
    assert unmatched == []
    assert roll_calls[["state", "iso3", "region"]].notna().all().all()
    assert set(roll_calls["region"]) == {"Africa", "America", "Asia", "Europe", "Oceania"}
    assert not roll_calls.duplicated(["rcid", "iso3"]).any()


def test_state_mapping_agrees_with_the_source_codes(roll_calls):
    from cohen_analysis.countries import _converter

    data = _converter()[0].data
    to_iso2 = dict(zip(data["ISO3"], data["ISO2"]))
    pairs = roll_calls[["country_as_written", "country_code", "iso3"]].drop_duplicates()
    pairs = pairs[pairs["country_code"] != "YU"]  # Yugoslavia: the seat of Serbia (and Montenegro)
    import re

    # country_converter keeps ISO2 as a pattern where a country has two codes (Greece: GR or EL)
    wrong = [(n, c, i) for n, c, i in pairs.itertuples(index=False)
             if not re.fullmatch(f"{to_iso2[i]}" if "^" in to_iso2[i] else re.escape(to_iso2[i]), c)]  # fmt: skip
    assert wrong == []


def test_yugoslavia_seat(roll_calls):
    yu = roll_calls[roll_calls["country_code"] == "YU"].set_index("year")
    assert yu.loc[2005, "state"] == "Serbia and Montenegro" and yu.loc[2005, "iso3"] == "SCG"
    assert set(yu.loc[yu.index > 2005, "iso3"]) == {"SRB"}


def test_named_votes(roll_calls):
    def vote(state, year):
        return roll_calls.loc[(roll_calls["iso3"] == state) & (roll_calls["year"] == year), "vote"].tolist()

    assert vote("KOR", 2005) == ["abstain"] and vote("KOR", 2006) == ["yes"] and vote("KOR", 2007) == ["abstain"]
    assert vote("PRK", 2014) == ["no"] and vote("CHN", 2014) == ["no"] and vote("JPN", 2014) == ["yes"]


def test_roll_call_totals_checked_against_votes():
    totals = registry.build("unga_roll_call_totals").set_index("year")
    assert list(totals.index) == [2005, 2006, 2007, 2008, 2009, 2010, 2011, 2014, 2015]
    assert totals.loc[2007, "status"] == "conflict recorded" and totals.loc[2007, "preferred_tally"] == "101-22-59"
    assert totals.loc[2009, "status"] == "conflict recorded" and totals.loc[2009, "preferred_tally"] == "99-20-63"
    assert totals.loc[2010, "status"] == "matches the preferred tally" and totals.loc[2010, "preferred_tally"] == "106-20-57"
    assert totals["matches_preferred"].sum() == 7
    assert totals.loc[2007, "matching_vote_ids"] == ["UNGA-PL-2007-VOETEN"]
    assert totals.loc[2005, "matching_vote_ids"] == ["UNGA-PL-2005", "UNGA-PL-2005-VOETEN"]
    assert totals.loc[2014, ["yes", "no", "abstain"]].tolist() == [116, 20, 53]


def test_roll_call_total_matching_no_tally_is_an_error(roll_calls, votes):
    # drop the kept 2009 roll-call report: the 98-20-63 total then matches nothing
    trimmed = votes[votes["vote_id"] != "UNGA-PL-2009-VOETEN"]
    with pytest.raises(DataError) as info:
        registry.build("unga_roll_call_totals", datasets={"unga_roll_calls": roll_calls, "un_votes": trimmed})
    err = info.value
    first = int(roll_calls.loc[roll_calls["resolution"] == "64/175", "raw_line"].min())
    assert err.file.endswith("unga_roll_calls_by_country.csv") and (err.row, err.column) == (first, "vote")
    assert "98-20-63" in str(err) and "UNGA-PL-2009" in str(err)


ROLL_HEADER = ["rcid", "session", "date", "resolution", "country", "country_code", "vote"]
GOOD_ROLL = {"rcid": "5377", "session": "69", "date": "2014-12-18", "resolution": "A/RES/69/188", "country": "Japan",
             "country_code": "JP", "vote": "yes"}  # fmt: skip


def _roll_file(tmp_path, rows):
    path = tmp_path / "rolls.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=ROLL_HEADER, lineterminator="\n")
        w.writeheader()
        w.writerows([{**GOOD_ROLL, **r} for r in rows])
    return path


@pytest.mark.parametrize(
    "bad, column, fragment",
    [
        ({"country": "Atlantis", "country_code": "AT"}, "country", "unknown State 'Atlantis'"),
        ({"vote": "absent"}, "vote", "unknown value"),
        ({"resolution": "69/188"}, "resolution", "bad resolution symbol"),
        ({"resolution": "A/RES/70/172"}, "resolution", "not of session 69"),
        ({"date": "18 Dec 2014"}, "date", "bad date"),
        ({"country": "Chile", "country_code": "CL"}, "rcid", "duplicate value"),
        ({"country": "Chile", "country_code": "CH"}, "rcid", "duplicate value"),
        ({"country": "Peru", "country_code": "CL"}, "rcid", "duplicate row"),
        ({"country_code": "jp"}, "country_code", "fails check"),
        ({"session": "seventy"}, "session", "non-numeric count"),
        ({"country": "Republic of Chile", "country_code": "CL"}, "country", "two rows for the State Chile (CHL)"),
        ({"date": "2014-12-19"}, "date", "roll call 5377 has more than one date"),
    ],
)
def test_roll_call_bad_input(tmp_path, bad, column, fragment):
    path = _roll_file(tmp_path, [{"country": "Chile", "country_code": "CL"}, bad])
    with pytest.raises(DataError) as info:
        registry.build("unga_roll_calls", files={tr.ROLL_CALLS: path})
    err = info.value
    assert err.file.endswith("rolls.csv") and (err.row, err.column) == (3, column), str(err)
    assert fragment in str(err)


# --------------------------------------------------------------------------------------------
# treaty-body reviews


@pytest.fixture(scope="module")
def reviews():
    return registry.build("treaty_body_reviews")


#: (treaty, report, step) -> (date, precision, session, symbol)
REVIEWS = {
    ("CEDAW", "initial", "report considered"): ("2005-07-18", "day", 33, "CEDAW/C/PRK/1"),
    ("CEDAW", "initial", "concluding observations"): ("2005-07-22", "day", 33, "A/60/38"),
    ("CEDAW", "combined second to fourth periodic", "report considered"): ("2017-11-08", "day", 68, "CEDAW/C/PRK/2-4"),
    ("CEDAW", "combined second to fourth periodic", "concluding observations"): ("2017-11-01", "month", 68, "CEDAW/C/PRK/CO/2-4"),
    ("CRC", "combined third and fourth periodic", "report considered"): ("2009-01-23", "day", 50, "CRC/C/PRK/4"),
    ("CRC", "second periodic", "concluding observations"): ("2004-06-04", "day", 36, "CRC/C/15/Add.239"),
    ("CRC", "fifth periodic", "concluding observations"): ("2017-09-29", "day", None, "CRC/C/PRK/CO/5"),
    ("CRPD", "initial", "report considered"): ("2025-08-12", "day", None, None),
    ("CRPD", "initial", "concluding observations"): ("2025-08-19", "day", None, "CRPD/C/PRK/CO/1"),
    ("ICCPR", "second periodic", "report considered"): ("2001-07-19", "day", 72, "CCPR/C/PRK/2000/2"),
    ("ICESCR", "second periodic", "report considered"): ("2003-11-19", "day", 31, "E/1990/6/Add.35"),
}  # fmt: skip


@pytest.mark.parametrize("key", REVIEWS, ids=lambda k: "-".join(k))
def test_review_dates_and_symbols(reviews, key):
    treaty, report, step = key
    rows = reviews[(reviews["treaty"] == treaty) & (reviews["report"] == report) & (reviews["step"] == step)]
    assert len(rows) == 1
    row = rows.iloc[0]
    date, precision, session, symbol = REVIEWS[key]
    assert (row["date_start"], row["date_start_precision"]) == (pd.Timestamp(date), precision)
    assert (None if pd.isna(row["session"]) else int(row["session"])) == session
    assert row["document_symbols"] == ([] if symbol is None else [symbol])


def test_reviews_not_found_only_where_the_sources_lack_them(reviews):
    notes = " ".join(reviews["note"].dropna())
    assert "2017 concluding observations were not found" not in notes
    assert "3rd-4th report (c. 2009) not found" not in notes
    cedaw_co = reviews[reviews["document_symbols"].map(lambda s: s == ["CEDAW/C/PRK/CO/2-4"])].iloc[0]
    assert cedaw_co["symbol_status"] == "not verified"
    assert len(reviews) == 21
