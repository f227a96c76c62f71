"""notebooks/prisoners.ipynb run through papermill: non-default parameters checked against numbers
computed here straight from the processed data with pandas, and a bad parameter stopping the run
with a clear message."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import cohen_analysis as ca
from notebook_runs import run_notebook

LEVELS = ["low", "low-medium", "medium", "medium-high", "high"]


@pytest.mark.slow
def test_non_default_parameters_match_independent_numbers(tmp_path):
    params = dict(start_year=2005, end_year=2016, scope="political_prison_camps", min_confidence="medium",
                  recent_years=3)
    run_notebook("prisoners", tmp_path, **params)
    payload = json.loads((tmp_path / "metrics.json").read_text(encoding="utf-8"))
    m = {k: v["value"] for k, v in payload["metrics"].items()}
    assert payload["parameters"] == params

    # independently, from the processed data
    e = ca.load("prisoner_estimates")
    rank = e["confidence"].astype(str).map(LEVELS.index)
    base = e[(e["scope"] == "political_prison_camps") & (rank >= LEVELS.index("medium")) & (e["id"] != "A09b")]
    dated = base[base["year"].notna() & (base["year"] >= 2005) & (base["year"] <= 2016)]
    assert m["estimates_shown"] == len(dated) == 10
    assert m["undated_left_out"] == int(base["year"].isna().sum()) == 1  # A03 (NIS, undated)

    # latest: latest year, then the most confident, then the last id
    last_year = int(dated["year"].max())
    top = dated[dated["year"] == last_year].assign(r=rank).sort_values(["r", "id"]).iloc[-1]
    assert (m["latest_estimate"], m["latest_source"], m["latest_year"], m["latest_confidence"]) == (
        top["estimate"], top["source_org"], last_year, str(top["confidence"]))
    assert (top["id"], last_year) == ("A15", 2014)
    assert m["latest_vs_essay"] == "below"  # 80,000-120,000 against 150,000-200,000

    recent = dated[dated["year"] > last_year - 3]
    lows = recent["low"].fillna(recent["point"])
    highs = recent["high"].fillna(recent["point"])
    assert (m["recent_low"], m["recent_high"], m["recent_count"]) == (int(lows.min()), int(highs.max()), len(recent))
    assert (m["recent_low"], m["recent_high"]) == (80_000, 200_000)
    assert m["recent_window"] == "2012-2014"

    same = dated[(dated["low"] == 150_000) & (dated["high"] == 200_000)]
    assert m["estimates_matching_essay_range"] == len(same) == 3  # State Dept 2008, 2009; HRNK 2013
    cited = e[e["essay_ref"].fillna("").str.contains("endnote ii")]
    assert m["essay_range_reproduced"] is bool((cited["low"] == 150_000).all() and (cited["high"] == 200_000).all())
    assert m["essay_range"] == "150,000-200,000"

    c = ca.load("prison_camps")
    counts = c[c["attribute"] == "camp_count"].copy()
    counts["as_of"] = counts["context"].str.extract(r"^(\d{4})", expand=False).astype(float)
    counts = counts[counts["as_of"] <= 2016].sort_values("as_of")
    assert m["camps_operating_latest"] == int(counts["value_num"].iloc[-1]) == 4  # HRNK & AllSource, 2015
    assert m["camps_operating_source"] == f"{counts['source_org'].iloc[-1]}, 2015"
    assert m["data_runs_to"] == int(e["year"].max()) == 2025

    assert [f["slug"] for f in payload["figures"]] == ["estimates_ranges", "estimates_by_scope", "camps"]
    for f in payload["figures"]:
        assert (tmp_path / "figures" / f"{f['slug']}.png").exists()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (dict(scope="prisons"), "parameter scope='prisons' is not one of ['all', 'political_prison_camps'"),
        (dict(start_year=2015, end_year=2010), "parameter start_year=2015 is after end_year=2010"),
    ],
)
def test_invalid_parameter_stops_with_a_clear_message(tmp_path, bad, message):
    from papermill.exceptions import PapermillExecutionError

    with pytest.raises(PapermillExecutionError) as info:
        run_notebook("prisoners", tmp_path, **bad)
    assert info.value.ename == "ParameterError"
    assert message in info.value.evalue
    assert not (tmp_path / "metrics.json").exists()
