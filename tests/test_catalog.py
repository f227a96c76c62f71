"""The catalog: one declaration per dataset, fields defined once, and what comes from them.

Every dataset is declared (steps/<topic>.yaml) with fields resolved against catalog/fields.yaml;
from the declaration come the dtypes, the strict schema, the data dictionary, the Parquet field
metadata and a Frictionless datapackage.json that the frictionless library validates.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml

import cohen_analysis as ca
from cohen_analysis import catalog, registry
from cohen_analysis.errors import DataError
from cohen_analysis.paths import PACKAGE_DIR

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Every dataset built into a scratch folder (data files, dictionary, datapackage.json)."""
    root = tmp_path_factory.mktemp("processed")
    registry.build_all(root=root)
    return root


def test_every_dataset_is_declared_and_built_by_a_step():
    assert sorted(catalog.specs()) == ca.datasets()
    for name in ca.datasets():
        ds = registry.get(name)
        assert ds.spec is not None, name
        assert ds.source_files[0].parent.name == "steps", name
        assert ds.spec.source == ds.source_files[0].with_suffix(".yaml"), name


def test_no_cleaner_modules_or_side_files_remain():
    assert not (PACKAGE_DIR / "cleaners").exists() or not list((PACKAGE_DIR / "cleaners").glob("[!_]*.py"))
    assert not (PACKAGE_DIR / "checks.yaml").exists()
    assert not (PACKAGE_DIR / "coverage.yaml").exists()


def test_a_shared_field_is_defined_once_and_used_by_reference():
    shared = catalog.fields()
    by_name: dict[str, list[str]] = {}
    for name, spec in catalog.specs().items():
        for col in spec.columns:
            by_name.setdefault(col, []).append(name)
    # every column name used by more than one dataset is in the catalog, with one type everywhere
    for col, names in by_name.items():
        if len(names) > 1:
            assert col in shared, f"{col} is used by {names} but not defined in fields.yaml"
            assert len({catalog.spec(n).fields[col].type for n in names}) == 1, col
    # declarations do not restate a shared field's type
    for path in sorted(catalog.STEPS_DIR.glob("*.yaml")):
        for name, decl in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            for col, override in (decl.get("fields") or {}).items():
                if col in shared and override and "type" in override:
                    assert override["type"] == shared[col].type, f"{path.name}: {name}.{col} retypes a shared field"


def test_one_meaning_per_column_name(built):
    frames = {name: pd.read_parquet(built / f"{name}.parquet") for name in ca.datasets()}
    levels = catalog.vocabulary("confidence")
    for name, frame in frames.items():
        if "confidence" in frame:
            assert isinstance(frame["confidence"].dtype, pd.CategoricalDtype), name
            assert list(frame["confidence"].cat.categories) == levels, name
        if "source" in frame:  # a name, never a URL
            assert not frame["source"].dropna().str.contains(r"https?://").any(), name
        if "as_of" in frame:
            assert pd.api.types.is_datetime64_any_dtype(frame["as_of"]), name
        for col in frame.columns:
            if pd.api.types.is_datetime64_any_dtype(frame[col]):
                spec = catalog.spec(name).fields[col]
                assert spec.precision == "day" or spec.precision in frame.columns, f"{name}.{col} has no precision column"
        if "preferred" in frame:
            key = catalog.spec(name).preferred_by
            assert key, f"{name} has a preferred column but no preferred_by"
            assert not frame[frame["preferred"]].duplicated(subset=key).any(), name


def test_dtypes_come_from_the_declaration(built):
    for name in ca.datasets():
        frame = pd.read_parquet(built / f"{name}.parquet")
        spec = catalog.spec(name)
        assert list(frame.columns) == spec.columns, name
        for col, f in spec.fields.items():
            if f.type == "list":
                assert frame[col].map(lambda v: v is None or hasattr(v, "__len__")).all(), (name, col)
            else:
                assert str(frame[col].dtype) == str(f.dtype), (name, col, frame[col].dtype, f.dtype)


def test_parquet_fields_carry_description_and_unit(built):
    schema = pq.read_schema(built / "essay_claim_sources.parquet")
    meta = schema.field("confidence").metadata
    assert meta[b"description"].decode() == catalog.spec("essay_claim_sources").fields["confidence"].description
    assert meta[b"type"] == b"category"


def test_datapackage_is_valid_frictionless(built):
    frictionless = pytest.importorskip("frictionless")
    package = json.loads((built / "datapackage.json").read_text(encoding="utf-8"))
    assert sorted(r["path"] for r in package["resources"]) == sorted(f"{n}.csv" for n in ca.datasets())
    claims = next(r for r in package["resources"] if r["path"] == "essay_claims.csv")
    assert claims["schema"]["primaryKey"] == ["claim_id"]
    assert {f["name"]: f["type"] for f in claims["schema"]["fields"]}["rec_ids"] == "array"
    report = frictionless.validate(str(built / "datapackage.json"))
    errors = [(t.name, e.message) for t in report.tasks for e in t.errors][:5]
    assert report.valid, errors


def test_datapackage_catches_a_bad_cell(built, tmp_path):
    """The package is a real check: a value outside its vocabulary fails frictionless validation."""
    frictionless = pytest.importorskip("frictionless")
    for f in ("datapackage.json", "essay_claim_sources.csv"):
        (tmp_path / f).write_bytes((built / f).read_bytes())
    package = json.loads((tmp_path / "datapackage.json").read_text())
    package["resources"] = [r for r in package["resources"] if r["path"] == "essay_claim_sources.csv"]
    (tmp_path / "datapackage.json").write_text(json.dumps(package))
    csv = tmp_path / "essay_claim_sources.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(",high,", ",certain,", 1), encoding="utf-8")
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert not report.valid
    assert any("certain" in e.message for t in report.tasks for e in t.errors)


