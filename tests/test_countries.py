"""countries.canonical / split_states: UN spellings -> one State (name, ISO3, region)."""

from __future__ import annotations

import pytest

from cohen_analysis import countries
from cohen_analysis.countries import State, canonical, split_states
from cohen_analysis.errors import DataError


@pytest.mark.parametrize(
    "written, iso3",
    [
        ("Lao People's Democratic Republic", "LAO"),
        ("Lao People\u2019s Democratic Republic", "LAO"),
        ("Laos", "LAO"),
        ("Bolivia (Plurinational State of)", "BOL"),
        ("Venezuela (Bolivarian Republic of)", "VEN"),
        ("Bolivarian Republic of Venezuela", "VEN"),
        ("Iran (Islamic Republic of)", "IRN"),
        ("Islamic Republic of Iran", "IRN"),
        ("Republic of Korea", "KOR"),
        ("Democratic People's Republic of Korea", "PRK"),
        ("Viet Nam", "VNM"),
        ("Libyan Arab Jamahiriya", "LBY"),
        ("the former Yugoslav Republic of Macedonia", "MKD"),
        ("United Kingdom of Great Britain and Northern Ireland", "GBR"),
        ("United States of America", "USA"),
        ("Russian Federation", "RUS"),
        ("Palestine", "PSE"),
        ("Namibia", "NAM"),  # ISO2 "NA": must not be read as a missing value
        ("Niger", "NER"),
        ("Nigeria", "NGA"),
        ("Sudan", "SDN"),
        ("South Sudan", "SSD"),
    ],
)
def test_un_spellings_resolve(written, iso3):
    state = canonical(written)
    assert isinstance(state, State)
    assert state.iso3 == iso3


def test_laos_spellings_give_the_same_state():
    assert canonical("Laos") == canonical("Lao People's Democratic Republic") == canonical("Lao People\u2019s Democratic Republic")
    assert canonical("Laos") == State("Laos", "LAO", "Asia")


def test_regions_are_continents():
    assert canonical("Chile").region == "America"
    assert canonical("Australia").region == "Oceania"
    assert canonical("Algeria").region == "Africa"
    assert canonical("Norway").region == "Europe"
    assert canonical("Japan").region == "Asia"


def test_unknown_state_names_file_row_column():
    with pytest.raises(DataError) as exc:
        canonical("Xyzzyland", file="data/raw/upr/x.csv", row=7, column="recommending_states")
    msg = str(exc.value)
    assert "x.csv" in msg and "row 7" in msg and "column 'recommending_states'" in msg and "Xyzzyland" in msg


def test_joined_name_is_not_swallowed_by_a_fuzzy_match():
    # country_converter's regular expressions search, so "Chile and Xyzzyland" alone would give Chile
    with pytest.raises(DataError, match="Xyzzyland"):
        canonical("Chile and Xyzzyland")
    with pytest.raises(DataError, match="Xyzzyland"):
        split_states("Chile and Xyzzyland", file="f.csv", row=3, column="c")


def test_split_joint_recommendations():
    assert [s.iso3 for _, s in split_states("Slovenia and Austria")] == ["SVN", "AUT"]
    assert [w for w, _ in split_states("Slovenia and Austria")] == ["Slovenia", "Austria"]
    assert [s.iso3 for _, s in split_states("Chile; Mexico")] == ["CHL", "MEX"]
    # names with "and" stay whole
    assert [s.iso3 for _, s in split_states("United Kingdom of Great Britain and Northern Ireland")] == ["GBR"]
    assert [s.iso3 for _, s in split_states("Bosnia and Herzegovina, Croatia and Trinidad and Tobago")] == ["BIH", "HRV", "TTO"]


def test_same_state_twice_is_an_error():
    with pytest.raises(DataError, match="twice") as exc:
        split_states("Chile, Chile", file="f.csv", row=4, column="recommending_states")
    assert "row 4" in str(exc.value)


def test_overrides_file(tmp_path, monkeypatch):
    path = tmp_path / "country_overrides.csv"
    path.write_text("name_as_written,state,iso3,region,note\nXyzzy Republic,Xyzzy,XYZ,Asia,test only\n", encoding="utf-8")
    monkeypatch.setattr(countries, "OVERRIDES_PATH", path)
    monkeypatch.setattr(countries, "_CACHE", {})
    countries._overrides.cache_clear()
    try:
        assert canonical("Xyzzy Republic") == State("Xyzzy", "XYZ", "Asia")
        assert canonical("Laos").iso3 == "LAO"
    finally:
        countries._overrides.cache_clear()


def test_bad_overrides_file(tmp_path, monkeypatch):
    path = tmp_path / "country_overrides.csv"
    path.write_text("name_as_written,state,iso3,region,note\nXyzzy Republic,Xyzzy,xy,Asia,\n", encoding="utf-8")
    monkeypatch.setattr(countries, "OVERRIDES_PATH", path)
    monkeypatch.setattr(countries, "_CACHE", {})
    countries._overrides.cache_clear()
    try:
        with pytest.raises(DataError) as exc:
            canonical("Xyzzy Republic")
        assert "row 2" in str(exc.value) and "column 'iso3'" in str(exc.value)
    finally:
        countries._overrides.cache_clear()


def test_import_is_lazy():
    import subprocess
    import sys

    code = "import sys, cohen_analysis.countries; print('country_converter' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"
