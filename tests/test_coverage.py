"""Coverage declarations: what each series should hold, what it lacks, and sentences that say so."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from cohen_analysis import coverage, registry
from cohen_analysis.coverage import CoverageError
from cohen_analysis.notebook import Notebook


# ------------------------------------------------------------------ declarations and real gaps
def test_every_declaration_names_a_dataset_and_its_columns():
    for name, spec in coverage.declarations().items():
        ds = registry.get(name)
        year = spec["year"]
        cols = list(year.values()) if isinstance(year, dict) else [year]
        cols += list(spec.get("filter") or {}) + [c for c in (spec.get("group"), spec.get("value")) if c]
        assert set(cols) <= set(ds.columns), (name, set(cols) - set(ds.columns))
        assert coverage.gaps(name).n_expected > 0


def test_us_refugee_admissions_lack_fy2020_onward():
    cov = coverage.gaps("us_refugee_admissions")
    assert cov.missing_labels == ["FY2020", "FY2021", "FY2022", "FY2023", "FY2024", "FY2025"]
    assert (cov.n_expected, cov.n_found) == (20, 14)  # the FY2018+FY2019 row covers both years
    assert cov.note() == "FY2006-FY2025; 6 fiscal years not found (FY2020-FY2025)"
    assert coverage.gaps("us_refugee_admissions", years=(2006, 2019)).complete


def test_wfp_years_not_found():
    cov = coverage.gaps("wfp_deliveries")
    missing = [1998, 1999, 2000, 2003, 2004, 2005, 2006, 2007, 2009] + list(range(2018, 2026))
    assert cov.missing[""] == missing
    # the 2003-2005 per-year level and the 1996-2000 average are not yearly figures
    assert cov.note() == "1995-2025; 17 years not found (1998-2000, 2003-2007, 2009, 2018-2025)"
    assert coverage.gaps("wfp_deliveries", years=(2010, 2017)).complete


def test_other_series_gaps_pinned():
    assert coverage.gaps("rok_aid").missing_labels == ["2013"]  # total blank: extraction error in the source
    assert coverage.gaps("defectors").complete  # grouped periods cover their years
    assert coverage.gaps("humanitarian_funding").complete
    deaths = coverage.gaps("separated_family_deaths")
    # 2004-2008: only the 2004-2011 total (not preferred: 2009-2011 have their own counts) and a part-year 2008
    assert deaths.missing_labels == ["2004", "2005", "2006", "2007", "2008", "2020", "2021"]
    appeals = coverage.gaps("un_appeals")
    assert appeals.n_expected == 17  # 1998-2004 and 2011-2020: no appeal 2005-2010
    assert appeals.missing_labels == ["1999", "2001", "2011", "2014", "2017"]


def test_un_votes_by_body_and_year():
    v = registry.load("un_votes")
    cov = coverage.gaps("un_votes")
    assert set(cov.expected) == {"UNGA Third Committee", "UNGA plenary", "HRC"}
    assert cov.n_expected == 20 + 20 + 18
    # what the declaration counts as found equals the preferred resolution rows, one per body and year
    sel = v[v["preferred"].astype(bool) & (v["subject"] == "resolution") & v["body"].isin(cov.expected)]
    sel = sel[[y in cov.expected[b] for b, y in zip(sel["body"], sel["date"].dt.year)]]
    assert cov.n_found == sel.groupby(["body", sel["date"].dt.year]).ngroups
    assert cov.complete  # the full record: Third Committee and plenary 2005-2024, HRC 2008-2025
    plenary = coverage.gaps("un_votes", body="UNGA plenary")
    assert set(plenary.expected) == {"UNGA plenary"}
    assert plenary.missing_labels == [f"UNGA plenary {y}" for y in plenary.missing["UNGA plenary"]]
    with pytest.raises(CoverageError, match="no coverage declared for body"):
        coverage.gaps("un_votes", body="UNSC")
    with pytest.raises(CoverageError, match="narrowed by 'body' and years only"):
        coverage.gaps("un_votes", region="Asia")


def test_undeclared_dataset_is_an_error():
    with pytest.raises(CoverageError, match="no coverage declaration"):
        coverage.gaps("essay_claims")


def test_data_dictionary_lists_what_is_missing():
    entry = registry.data_dictionary()["us_refugee_admissions"]["coverage"]
    assert entry["missing"] == ["FY2020", "FY2021", "FY2022", "FY2023", "FY2024", "FY2025"]
    assert (entry["expected_count"], entry["found"]) == (20, 14)
    md = registry.data_dictionary_markdown()
    section = md.split("## `us_refugee_admissions`", 1)[1].split("\n## ", 1)[0]
    assert "14 of 20 found; not found: FY2020-FY2025." in section
    wfp = md.split("## `wfp_deliveries`", 1)[1].split("\n## ", 1)[0]
    assert "not found: 1998-2000, 2003-2007, 2009, 2018-2025." in wfp
    assert "all 73 found (1953-2025)" in md.split("## `defectors`", 1)[1].split("\n## ", 1)[0]
    assert "coverage" not in registry.data_dictionary()["essay_claims"]


# ------------------------------------------------------------------ gaps on small frames
def _declared(monkeypatch, spec):
    decl = dict(coverage.declarations())
    decl["toy"] = spec
    monkeypatch.setattr(coverage, "declarations", lambda: decl)


def test_spans_filters_and_values(monkeypatch):
    _declared(monkeypatch, {"description": "d", "unit": ["year", "years"], "year": {"from": "a", "to": "b"},
                            "expected": "2000-2009", "filter": {"keep": True}, "value": "v"})
    frame = pd.DataFrame({
        "a": [2000, 2003, 2005, 2006, 2008], "b": [2002, 2003, 2005, 2006, 2008],
        "keep": [True, True, False, True, True], "v": [1, None, 5, 6, 8],
    })
    cov = coverage.gaps("toy", frame)
    assert cov.missing[""] == [2003, 2004, 2005, 2007, 2009]
    assert cov.note() == "2000-2009; 5 years not found (2003-2005, 2007, 2009)"
    one = coverage.gaps("toy", frame, years=(2006, 2007))
    assert one.note() == "2006-2007; 1 year not found (2007)"
    assert coverage.gaps("toy", frame, years=(2000, 2002)).note() == "2000-2002, complete"
    with pytest.raises(CoverageError, match="no expected years"):
        coverage.gaps("toy", frame, years=(1990, 1995))


def test_expected_years_with_holes_and_datetime_years(monkeypatch):
    _declared(monkeypatch, {"description": "d", "unit": ["round", "rounds"], "year": "when", "expected": ["2001-2002", "2005"]})
    frame = pd.DataFrame({"when": pd.to_datetime(["2001-03-01", "2005-12-31"])})
    cov = coverage.gaps("toy", frame)
    assert cov.n_expected == 3 and cov.missing[""] == [2002]
    assert cov.gap_clause() == "1 round not found"


def test_phrase_and_stated(monkeypatch):
    _declared(monkeypatch, {"description": "d", "unit": ["year", "years"], "year": "y", "expected": "2005-2024"})
    cov = coverage.gaps("toy", pd.DataFrame({"y": [y for y in range(2005, 2025) if y not in (2007, 2017, 2018)]}))
    text = coverage.phrase(22, cov, total=37, noun="recorded adoptions", detail=False)
    assert text == "22 of the 37 recorded adoptions, 2005-2024; 3 years not found"
    assert coverage.phrase(1234, cov, noun="tonnes") == "1,234 tonnes, 2005-2024; 3 years not found (2007, 2017-2018)"
    assert coverage.stated(text, cov)
    assert not coverage.stated("22 of the 37 recorded adoptions", cov)
    assert not coverage.stated("22 adoptions, 2005-2024", cov)  # the span alone hides the gaps
    # other wordings that state the gaps: the count found, or what is missing
    assert coverage.stated("Adopted without a vote: 9 of the 17 years found, 2005-2024", cov)
    assert coverage.stated("Peak year, 2005-2024 (no figure for 2007, 2017-2018)", cov)
    assert coverage.stated("Peak of the 17 years with a figure, 2005-2024", cov)
    assert not coverage.stated("Peak year, 2005-2024 (no figure for 2007)", cov)
    # qualify adds the coverage only where the label does not state it
    assert coverage.qualify("Peak year", cov) == "Peak year, 2005-2024; 3 years not found (2007, 2017-2018)"
    assert coverage.qualify("Adoptions, 2005-2024", cov, detail=False) == "Adoptions, 2005-2024; 3 years not found"
    assert coverage.qualify("Peak of the 17 years with a figure, 2005-2024", cov) == "Peak of the 17 years with a figure, 2005-2024"
    complete = coverage.gaps("toy", pd.DataFrame({"y": range(2005, 2025)}))
    assert coverage.stated("22 adoptions", complete)


# ------------------------------------------------------------------ enforcement in notebooks
def test_metric_over_a_gappy_series_must_state_its_coverage(tmp_path):
    nb = Notebook("toy", tmp_path)
    cov = coverage.gaps("us_refugee_admissions")
    with pytest.raises(CoverageError, match="FY2006-FY2025; 6 fiscal years not found"):
        nb.metric("admitted", 218, "North Korean refugees admitted to the US", over="us_refugee_admissions", show=False)
    assert "admitted" not in nb.metrics
    label = coverage.phrase("Refugees admitted", cov, noun="to the US")
    nb.metric("admitted", 218, label, over=cov, show=False)
    rec = nb.metrics["admitted"]["coverage"]
    assert rec["dataset"] == "us_refugee_admissions" and rec["missing"][0] == "FY2020" and rec["found"] == 14
    # a selection without gaps needs no statement, and the filters are recorded
    nb.metric("admitted_2006_2019", 218, "Admitted FY2006-FY2019", over=("us_refugee_admissions", {"years": (2006, 2019)}), show=False)
    assert nb.metrics["admitted_2006_2019"]["coverage"]["missing"] == []
    assert nb.metrics["admitted_2006_2019"]["coverage"]["filters"] == {"years": "2006-2019"}
    path = nb.write_metrics()
    assert json.loads(path.read_text())["metrics"]["admitted"]["coverage"]["span"] == "FY2006-FY2025"
    with pytest.raises(CoverageError, match="over= takes"):
        nb.metric("x", 1, "x", over=42)


# ------------------------------------------------------------------ published statistics
#: Statistics the reports compute over a series with a coverage declaration (notebook -> keys):
#: each must carry its coverage (``over=``), so a gap in the series shows in its sentence.
OVER_SERIES = {
    "aid": ["rok_peak_year", "rok_peak_total", "appeal_rate_latest_year", "wfp_peak_tonnes", "wfp_peak_year"],
    "refugees_abroad": ["peak_year", "peak_refugees", "latest_refugees"],
    "treaties_votes": ["resolutions", "adopted_without_vote", "latest_tally", "latest_adoption", "largest_yes_margin"],
}


def coverage_problems(metrics: dict) -> list[str]:
    """Published statistics over a gappy series whose sentence does not state the coverage."""
    problems = []
    for key, m in metrics["metrics"].items():
        cov = m.get("coverage")
        if cov and cov["missing"] and not (cov["span"] in m["label"] and any(w and w in m["label"] for w in cov["statements"])):
            problems.append(f"{metrics['notebook']}.{key}: {m['label']!r} hides {cov['note']}")
    for key in OVER_SERIES.get(metrics["notebook"], []):
        if key in metrics["metrics"] and "coverage" not in metrics["metrics"][key]:
            problems.append(f"{metrics['notebook']}.{key}: computed over a declared series without over=")
    return problems


def test_coverage_problems_are_found():
    cov = coverage.gaps("wfp_deliveries").record()
    bad = {"notebook": "aid", "metrics": {
        "wfp_peak_year": {"label": "WFP peak year", "value": 2001, "coverage": cov},
        "rok_peak_year": {"label": "Peak year of South Korean aid", "value": 2007},
    }}
    assert coverage_problems(bad) == [
        "aid.wfp_peak_year: 'WFP peak year' hides 1995-2025; 17 years not found (1998-2000, 2003-2007, 2009, 2018-2025)",
        "aid.rok_peak_year: computed over a declared series without over=",
    ]


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(OVER_SERIES))
def test_notebook_statistics_over_gappy_series_state_their_coverage(name, tmp_path):
    from notebook_runs import run_notebook

    metrics = run_notebook(name, tmp_path)
    assert coverage_problems(metrics) == []
    assert all(key in metrics["metrics"] for key in OVER_SERIES[name])
    if name == "aid":
        peak = metrics["metrics"]["rok_peak_year"]
        assert peak["coverage"]["missing"] == ["2013"]
        # the report's own words state the gap; a label that hides it gets the coverage appended
        assert peak["label"] == "Peak year of South Korean aid (figures 1995-2025, total blank for 2013)"
        assert metrics["metrics"]["rok_peak_total"]["label"] == "South Korean aid in 2007, the peak, 1995-2025; 1 year not found"
        assert metrics["metrics"]["wfp_peak_year"]["label"].startswith("WFP peak year, 1995-2025; 17 years not found")


@pytest.mark.slow
def test_a_selection_without_gaps_keeps_its_plain_sentence(tmp_path):
    from notebook_runs import run_notebook

    metrics = run_notebook("aid", tmp_path, start_year=2010, end_year=2017)
    m = metrics["metrics"]
    assert m["wfp_peak_year"]["label"] == "WFP peak year" and m["wfp_peak_year"]["coverage"]["missing"] == []
    assert m["rok_peak_year"]["label"] == "Peak year of South Korean aid (figures 2010-2017, total blank for 2013)"
    assert m["rok_peak_year"]["coverage"]["missing"] == ["2013"]
    assert coverage_problems(metrics) == []


def test_built_reports_state_the_coverage_of_their_statistics():
    from cohen_analysis.paths import REPORTS_DIR

    found = sorted(p for p in REPORTS_DIR.glob("*/*/metrics.json") if p.parent.parent.name not in {"interactive", "failed"})
    if not found:
        pytest.skip("no built reports: run `make reports`")
    problems = [p for path in found for p in coverage_problems(json.loads(path.read_text(encoding="utf-8")))]
    assert problems == []