def test_list_fields_are_lists_in_parquet_and_json_in_csv(built):
    frame = pd.read_parquet(built / "essay_claims.parquet")
    row = frame.set_index("claim_id").loc["C09"]
    assert list(row["rec_ids"]) and all(isinstance(x, str) for x in row["rec_ids"])
    csv = pd.read_csv(built / "essay_claims.csv").set_index("claim_id")
    assert json.loads(csv.loc["C09", "rec_ids"]) == list(row["rec_ids"]) == ["90.1", "90.2"]


def test_unchanged_output_is_not_rewritten(built):
    path = built / "essay_claims.parquet"
    before = path.stat().st_mtime_ns
    os.utime(path, ns=(before - 10**9, before - 10**9))
    registry.write("essay_claims", registry.build("essay_claims"), built)
    assert path.stat().st_mtime_ns == before - 10**9


def test_load_attaches_metadata_to_attrs():
    frame = ca.load("essay_claim_sources")
    attrs = frame.attrs
    assert attrs["name"] == "essay_claim_sources" and attrs["primary_key"] == ["claim_id", "fact", "url"]
    assert attrs["fields"]["confidence"]["type"] == "category"
    assert attrs["sources"] and all(s["url"].startswith("http") for s in attrs["sources"])


def test_unknown_name_suggests_close_ones():
    with pytest.raises(KeyError, match=r"did you mean 'essay_claims'"):
        ca.load("essay_claim")
    with pytest.raises(KeyError, match=r"did you mean .*'upr_"):
        ca.load("upr")


def test_describe_and_origin_read_as_text():
    text = registry.describe("essay_claims")
    assert text.startswith("essay_claims: The essay's checkable claims")
    assert "One row per claim_id." in text and "rec_ids [list]" in text
    shown = repr(ca.origin("essay_claims"))
    assert shown.startswith("- ") and "http" in shown and "Origin(" not in shown
    everything = ca.origin()
    assert len(everything) == len({r for n in ca.datasets() for r in registry.get(n).raw}) == 35  # every raw file
    assert {o.producer for o in ca.origin("defectors")} <= {o.producer for o in everything}


def test_a_declaration_error_names_the_file_and_field(tmp_path, monkeypatch):
    steps = tmp_path / "steps"
    steps.mkdir()
    (steps / "x.yaml").write_text(
        "x:\n  description: d\n  inputs: [a.csv]\n  primary_key: [k]\n  min_rows: 1\n"
        "  fields:\n    k: {type: string, description: key}\n    when: {type: date, description: a date}\n",
        encoding="utf-8")
    monkeypatch.setattr(catalog, "STEPS_DIR", steps)
    with pytest.raises(DataError, match="date field 'when' needs the column that states its precision") as err:
        catalog.specs()
    assert err.value.file.endswith("x.yaml") and err.value.column == "when"
    (steps / "x.yaml").write_text(
        "x:\n  description: d\n  inputs: [a.csv]\n  primary_key: [k]\n  min_rows: 1\n"
        "  fields:\n    k: {type: string, description: key}\n    mystery: {}\n", encoding="utf-8")
    with pytest.raises(DataError, match="field 'mystery' is not in the catalog"):
        catalog.specs()


def test_conform_refuses_a_value_outside_the_vocabulary_naming_the_raw_row(tmp_path):
    from cohen_analysis.steps import essay

    raw = pd.read_csv(registry.RAW_DIR / essay.SOURCES, dtype=str, keep_default_na=False)
    raw.loc[3, "confidence"] = "very high"  # line 5 of the file
    path = tmp_path / "claim_sources.csv"
    raw.to_csv(path, index=False)
    with pytest.raises(DataError, match="very high") as err:
        registry.build("essay_claim_sources", files={essay.SOURCES: path})
    assert (err.value.row, err.value.column) == (5, "confidence")


def _stale_after_editing(module: Path, monkeypatch) -> set[str]:
    """The datasets whose content hash changes when ``module``'s content changes."""
    before = {name: registry.get(name).inputs_digest() for name in ca.datasets()}
    real = registry._file_digest
    monkeypatch.setattr(registry, "_file_digest", lambda p: real(p) + ("-edited" if Path(p).resolve() == module.resolve() else ""))
    return {name for name in ca.datasets() if registry.get(name).inputs_digest() != before[name]}


def test_editing_a_step_marks_only_its_datasets_stale(monkeypatch):
    assert _stale_after_editing(catalog.STEPS_DIR / "essay.py", monkeypatch) == {"essay_claims", "essay_claim_sources"}


def test_editing_a_shared_module_marks_exactly_the_datasets_whose_step_imports_it(monkeypatch):
    import re

    importers = {path.stem for path in catalog.STEPS_DIR.glob("*.py")
                 if re.search(r"^from \.\. import (.*, )?parse\b|^from \.\.parse import", path.read_text(), re.M)}
    expected = {name for name in ca.datasets() if registry.get(name).spec.topic in importers}
    assert expected >= {"essay_claims", "essay_claim_sources"}
    assert _stale_after_editing(PACKAGE_DIR / "parse.py", monkeypatch) == expected


def test_editing_a_declaration_marks_only_that_dataset_stale(monkeypatch):
    before = {name: registry.get(name).inputs_digest() for name in ca.datasets()}
    spec = catalog.spec("essay_claims")
    edited = spec.decl.model_copy(update={"min_rows": spec.min_rows + 1})
    monkeypatch.setattr(spec, "decl", edited)
    assert {n for n in ca.datasets() if registry.get(n).inputs_digest() != before[n]} == {"essay_claims"}
