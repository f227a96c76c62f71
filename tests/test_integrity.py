"""Integrity of raw inputs and processed files.

Bad raw input is refused with a DataError naming the file, the row and the column, and nothing
is written; damaged, swapped or half-renamed processed files are rebuilt; staleness follows
content (an edit with an old file time rebuilds, a touch does not). Each test works on a scratch
copy of ``data/raw`` with the package's paths pointed at it.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import cohen_analysis as ca
from cohen_analysis import catalog, checks, io, metadata, parse, paths, registry
from cohen_analysis.errors import DataError

ROOT = Path(__file__).resolve().parents[1]
OLD = 946684800  # 2000-01-01: the time `cp -p` or `tar x` can leave on an edited file


class Scratch:
    """A project root in tmp_path holding a copy of data/raw, with every package path pointed at it."""

    def __init__(self, root: Path, monkeypatch):
        self.root = root
        self.raw = root / "data" / "raw"
        self.processed = root / "data" / "processed"
        shutil.copytree(ROOT / "data" / "raw", self.raw)
        self.processed.mkdir(parents=True)
        registry.datasets()  # import every cleaner first: one imported later would keep the scratch paths
        targets = {"PROJ_ROOT": root, "DATA_DIR": root / "data", "RAW_DIR": self.raw, "PROCESSED_DIR": self.processed}
        for name, module in list(sys.modules.items()):
            if name == "cohen_analysis" or name.startswith("cohen_analysis."):
                for attr, value in targets.items():
                    if hasattr(module, attr):
                        monkeypatch.setattr(module, attr, value)

    def path(self, rel: str) -> Path:
        return self.raw / rel

    def edit(self, rel: str, old: str, new: str, *, checksum: bool = True, count: int = 1) -> Path:
        """Replace ``old`` by ``new`` in a raw file (and record its checksum, as an intended edit would)."""
        path = self.path(rel)
        text = path.read_text(encoding="utf-8")
        assert text.count(old) >= 1, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")
        if checksum:
            metadata.update_checksum(path)
        return path

    def line(self, rel: str, number: int) -> str:
        return self.path(rel).read_text(encoding="utf-8").splitlines()[number - 1]

    def add_line(self, rel: str, line: str) -> Path:
        path = self.path(rel)
        text = path.read_text(encoding="utf-8")
        path.write_text(text.rstrip("\n") + "\n" + line + "\n", encoding="utf-8")
        metadata.update_checksum(path)
        return path

    def processed_files(self) -> list[str]:
        return sorted(p.name for p in self.processed.iterdir())


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    return Scratch(tmp_path / "project", monkeypatch)


def refused(name: str, scratch: Scratch, pattern: str) -> DataError:
    """Building ``name`` raises a DataError matching ``pattern`` and writes nothing.

    The datasets it depends on (valid, untouched) are built first: a step reads them as processed data."""
    for dep in registry.get(name).depends:
        registry.refresh(dep)
    before = scratch.processed_files()
    with pytest.raises(DataError, match=pattern) as info:
        registry.refresh(name)
    assert scratch.processed_files() == before, "nothing may be written"
    return info.value


# ---- bad raw input ----------------------------------------------------------------------------

AID = "aid/mou_aid_to_north_by_year.csv"


def test_negative_rok_aid_is_refused(scratch):
    scratch.edit(AID, "\n2019,0,106,", "\n2019,-5,106,")
    err = refused("rok_aid", scratch, r"mou_aid_to_north_by_year\.csv, row 26, column 'govt_direct_grant_dangguk': count -5 is below")
    assert (err.row, err.column) == (26, "govt_direct_grant_dangguk")


def test_negative_us_refugee_admissions_are_refused(scratch):
    scratch.edit("defectors/us_refugee_admissions.csv", "\nFY2007,22,", "\nFY2007,-22,")
    refused("us_refugee_admissions", scratch, r"us_refugee_admissions\.csv, row 3, column 'admitted': count -22 is below")


def test_duplicated_non_preferred_treaty_event_is_refused(scratch):
    rel = "treaties/treaty_events.csv"
    line = scratch.line(rel, 4)
    assert line.startswith("ICCPR,accession,1982,stated,,no")
    scratch.add_line(rel, line)
    refused("treaties", scratch, r"treaty_events\.csv, row 17, column 'treaty': duplicate row: .*'ICCPR'.*'accession'.* \(first seen on row 4\)")


def test_duplicated_non_preferred_un_vote_is_refused(scratch):
    rel = "treaties/un_votes.csv"
    number = next(i for i, l in enumerate(scratch.path(rel).read_text().splitlines(), 1) if ",Deutsche Welle," in l)
    line = scratch.line(rel, number)
    assert ",no,Deutsche Welle," in line
    scratch.add_line(rel, line)
    last = len(scratch.path(rel).read_text().splitlines())
    # the cleaner's own id check or the declared key [vote_id, source]: either names both rows
    refused("un_votes", scratch, rf"un_votes\.csv, row {last}, column 'vote_id': duplicate .*UNGA-PL-2014.*(first on row {number} |first seen on row {number}\))")


def test_duplicated_non_preferred_wfp_row_is_refused(scratch):
    rel = "aid/wfp_food_deliveries_dprk.csv"
    assert scratch.line(rel, 8).startswith('2002,"~370,000",no,no')
    scratch.add_line(rel, scratch.line(rel, 8))
    last = len(scratch.path(rel).read_text().splitlines())
    refused("wfp_deliveries", scratch, rf"wfp_food_deliveries_dprk\.csv, row {last}, column 'period_label': duplicate row: period_label='2002', tonnes='370000'")


def test_header_only_treaty_events_are_refused(scratch):
    path = scratch.path("treaties/treaty_events.csv")
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    metadata.update_checksum(path)
    refused("treaties", scratch, r"treaty_events\.csv: holds 0 data row\(s\) for dataset 'treaties', which needs at least 10")


@pytest.mark.parametrize("year", ["1800", "2099"])
def test_implausible_estimate_year_is_refused(scratch, year):
    rel = "prisoners/estimates.csv"
    assert ",1982,political prisoners in 8" in scratch.line(rel, 2)
    scratch.edit(rel, ",1982,political prisoners in 8", f",{year},political prisoners in 8")
    refused("prisoner_estimates", scratch, rf"estimates\.csv, row 2, column 'year': .*{year}")


@pytest.mark.parametrize("year, rel, name, old, column", [
    ("1500", "treaties/treaty_events.csv", "treaties", "\nCEDAW,accession,2001,", "date"),
    ("1500", "families/mou_registered_applicants.csv", "separated_families", "\n2000-08-31,", "as_of"),
    ("2099", "aid/un_appeals_dprk.csv", "un_appeals", "\n1998,CAP,total,", "year"),
    ("1800", "aid/mou_aid_to_north_by_year.csv", "rok_aid", "\n2019,0,106,", "year"),
])
def test_year_outside_what_the_data_can_hold(scratch, year, rel, name, old, column):
    new = old.replace("2001", year).replace("2000-08-31", f"{year}-08-31").replace("1998", year).replace("2019", year)
    path = scratch.edit(rel, old, new)
    row = path.read_text(encoding="utf-8").split(new.lstrip("\n"))[0].count("\n") + 1
    refused(name, scratch, rf"{Path(rel).name.replace('.', chr(92) + '.')}, row {row}, column '{column}'.*{year}")


def test_count_too_large_for_its_range_is_refused(scratch):
    scratch.edit("defectors/us_refugee_admissions.csv", "\nFY2007,22,", "\nFY2007,9007199254740993,")
    # the shared parser reads it exactly; the cleaner's record frame passes through float64 (hence
    # ...992 in the message), but the declared range refuses any such value
    assert parse.parse_count("9007199254740993") == 2**53 + 1
    refused("us_refugee_admissions", scratch, r"us_refugee_admissions\.csv, row 3, column 'admitted': value 900719925474099[23] is outside the range declared for it, 0 to 100000")


@pytest.mark.parametrize("value", ["9007199254740993", "1000000000000000000"])
@pytest.mark.parametrize("rel, old, new, name, where", [
    ("aid/wfp_food_deliveries_dprk.csv", '2001,"~930,000"', '2001,"{}"', "wfp_deliveries", r"row 6, column 'tonnes': value \d+ is outside the range declared for it, 0 to 10000000$"),
    ("aid/un_appeals_dprk.csv", "1998,CAP,total,$415.6M", "1998,CAP,total,${}", "un_appeals", r"row 2, column 'requirements_usd': value \d+ is outside"),
    ("aid/fts_funding_dprk.csv", "2002,KDI,~$360M", "2002,KDI,${}", "humanitarian_funding",
     r"column 'funding_usd': value \d+ is outside the range declared for it, 0 to 10000000000 \(the row with year=2002, series='KDI', as_of=2014-12-01\)"),
    ("families/annual_deaths.csv", '2004-2011,,"~41,900"', '2004-2011,,"{}"', "separated_family_deaths",
     r"column 'deaths': value \d+ is outside the range declared for it, 0 to 200000 \(the row with period_label='2004-2011', month_start=1, month_end=12, method='reported', deaths=\d+\)"),
])
def test_huge_figures_are_refused(scratch, value, rel, old, new, name, where):
    """Figures no source could print for these series (before: stored as they came, or rounded)."""
    scratch.edit(rel, old, new.format(value))
    refused(name, scratch, rf"{Path(rel).name.replace('.', chr(92) + '.')}, {where}")


def test_exponent_count_is_refused(scratch):
    scratch.edit("defectors/us_refugee_admissions.csv", "\nFY2007,22,", "\nFY2007,1e18,")
    refused("us_refugee_admissions", scratch, r"us_refugee_admissions\.csv, row 3, column 'admitted': non-numeric count")


def test_raw_file_replaced_by_a_symlink_is_refused(scratch, tmp_path):
    path = scratch.path(AID)
    elsewhere = tmp_path / "elsewhere.csv"
    shutil.copy2(path, elsewhere)
    path.unlink()
    path.symlink_to(elsewhere)
    refused("rok_aid", scratch, r"mou_aid_to_north_by_year\.csv: is a symbolic link")
    with pytest.raises(DataError, match="symbolic link"):
        ca.load("rok_aid")


def test_raw_folder_replaced_by_a_symlink_is_refused(scratch, tmp_path):
    folder = scratch.path("aid")
    shutil.move(folder, tmp_path / "aid-elsewhere")
    folder.symlink_to(tmp_path / "aid-elsewhere")
    refused("rok_aid", scratch, r"^data/raw/aid: is a symbolic link")


def test_stale_checksum_fails_load_naming_the_file(scratch):
    ca.load("rok_aid")
    scratch.edit(AID, "\n2019,0,106,", "\n2019,90,106,", checksum=False)
    with pytest.raises(DataError, match=r"data/raw/aid/mou_aid_to_north_by_year\.csv, column 'sha256': checksum mismatch"):
        ca.load("rok_aid")
    assert "rok_aid.csv" in scratch.processed_files()  # the previous good files stay


def test_every_dataset_verifies_its_raw_inputs(scratch):
    """A stale checksum on any raw file fails every dataset built from it, current or not."""
    for name in ca.datasets():
        registry.refresh(name)
    for name in ca.datasets():
        ds = registry.get(name)
        raw = ds.all_raw_paths[-1]
        raw.write_bytes(raw.read_bytes() + b"\n")
        with pytest.raises(DataError, match=rf"{raw.name.replace('.', chr(92) + '.')}, column 'sha256': checksum mismatch"):
            registry.refresh(name)
        metadata.update_checksum(raw)


def test_cleaner_crash_becomes_a_data_error(scratch, monkeypatch):
    ds = registry.get("rok_aid")

    def crashes(*_raw):  # a step takes the Raw inputs, a cleaner nothing
        raise OverflowError("result would overflow")

    monkeypatch.setitem(registry._REGISTRY, "rok_aid", dataclasses.replace(ds, builder=crashes))
    with pytest.raises(DataError, match=r"^data/raw/aid/mou_aid_to_north_by_year\.csv: building dataset 'rok_aid' failed on unexpected input \(OverflowError: result would overflow\)"):
        registry.build("rok_aid")


def test_every_numeric_column_has_a_declared_range():
    """Every numeric column has a range, every year or date column a span (raw line numbers aside)."""
    for name in ca.datasets():
        frame = registry.build(name)
        decl = catalog.spec(name).checks()
        numeric = [c for c in frame.columns if c != "raw_line" and (
            pd.api.types.is_datetime64_any_dtype(frame[c])
            or (pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])))]
        assert [c for c in numeric if c not in decl.ranges and c not in decl.years] == [], name
        assert len(frame) >= decl.min_rows, name


# ---- processed files --------------------------------------------------------------------------


def _arrivals_2009() -> int:
    d = ca.load("defectors")
    return int(d[(d["period"] == "2009")]["arrivals"].sum())


def test_byte_flipped_parquet_is_rebuilt_on_load(scratch):
    assert _arrivals_2009() == 2914
    path = registry.get("defectors").parquet_path()
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF  # the closing magic bytes: the file cannot be read at all
    path.write_bytes(bytes(data))
    with pytest.raises(Exception):
        pd.read_parquet(path)
    assert registry.stale_reason("defectors") == "defectors.parquet differs from the manifest"
    assert _arrivals_2009() == 2914


def test_tampered_parquet_is_not_republished(scratch):
    assert _arrivals_2009() == 2914
    path = registry.get("defectors").parquet_path()
    frame = pd.read_parquet(path)
    frame["arrivals"] = frame["arrivals"] * 2
    frame.to_parquet(path, index=False)
    assert _arrivals_2009() == 2914


def test_swapped_parquet_is_rebuilt(scratch):
    assert _arrivals_2009() == 2914
    ca.load("us_refugee_admissions")
    shutil.copy2(registry.get("us_refugee_admissions").parquet_path(), registry.get("defectors").parquet_path())
    assert _arrivals_2009() == 2914


def test_tampered_parquet_with_broken_raw_is_refused(scratch):
    ca.load("defectors")
    frame = pd.read_parquet(registry.get("defectors").parquet_path())
    frame["arrivals"] = frame["arrivals"] * 2
    frame.to_parquet(registry.get("defectors").parquet_path(), index=False)
    raw = scratch.path("defectors/mou_arrivals_by_sex.csv")
    raw.write_bytes(raw.read_bytes() + b"\n")
    with pytest.raises(DataError, match="mou_arrivals_by_sex.csv, column 'sha256'"):
        ca.load("defectors")


@pytest.mark.parametrize("old_times", [False, True], ids=["edit", "edit-with-old-times-then-forced"])
def test_kill_between_the_renames_is_repaired(scratch, monkeypatch, old_times):
    ca.load("rok_aid")
    csv_before = registry.get("rok_aid").csv_path().read_bytes()
    path = scratch.edit(AID, "\n2019,0,106,", "\n2019,90,106,")
    if old_times:  # file times cannot tell the half-renamed pair apart: the Parquet is newer than every input
        for p in (path, metadata.meta_path(path)):
            os.utime(p, (OLD, OLD))
    real_replace = os.replace
    calls = []

    def killed_at_second_rename(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise KeyboardInterrupt("killed between the CSV and Parquet renames")
        real_replace(src, dst)

    monkeypatch.setattr(io.os, "replace", killed_at_second_rename)
    with pytest.raises(KeyboardInterrupt):
        registry.refresh("rok_aid", force=old_times)
    monkeypatch.setattr(io.os, "replace", real_replace)
    # the CSV was renamed, the Parquet was not: they disagree, and the manifest says so
    assert registry.get("rok_aid").csv_path().read_bytes() != csv_before
    assert registry.stale_reason("rok_aid") == "rok_aid.csv differs from the manifest"
    assert not [p for p in scratch.processed_files() if p.endswith(".tmp")]
    aid = ca.load("rok_aid").set_index("year")
    assert aid.loc[2019, "govt_direct_grant_krw_100m"] == 90
    assert pd.read_csv(registry.get("rok_aid").csv_path()).set_index("year").loc[2019, "govt_direct_grant_krw_100m"] == 90
    assert registry.stale_reason("rok_aid") is None


def test_manifest_records_every_file_written(scratch):
    rebuilt = registry.build_all()
    assert sorted(rebuilt) == ca.datasets()
    assert rebuilt.index("essay_claims") < rebuilt.index("essay_claim_sources")  # what a step reads is built first
    manifest = json.loads((scratch.processed / "manifest.json").read_text())
    assert manifest["version"] == 1 and sorted(manifest["datasets"]) == ca.datasets()
    entry = manifest["datasets"]["rok_aid"]
    assert entry["rows"] == 31
    assert entry["files"]["rok_aid.parquet"] == metadata.sha256(scratch.processed / "rok_aid.parquet")
    assert registry.build_all() == []


# ---- staleness follows content ----------------------------------------------------------------


def test_edit_with_an_old_mtime_is_rebuilt(scratch):
    ca.load("rok_aid")
    path = scratch.edit(AID, "\n2019,0,106,", "\n2019,90,106,")
    for p in (path, metadata.meta_path(path)):
        os.utime(p, (OLD, OLD))
    assert registry.stale_reason("rok_aid") == "its inputs changed"
    assert ca.load("rok_aid").set_index("year").loc[2019, "govt_direct_grant_krw_100m"] == 90


def test_touch_alone_rebuilds_nothing(scratch):
    ca.load("rok_aid")
    os.utime(scratch.path(AID))
    assert registry.refresh("rok_aid") is False


def test_staleness_follows_the_modules_a_step_imports(scratch, monkeypatch):
    step = paths.PACKAGE_DIR / "steps" / "aid.py"
    dates = paths.PACKAGE_DIR / "dates.py"
    sources = registry.get("rok_aid").source_files
    assert sources[0] == step and dates in sources  # aid.py imports parse, which imports dates
    assert step not in registry.get("defectors").source_files
    unused = {paths.PACKAGE_DIR / m for m in ("charts.py", "site.py", "build.py", "notebook.py", "cli.py")}
    unused |= set((paths.PACKAGE_DIR / "analysis").glob("*.py"))
    for name in ca.datasets():
        assert not unused & set(registry.get(name).source_files), name
    for name in ("rok_aid", "defectors"):
        registry.refresh(name)
    real = registry._file_digest
    monkeypatch.setattr(registry, "_file_digest", lambda p: "edited" if Path(p) == step else real(p))
    assert registry.stale_reason("rok_aid") == "its inputs changed"
    assert registry.stale_reason("defectors") is None
    monkeypatch.setattr(registry, "_file_digest", lambda p: "edited" if Path(p) == dates else real(p))
    assert registry.stale_reason("rok_aid") == "its inputs changed"  # a module imported through another


def test_editing_a_declaration_marks_only_that_dataset_stale(scratch, monkeypatch):
    import yaml

    for name in ("rok_aid", "defectors"):
        registry.refresh(name)
    ds = registry.get("rok_aid")
    text = ds.spec.source.read_text(encoding="utf-8")
    edited = text.replace("  primary_key: [year]\n  min_rows: 25\n", "  primary_key: [year]\n  min_rows: 26\n")
    assert edited != text
    decl = catalog.Declaration.model_validate(yaml.safe_load(edited)["rok_aid"])
    spec = catalog.Spec("rok_aid", decl, ds.spec.fields, ds.spec.topic, ds.spec.source)
    monkeypatch.setitem(registry._REGISTRY, "rok_aid", dataclasses.replace(ds, spec=spec))
    assert registry.stale_reason("rok_aid") == "its inputs changed"
    assert registry.stale_reason("defectors") is None


# ---- make ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_make_data_follows_content(project_copy):
    """`make data`: a no-op is fast, a touch rebuilds nothing, an edit with an old time rebuilds its
    dataset only, a stale checksum or a symlinked raw file fails naming the file."""
    from conftest import make_in

    project = project_copy
    make_in(project, "data")
    start = time.perf_counter()
    noop = make_in(project, "data")
    assert time.perf_counter() - start < 2 and "built" not in noop.stdout
    raw = project / "data" / "raw" / AID
    meta = metadata.meta_path(raw)
    original = raw.read_bytes()

    os.utime(raw)
    assert "built" not in make_in(project, "data").stdout

    raw.write_bytes(original.replace(b"\n2019,0,106,", b"\n2019,90,106,"))
    stale = make_in(project, "data", check=False)
    assert stale.returncode != 0
    assert "data/raw/aid/mou_aid_to_north_by_year.csv, column 'sha256': checksum mismatch" in stale.stderr

    metadata.update_checksum(raw)
    for p in (raw, meta):
        os.utime(p, (OLD, OLD))  # as `cp -p` or `tar x` leave an edited file
    edited = make_in(project, "data")
    assert [line.split("] ")[1] for line in edited.stdout.splitlines() if line.endswith(": built")] == ["rok_aid: built"]
    assert pd.read_parquet(project / "data" / "processed" / "rok_aid.parquet").set_index("year").loc[2019, "govt_direct_grant_krw_100m"] == 90

    elsewhere = project / "elsewhere.csv"
    shutil.copy2(raw, elsewhere)
    raw.unlink()
    raw.symlink_to(elsewhere)
    linked = make_in(project, "data", check=False)
    assert linked.returncode != 0 and "mou_aid_to_north_by_year.csv: is a symbolic link" in linked.stderr


# ---- shared parsers and declarations ----------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("9007199254740993", 9007199254740993), ("9,007,199,254,740,993", 9007199254740993), ("12.0", 12), ("-5", -5),
])
def test_parse_count_is_exact(text, expected):
    assert parse.parse_count(text) == expected


@pytest.mark.parametrize("text", ["1e18", "1E18", "9223372036854775808", "12.5", "inf", "nan"])
def test_parse_count_refuses(text):
    with pytest.raises(ValueError):
        parse.parse_count(text)


def test_counts_ranges(write_csv):
    path = write_csv("n.csv", "k,v\na,3\nb,-1\n")
    frame = io.read_raw_csv(path)
    with pytest.raises(DataError, match=r"n\.csv, row 3, column 'v': count -1 is below the smallest allowed, 0"):
        parse.counts(frame, "v", file=path)
    assert list(parse.counts(frame, "v", file=path, minimum=None)) == [3, -1]
    with pytest.raises(DataError, match=r"row 2, column 'v': count 3 is above the largest allowed, 2"):
        parse.counts(frame, "v", file=path, minimum=None, maximum=2)


def test_every_dataset_declares_its_checks():
    decl = {name: catalog.spec(name).checks() for name in ca.datasets()}
    for name, c in decl.items():
        assert c.key and c.min_rows >= 1, name
        cols = registry.get(name).columns
        assert set(c.key) | set(c.ranges) | set(c.years) <= set(cols), name
    assert catalog.spec("un_votes").checks().ranges == {"yes": (0, 200), "no": (0, 200), "abstain": (0, 200),
                                                        "raw_line": (2, float("inf"))}
    assert decl["upr_recommendations"].min_rows == 435


def test_processed_row_without_raw_line_names_its_key(tmp_path):
    frame = pd.DataFrame({"period": ["2001", "2002"], "n": pd.array([1, -4], dtype="Int64")})
    decl = checks.Checks("d", ("period",), 1, {"n": (0, 10)})
    with pytest.raises(DataError, match=r"x\.csv, column 'n': value -4 is outside the range declared for it, 0 to 10 \(the row with period='2002'\)"):
        checks.apply(decl, frame, file=tmp_path / "x.csv", raw_dir=tmp_path)
