"""The essay's claims files: clean input, pinned rows, and bad input that stops with a clear DataError."""

import pandas as pd
import pytest

from cohen_analysis import catalog, registry
from cohen_analysis.errors import DataError
from cohen_analysis.steps import essay as ce

HEADER = ",".join(catalog.spec("essay_claim_sources").columns)
GOOD = "C15,then,a fact,2009-04-09,day,yes,Yonhap,A title,https://example.org/a,2009-04-09,,,,high,\n"


def _write(tmp_path, text):
    path = tmp_path / "claim_sources.csv"
    path.write_text(HEADER + "\n" + text, encoding="utf-8")
    return path


def _where(err, path, row, column):
    assert err.value.file is not None and err.value.file.endswith(path.name)
    assert err.value.row == row and err.value.column == column
    assert path.name in str(err.value) and f"row {row}" in str(err.value) and f"'{column}'" in str(err.value)


@pytest.fixture(scope="module")
def claims():
    return registry.build("essay_claims")


def test_claims_file_has_20_claims_five_checked_by_sources(claims):
    assert claims["claim_id"].tolist() == [f"C{i:02d}" for i in range(1, 21)]
    assert claims.loc[claims["check"] == "cases_movement", "claim_id"].tolist() == ["C20"]
    assert claims.loc[claims["check"] == "sourced_facts", "claim_id"].tolist() == ["C15", "C16", "C17", "C18", "C19"]


def test_real_sources_clean(claims):
    src = registry.build("essay_claim_sources", datasets={"essay_claims": claims})
    assert len(src) == 22 and set(src["role"]) == {"then", "now"}
    assert src["url"].str.match(r"^https?://").all()
    row = src[(src["claim_id"] == "C19") & (src["producer"] == "Los Angeles Times")].iloc[0]
    assert (row["copy_kind"], row["copy_name"], row["date_precision"]) == ("aggregator", "Facts and Details", "day")
    assert row["date"] == pd.Timestamp("2010-03-18")
    month = src[src["producer"] == "Banknote News, citing Daily NK"].iloc[0]
    assert (month["date"], month["date_precision"]) == (pd.Timestamp("2009-12-01"), "month")


@pytest.mark.parametrize(
    "line, column, match",
    [
        ("C15,later,a fact,2009-04-09,day,yes,Y,T,https://e.org,2009,,,,high,\n", "role", "later"),
        ("C15,then,a fact,2009-04-09,day,maybe,Y,T,https://e.org,2009,,,,high,\n", "supports", "maybe"),
        ("C15,then,a fact,2009-04-09,day,yes,Y,T,e.org/x,2009,,,,high,\n", "url", "must start with http"),
        ("C15,then,a fact,9 April 2009,day,yes,Y,T,https://e.org,2009,,,,high,\n", "date", "not a date"),
        ("C15,then,a fact,2009-04,day,yes,Y,T,https://e.org,2009,,,,high,\n", "date_precision", "does not match"),
        ("C15,then,a fact,2009-04-09,day,yes,Y,T,https://e.org,2009,blog,Someone,,high,\n", "copy_kind", "blog"),
        ("C15,then,a fact,2009-04-09,day,yes,Y,T,https://e.org,2009,news report,,,high,\n", "copy_name", "copy_name"),
        ("C15,then,a fact,2009-04-09,day,yes,Y,T,https://e.org,2009,,,,certain,\n", "confidence", "certain"),
        ("C99,then,a fact,2009-04-09,day,yes,Y,T,https://e.org,2009,,,,high,\n", "claim_id", "unknown claim"),
        ("C02,then,a fact,2009-04-09,day,yes,Y,T,https://e.org,2009,,,,high,\n", "claim_id", "defector_stock"),
    ],
)
def test_bad_source_row_names_file_row_column(tmp_path, claims, line, column, match):
    path = _write(tmp_path, GOOD + line)
    with pytest.raises(DataError, match=match) as err:
        registry.build("essay_claim_sources", files={ce.SOURCES: path}, datasets={"essay_claims": claims})
    _where(err, path, 3, column)


def test_sourced_claim_without_a_deciding_fact_is_refused(tmp_path, claims):
    path = _write(tmp_path, GOOD)  # only C15 has a fact; C16-C19 have none
    with pytest.raises(DataError, match="C16 is checked by sourced_facts but has no 'then' fact"):
        registry.build("essay_claim_sources", files={ce.SOURCES: path}, datasets={"essay_claims": claims})
