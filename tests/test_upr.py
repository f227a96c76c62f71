"""UPR of the DPRK: the steps on small synthetic files (bad ones included) and the real data.

Synthetic rows use placeholder words only; no recommendation text appears in this file.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from cohen_analysis import catalog, registry
from cohen_analysis.errors import DataError
from cohen_analysis.metadata import read_origin
from cohen_analysis.paths import RAW_DIR

DOSSIER = Path(__file__).resolve().parents[2] / "shared" / "research" / "upr"
C1, C2, CYCLES = "upr/recommendations_2009_cycle1.csv", "upr/recommendations_2014_cycle2.csv", "upr/cycles.csv"
#: The columns of the cycle-2 file; the cycle-1 file adds response_final_confidence.
REC_COLUMNS = [
    "cycle", "review_year", "wg_report", "rec_id", "recommending_states", "decision_source", "response_wg",
    "uprinfo_response", "uprinfo_n_entries", "uprinfo_issues", "response_final", "response_final_source",
]

WG_EXAMINE = "to be examined (responses due by HRC13); para 90"
WG_NOT = "did not enjoy the support of DPRK; para 91"


def rec_row(**kw):
    row = {
        "cycle": "1",
        "review_year": "2009",
        "wg_report": "A/HRC/13/13",
        "rec_id": "90.1",
        "recommending_states": "Chile",
        "decision_source": "consider",
        "response_wg": WG_EXAMINE,
        "uprinfo_response": "Noted",
        "uprinfo_n_entries": "1",
        "uprinfo_issues": "Labour,Other",
        "response_final": "Accepted (A)",
        "response_final_source": "placeholder source",
        "response_final_confidence": "",
    }
    row.update(kw)
    return row


def write_csv(path: Path, rows: list[dict], drop: str | None = None, cycle1: bool = True) -> Path:
    columns = [c for c in REC_COLUMNS + ["response_final_confidence"] * cycle1 if c != drop]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def build_recs(c1: Path, c2: Path | None = None) -> pd.DataFrame:
    """upr_recommendations from ``c1`` in place of the cycle-1 file and ``c2`` (default: no rows) of the cycle-2 file."""
    c2 = c2 or write_csv(c1.parent / "empty_c2.csv", [], cycle1=False)
    return registry.build("upr_recommendations", files={C1: c1, C2: c2})


def good_rows():
    return [
        rec_row(),
        rec_row(rec_id="90.2", recommending_states="Lao People\u2019s Democratic Republic", response_final="unknown per-rec (placeholder)"),
        rec_row(rec_id="91.1", recommending_states="Slovenia and Austria", decision_source="reject", response_wg=WG_NOT,
                response_final="Not supported (WG stage)", uprinfo_issues="NHRI"),
    ]


def assert_where(exc, file: str, row: int, column: str):
    msg = str(exc.value)
    assert file in msg, msg
    assert f"row {row}" in msg, msg
    assert f"column '{column}'" in msg, msg
    assert exc.value.row == row and exc.value.column == column


# --- unit tests: recommendations --------------------------------------------------------------


def test_clean_good_file(tmp_path):
    out = build_recs(write_csv(tmp_path / "recs.csv", good_rows()))
    assert list(out.columns) == catalog.spec("upr_recommendations").columns
    assert len(out) == 4  # the joint recommendation gives one row per State
    assert out["rec_id"].tolist() == ["90.1", "90.2", "91.1", "91.1"]
    assert out["iso3"].tolist() == ["CHL", "LAO", "SVN", "AUT"]
    assert out["state_as_written"].tolist()[2:] == ["Slovenia", "Austria"]
    assert out["recommending_states_as_written"].iloc[3] == "Slovenia and Austria"
    assert out["n_states"].tolist() == [1, 1, 2, 2]
    assert out["response_wg"].tolist() == ["to be examined", "to be examined", "rejected", "rejected"]
    assert out["response_final"].tolist() == ["supported", "unknown", "rejected", "rejected"]
    assert out["response_final_possible"].tolist() == [
        ["supported"], ["supported", "partially supported", "noted", "rejected"], ["rejected"], ["rejected"]]
    assert out["response_final_original"].iloc[0] == "Accepted (A)"
    assert out["issues"].tolist() == [["labour", "other"], ["labour", "other"], ["nhri"], ["nhri"]]
    assert out["raw_line"].tolist() == [2, 3, 4, 4]
    assert out["raw_file"].unique().tolist() == [C1]
    assert out["response_final_confidence"].isna().all()
    assert str(out["cycle"].dtype) == "Int64" and str(out["state"].dtype) == "string"


def test_missing_column(tmp_path):
    path = write_csv(tmp_path / "recs.csv", good_rows(), drop="response_wg")
    with pytest.raises(DataError) as exc:
        build_recs(path)
    assert_where(exc, "recs.csv", 1, "response_wg")


def test_unknown_response_wording(tmp_path):
    rows = good_rows()
    rows[1]["response_final"] = "placeholder wording"
    with pytest.raises(DataError, match="unknown response wording 'placeholder wording' \\(read as 'placeholder wording'\\)") as exc:
        build_recs(write_csv(tmp_path / "recs.csv", rows))
    assert_where(exc, "recs.csv", 3, "response_final")


def test_unknown_wg_wording(tmp_path):
    rows = good_rows()
    rows[0]["response_wg"] = "foo bar"
    with pytest.raises(DataError) as exc:
        build_recs(write_csv(tmp_path / "recs.csv", rows))
    assert_where(exc, "recs.csv", 2, "response_wg")


def test_unknown_decision_code(tmp_path):
    rows = good_rows()
    rows[1]["decision_source"] = "maybe"
    with pytest.raises(DataError, match="unknown value 'maybe'") as exc:
        build_recs(write_csv(tmp_path / "recs.csv", rows))
    assert_where(exc, "recs.csv", 3, "decision_source")


def test_wg_response_contradicting_decision_code(tmp_path):
    rows = good_rows()
    rows[2]["decision_source"] = "consider"
    with pytest.raises(DataError, match="contradicts the source's decision code 'consider'") as exc:
        build_recs(write_csv(tmp_path / "recs.csv", rows))
    assert_where(exc, "recs.csv", 4, "response_wg")


def test_duplicate_id_in_a_file(tmp_path):
    rows = good_rows() + [rec_row(rec_id="90.2", recommending_states="Mexico")]
    with pytest.raises(DataError, match="duplicate recommendation id '90.2' in cycle 1 \\(first in .* row 3\\)") as exc:
        build_recs(write_csv(tmp_path / "recs.csv", rows))
    assert_where(exc, "recs.csv", 5, "rec_id")


def test_duplicate_id_across_files_of_one_cycle(tmp_path):
    a = write_csv(tmp_path / "a.csv", good_rows())
    b = write_csv(tmp_path / "b.csv", [rec_row(rec_id="90.5"), rec_row(rec_id="91.1", recommending_states="Mexico")], cycle1=False)
    with pytest.raises(DataError, match="duplicate recommendation id '91.1'") as exc:
        build_recs(a, b)
    assert_where(exc, "b.csv", 3, "rec_id")
    # the same id in another cycle is fine
    c = write_csv(tmp_path / "c.csv", [rec_row(cycle="2", review_year="2014", rec_id="91.1")], cycle1=False)
    out = build_recs(a, c)
    assert len(out) == 5
    assert out[["cycle", "rec_id", "raw_file"]].iloc[-1].tolist() == [2, "91.1", C2]


def test_unknown_state(tmp_path):
    rows = good_rows()
    rows[1]["recommending_states"] = "Xyzzyland"
    with pytest.raises(DataError, match="Xyzzyland") as exc:
        build_recs(write_csv(tmp_path / "recs.csv", rows))
    assert_where(exc, "recs.csv", 3, "recommending_states")


def test_unknown_issue_tag(tmp_path):
    rows = good_rows()
    rows[2]["uprinfo_issues"] = "Labour,Placeholder tag"
    with pytest.raises(DataError, match="unknown UPR Info issue tag 'Placeholder tag'") as exc:
        build_recs(write_csv(tmp_path / "recs.csv", rows))
    assert_where(exc, "recs.csv", 4, "uprinfo_issues")


@pytest.mark.parametrize("bad", ["90", "x.1", "90.1a"])
def test_malformed_rec_id(tmp_path, bad):
    rows = good_rows()
    rows[1]["rec_id"] = bad
    with pytest.raises(DataError, match="malformed") as exc:
        build_recs(write_csv(tmp_path / "recs.csv", rows))
    assert_where(exc, "recs.csv", 3, "rec_id")


def test_non_numeric_cycle(tmp_path):
    rows = good_rows()
    rows[0]["cycle"] = "one"
    with pytest.raises(DataError) as exc:
        build_recs(write_csv(tmp_path / "recs.csv", rows))
    assert_where(exc, "recs.csv", 2, "cycle")


def test_missing_required_cell(tmp_path):
    rows = good_rows()
    rows[2]["response_final"] = " "
    with pytest.raises(DataError, match="value is missing") as exc:
        build_recs(write_csv(tmp_path / "recs.csv", rows))
    assert_where(exc, "recs.csv", 4, "response_final")


# --- unit tests: cycles ------------------------------------------------------------------------


def cycles_rows():
    with (RAW_DIR / CYCLES).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_cycles(path: Path, rows) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def build_cycles(path: Path) -> pd.DataFrame:
    return registry.build("upr_cycles", files={CYCLES: path})


def test_cycles_bad_figure(tmp_path):
    rows = cycles_rows()
    rows[1]["states_spoke"] = "about 85"
    with pytest.raises(DataError, match="expected a count, optionally followed by '\\(note\\)', got 'about 85'") as exc:
        build_cycles(write_cycles(tmp_path / "cycles.csv", rows))
    assert_where(exc, "cycles.csv", 3, "states_spoke")


def test_cycles_split_must_add_up(tmp_path):
    rows = cycles_rows()
    rows[0]["wg_noted_or_not_supported"] = "51"
    with pytest.raises(DataError, match="Working Group split 117 \\+ 51 != 167") as exc:
        build_cycles(write_cycles(tmp_path / "cycles.csv", rows))
    assert_where(exc, "cycles.csv", 2, "wg_supported_or_examined")
    rows = cycles_rows()
    rows[2]["final_partially_supported"] = "1 (placeholder)"
    with pytest.raises(DataError, match="final split 132 \\+ 1 \\+ 130 != 262") as exc:
        build_cycles(write_cycles(tmp_path / "cycles.csv", rows))
    assert_where(exc, "cycles.csv", 4, "final_supported")


def test_cycles_bad_confidence_and_date(tmp_path):
    rows = cycles_rows()
    rows[2]["confidence_wg"] = "sure"
    with pytest.raises(DataError) as exc:
        build_cycles(write_cycles(tmp_path / "cycles.csv", rows))
    assert_where(exc, "cycles.csv", 4, "confidence_wg")
    rows = cycles_rows()
    rows[3]["hrc_adoption_date"] = "25 March 2025"
    with pytest.raises(DataError) as exc:
        build_cycles(write_cycles(tmp_path / "cycles.csv", rows))
    assert_where(exc, "cycles.csv", 5, "hrc_adoption_date")


def test_cycles_missing_required(tmp_path):
    rows = cycles_rows()
    rows[1]["review_date"] = ""
    with pytest.raises(DataError, match="value is missing") as exc:
        build_cycles(write_cycles(tmp_path / "cycles.csv", rows))
    assert_where(exc, "cycles.csv", 3, "review_date")


# --- data tests ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def recs() -> pd.DataFrame:
    return registry.build("upr_recommendations")


@pytest.fixture(scope="module")
def cycles() -> pd.DataFrame:
    return registry.build("upr_cycles").set_index("cycle")


def test_metadata_valid():
    for name in ("recommendations_2009_cycle1.csv", "recommendations_2014_cycle2.csv", "cycles.csv"):
        origin = read_origin(RAW_DIR / "upr" / name)
        assert origin.citation_short


def test_totals_and_wg_split(recs):
    per_rec = recs.drop_duplicates(["cycle", "rec_id"])
    assert per_rec.groupby("cycle").size().to_dict() == {1: 167, 2: 268}
    split = per_rec.groupby(["cycle", "response_wg"]).size().to_dict()
    assert split == {(1, "to be examined"): 117, (1, "rejected"): 50, (2, "to be examined"): 185, (2, "noted"): 83}
    assert 117 + 50 == 167 and 185 + 83 == 268
    paras = per_rec.groupby(["cycle", "paragraph"]).size().to_dict()
    assert paras == {(1, 90): 117, (1, 91): 50, (2, 124): 185, (2, 125): 83}
    assert (recs["n_states"] == 1).all()  # no joint recommendation in the DPRK reports


def test_final_responses(recs):
    final = recs.groupby(["cycle", "response_final"]).size().to_dict()
    assert final == {
        (1, "supported"): 6, (1, "partially supported"): 1, (1, "noted"): 1, (1, "unknown"): 109, (1, "rejected"): 50,
        (2, "supported"): 113, (2, "partially supported"): 1, (2, "noted"): 154,
    }
    c2 = recs[recs["cycle"] == 2]
    assert (c2.loc[c2["response_uprinfo"] == "Accepted", "response_final"] == "supported").all()
    assert c2.loc[c2["rec_id"] == "124.7", "response_uprinfo"].item() == "Accepted+Noted"
    assert (recs.loc[recs["cycle"] == 1, "response_uprinfo"] == "Noted").all()


def test_recommendations_agree_with_cycles(recs, cycles):
    per_rec = recs.drop_duplicates(["cycle", "rec_id"])
    for cycle in (1, 2):
        sub = per_rec[per_rec["cycle"] == cycle]
        row = cycles.loc[cycle]
        assert len(sub) == row["n_recommendations"]
        assert (sub["response_wg"] == "to be examined").sum() == row["wg_supported_or_examined"]
        assert recs.loc[recs["cycle"] == cycle, "iso3"].nunique() == row["n_recommending_states"]
    c2 = per_rec[per_rec["cycle"] == 2]["response_final"].value_counts()
    assert c2["supported"] == cycles.loc[2, "final_supported"] == 113
    assert c2["partially supported"] == cycles.loc[2, "final_partially_supported"] == 1
    assert c2["noted"] == cycles.loc[2, "final_not_supported"] == 154


def test_cycles_figures(cycles):
    assert cycles["n_recommendations"].tolist() == [167, 268, 262, 294]
    assert cycles["states_spoke"].tolist()[:3] == [52, 85, 88] and pd.isna(cycles.loc[4, "states_spoke"])
    assert cycles.loc[2, "states_spoke_note"] == "KBS 52536: 86 attended"
    assert cycles.loc[4, "states_registered"] == 91
    assert "169" in cycles.loc[1, "n_recommendations_note"] and "306" in cycles.loc[4, "n_recommendations_note"]
    assert cycles["wg_noted_or_not_supported"].tolist() == [50, 83, 63, 88]
    assert cycles["wg_supported_or_examined"].tolist()[:3] == [117, 185, 199]
    assert cycles["supported_at_adoption"].tolist() == [0, 113, 132, 143]
    assert cycles["final_supported"].tolist() == [81, 113, 132, 143]
    assert cycles["final_not_supported"].tolist() == [80, 154, 130, 144]
    assert cycles.loc[3, "troika"] == ["Eritrea", "Fiji", "Spain"] and cycles.loc[4, "troika"] is None
    assert cycles["review_date"].dt.strftime("%Y-%m-%d").tolist() == ["2009-12-07", "2014-05-01", "2019-05-09", "2024-11-07"]
    assert cycles["hrc_adoption_date"].dt.strftime("%Y-%m-%d").tolist() == ["2010-03-18", "2014-09-19", "2019-09-20", "2025-03-25"]
    assert set(cycles["confidence_final"]) <= {"high", "medium", "low", "mixed"}


# The recommendations the essay names (paragraph 23): not rejected in 2009, i.e. "to be examined".
ESSAY = {
    "90.25": ("USA", "nhri"),  # national human rights institution, proposed by the United States
    "90.1": ("CHL", "international instruments"),  # ratify ILO C182 (child labour), CRPD and others
    "90.2": ("PHL", "disabilities"),  # CRPD
    "90.10": ("BRA", "labour"),  # join the ILO, core conventions
    "90.11": ("ESP", "labour"),
    "90.12": ("USA", "labour"),
    "90.42": ("KOR", "special procedures"),  # access for UN human rights mechanisms
    "90.106": ("GBR", "right to food"),  # food reaching the most vulnerable
}


@pytest.mark.parametrize("rec_id", list(ESSAY))
def test_essay_named_recommendations(recs, rec_id):
    iso3, issue = ESSAY[rec_id]
    row = recs[(recs["cycle"] == 1) & (recs["rec_id"] == rec_id)]
    assert len(row) == 1
    row = row.iloc[0]
    assert row["iso3"] == iso3
    assert issue in row["issues"]
    assert row["response_wg"] == "to be examined"


def test_essay_named_final_responses(recs):
    c1 = recs[recs["cycle"] == 1].set_index("rec_id")
    # 90.1: UPR Info "A" (accepted or partially) but absent from the DPRK's fully accepted list: a deduction
    assert c1.loc["90.1", ["response_final", "response_final_confidence"]].tolist() == ["partially supported", "low-medium"]
    assert c1.loc["90.2", "response_final"] == "supported"
    assert c1.loc["90.25", "response_final"] == "unknown"
    assert c1.loc["90.25", "response_final_possible"] == ["supported", "partially supported", "noted", "rejected"]
    assert c1.loc["90.25", "state"] == "United States"


def test_cycle1_final_responses_2014(recs):
    c1 = recs[recs["cycle"] == 1].set_index("rec_id")
    # UPR Info's "P" is pending, the DPRK's "noted", not partially accepted
    assert c1.loc["90.4", ["response_final", "response_final_possible", "response_final_confidence"]].tolist() == [
        "noted", ["noted"], "medium"]
    accepted = sorted(c1.index[c1["response_final"] == "supported"], key=lambda r: int(r.split(".")[1]))
    assert accepted == ["90.2", "90.3", "90.17", "90.18", "90.19", "90.20"]
    assert c1.loc[["90.2", "90.3"], "response_final_confidence"].tolist() == ["high", "high"]
    assert set(c1.loc[[f"90.{n}" for n in range(17, 21)], "response_final_confidence"]) == {"medium"}
    not_fully = c1[c1["response_final_possible"].map(lambda v: v == ["partially supported", "noted", "rejected"])]
    assert sorted(int(r.split(".")[1]) for r in not_fully.index) == list(range(5, 17))
    assert (not_fully["response_final"] == "unknown").all()
    assert c1.loc[["90.71", "90.82"], "response_final_possible"].tolist() == [["noted", "rejected"]] * 2
    assert c1.loc[["90.71", "90.82"], "response_final_confidence"].tolist() == ["low", "low"]
    para90 = c1[c1["paragraph"] == 90]
    assert len(para90) == 117
    assert para90["response_final_possible"].map(lambda v: v == ["supported", "partially supported", "noted", "rejected"]).sum() == 95
    # the copies the answers were read from are named, and no recommendation text is stored
    assert "studylib.net" in c1.loc["90.17", "response_final_source"]
    assert "docslib.org" in c1.loc["90.4", "response_final_source"]


def test_new_final_wordings_map(tmp_path):
    header = ",".join(REC_COLUMNS) + ",response_final_confidence\n"
    row = ('1,2009,A/HRC/13/13,90.5,Hungary,consider,to be examined; para 90,Noted,1,Labour,'
           '"Not fully accepted (partially accepted, noted or rejected)",DPRK paper,{conf}\n')
    path = tmp_path / "r.csv"
    path.write_text(header + row.format(conf="medium"), encoding="utf-8")
    out = build_recs(path)
    assert out.loc[0, ["response_final", "response_final_possible", "response_final_confidence"]].tolist() == [
        "unknown", ["partially supported", "noted", "rejected"], "medium"]
    path.write_text(header + row.format(conf="certain"), encoding="utf-8")
    with pytest.raises(DataError) as err:
        build_recs(path)
    assert (err.value.row, err.value.column) == (2, "response_final_confidence")


def test_issues_table(recs):
    issues = registry.build("upr_issues")
    assert list(issues.columns) == catalog.spec("upr_issues").columns
    per_rec = recs.drop_duplicates(["cycle", "rec_id"])
    assert len(issues) == per_rec["issues"].str.len().sum() == 761
    assert issues.drop_duplicates(["cycle", "rec_id"]).shape[0] == 167 + 268
    assert not issues.duplicated(["cycle", "rec_id", "issue"]).any()
    nhri = issues[(issues["cycle"] == 1) & (issues["issue"] == "nhri")]
    assert "90.25" in set(nhri["rec_id"])


@pytest.mark.skipif(not (DOSSIER / "dprk_upr_recs_by_state_c1_c2.csv").exists(), reason="research dossier not available")
def test_counts_by_state_agree_with_dossier(recs):
    from cohen_analysis.countries import canonical

    dossier = pd.read_csv(DOSSIER / "dprk_upr_recs_by_state_c1_c2.csv", dtype=str, keep_default_na=False)
    dossier["iso3"] = [canonical(s).iso3 for s in dossier["state"]]
    counts = recs.groupby(["iso3", "cycle", "paragraph"]).size()
    def n(iso3, cycle, para=None):
        if para is None:
            return int(counts.loc[iso3].loc[cycle].sum()) if (iso3, cycle) in counts.droplevel(2).index else 0
        return int(counts.get((iso3, cycle, para), 0))
    for _, row in dossier.iterrows():
        iso3 = row["iso3"]
        assert n(iso3, 1) == int(row["c1_total"]), row["state"]
        assert n(iso3, 1, 90) == int(row["c1_para90_to_be_examined"]), row["state"]
        assert n(iso3, 1, 91) == int(row["c1_para91_not_supported"]), row["state"]
        assert n(iso3, 2) == int(row["c2_total"]), row["state"]
        assert n(iso3, 2, 124) == int(row["c2_para124_to_be_examined"]), row["state"]
        assert n(iso3, 2, 125) == int(row["c2_para125_noted_wg"]), row["state"]
    # a few pinned by hand
    assert n("LAO", 1) == 2  # "Laos" and "Lao People's Democratic Republic": one State
    assert dossier.loc[dossier["iso3"] == "AUS", ["c1_total", "c2_total"]].values.tolist() == [["2", "4"]]


def test_load_in_fresh_process():
    import subprocess
    import sys

    code = "import cohen_analysis as ca; f = ca.load('upr_recommendations'); print(len(f), f['rec_id'].nunique())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["435", "435"]


def test_load():
    import cohen_analysis as ca

    frame = ca.load("upr_recommendations")
    assert len(frame.drop_duplicates(["cycle", "rec_id"])) == 435
    assert list(frame.columns) == catalog.spec("upr_recommendations").columns
    # list fields: lists in Parquet, JSON arrays in the CSV
    row = frame[(frame["cycle"] == 1) & (frame["rec_id"] == "90.4")].iloc[0]
    assert list(row["response_final_possible"]) == ["noted"] and "nhri" not in list(row["issues"])
    from cohen_analysis.paths import PROCESSED_DIR

    text = pd.read_csv(PROCESSED_DIR / "upr_recommendations.csv", dtype=str).set_index(["cycle", "rec_id"])
    assert json.loads(text.loc[("1", "90.25"), "response_final_possible"]) == [
        "supported", "partially supported", "noted", "rejected"]
    assert "nhri" in json.loads(text.loc[("1", "90.25"), "issues"])


def test_cycle1_final_responses_agree_with_supplement(recs, shared_dir):
    """Every cycle-1 final answer found in the supplement's table is recorded with the same category."""
    path = shared_dir / "research" / "supplement" / "upr_cycle1_final_responses.csv"
    with path.open(encoding="utf-8", newline="") as f:
        found = {r["rec_id"]: r["response"] for r in csv.DictReader(f) if r["response"] != "not found"}
    assert len(found) == 22
    expected = {
        "accepted": "supported", "noted": "noted", "partially accepted (deduced)": "partially supported",
    }
    c1 = recs[recs["cycle"] == 1].set_index("rec_id")
    for rec_id, response in found.items():
        if response.startswith("not fully accepted"):
            assert c1.loc[rec_id, "response_final_possible"] == ["partially supported", "noted", "rejected"], rec_id
        elif response.startswith("rejected or noted"):
            assert c1.loc[rec_id, "response_final_possible"] == ["noted", "rejected"], rec_id
        else:
            assert c1.loc[rec_id, "response_final"] == expected[response], rec_id
