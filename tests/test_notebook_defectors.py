"""notebooks/defectors.ipynb run by papermill: key numbers for non-default parameters, and clear failures.

The expected numbers are computed here straight from the processed datasets with pandas, not
through cohen_analysis.analysis.defectors.
"""

from __future__ import annotations


import pytest

import cohen_analysis as ca
from notebook_runs import run_notebook


pytestmark = pytest.mark.slow


def test_non_default_parameters_give_independently_computed_numbers(tmp_path):
    # 2000 cuts the grouped 1999-2001, which is therefore left out whole: the years are 2002-2015.
    # 2013-03-01 reports the cumulative at end-2012.
    metrics = run_notebook("defectors", tmp_path, start_year=2000, end_year=2015, as_of="2013-03-01", split_by_sex=False)
    m = {k: v["value"] for k, v in metrics["metrics"].items()}

    d = ca.load("defectors")
    sel = d[(d["year_start"] >= 2000) & (d["year_end"] <= 2015)]
    assert sorted(set(sel["period"])) == [str(y) for y in range(2002, 2016)]
    by_year = sel.groupby("year_start")["arrivals"].sum()
    total = int(sel["arrivals"].sum())
    women = int(sel.loc[sel["sex"] == "women", "arrivals"].sum())

    assert m["periods_selected"] == "2002 to 2015"
    assert m["arrivals_total"] == total
    assert m["women_share_pct"] == round(100 * women / total, 1)
    assert (m["peak_year"], m["peak_arrivals"]) == (int(by_year.idxmax()), int(by_year.max()))
    assert (m["low_year"], m["low_arrivals"]) == (int(by_year.idxmin()), int(by_year.min()))
    assert m["cumulative_as_of"] == int(d.loc[d["year_end"] <= 2012, "arrivals"].sum())
    assert m["cumulative_as_of_year_end"] == "2012-12-31"
    assert m["cumulative_latest"] == int(d["arrivals"].sum())
    assert m["data_runs_to"] == str(int(d["year_end"].max()))
    # 2019-2022 lie outside the years: no collapse figures
    assert m["arrivals_2019"] is None and m["arrivals_2021"] is None and m["collapse_pct"] is None

    r = ca.load("defector_revisions")
    r = r[r["period"].isin(set(sel["period"]))]
    assert m["revised_versions"] == len(r)
    prov = r[r["kind"] == "provisional"]
    worst = prov.loc[prov["change_total"].abs().astype(int).sort_values(kind="stable").index[-1]]
    assert m["largest_provisional_revision"] == (
        f"{worst['period']}: {int(worst['announced_total']):,} -> {int(worst['current_total']):,} "
        f"({int(worst['change_total']):+,})"
    )

    assert metrics["parameters"] == {"start_year": 2000, "end_year": 2015, "as_of": "2013-03-01", "split_by_sex": False}
    assert {f["slug"] for f in metrics["figures"]} == {"arrivals_by_year", "cumulative", "women_share", "revisions"}
    for slug in ("arrivals_by_year", "cumulative", "women_share", "revisions"):
        assert (tmp_path / "figures" / f"{slug}.png").stat().st_size > 10_000


def test_default_end_year_runs_to_the_latest_year(tmp_path):
    metrics = run_notebook("defectors", tmp_path, start_year=2019, as_of="2025-12-31")
    m = {k: v["value"] for k, v in metrics["metrics"].items()}
    d = ca.load("defectors")
    latest = int(d["year_end"].max())
    assert m["periods_selected"] == f"2019 to {latest}"
    assert m["arrivals_total"] == int(d.loc[d["year_start"] >= 2019, "arrivals"].sum())
    assert m["arrivals_2019"] == int(d.loc[d["period"] == "2019", "arrivals"].sum())
    assert m["arrivals_2021"] == int(d.loc[d["period"] == "2021", "arrivals"].sum())
    assert m["cumulative_as_of"] == m["cumulative_latest"] == int(d["arrivals"].sum())


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"as_of": "2010-02-30"}, "parameter as_of='2010-02-30' is not a real date"),
        ({"as_of": "1995-01-01"}, "is before the data"),
        ({"start_year": 2012, "end_year": 2010}, "parameter start_year=2012 is after end_year=2010"),
        ({"start_year": 2000, "end_year": 2001}, "no period lies entirely within start_year=2000 to end_year=2001"),
        ({"split_by_sex": "yes"}, "parameter split_by_sex='yes' must be True or False"),
    ],
)
def test_invalid_parameters_fail_with_a_clear_message(tmp_path, parameters, message):
    from papermill.exceptions import PapermillExecutionError

    with pytest.raises(PapermillExecutionError) as excinfo:
        run_notebook("defectors", tmp_path, **parameters)
    assert excinfo.value.ename == "ParameterError"
    assert message in excinfo.value.evalue
