"""The shared framework: errors, raw reading, atomic writes, validation helpers, metadata."""

import os

import pandas as pd
import pandera.pandas as pa
import pytest
import yaml

from cohen_analysis import checks, io, metadata, parse
from cohen_analysis.errors import DataError
from conftest import ROOT


def test_error_names_file_row_and_column(tmp_path):
    err = DataError("bad", file=tmp_path / "x.csv", row=7, column="men")
    assert str(err).endswith("x.csv, row 7, column 'men': bad")
    assert (err.row, err.column) == (7, "men")


def test_read_raw_csv_keeps_text_and_line_numbers(write_csv):
    path = write_csv("a.csv", """
        name,count
        a,"1,234"
        b,
    """)
    frame = io.read_raw_csv(path, required=["name", "count"])
    assert list(frame.index) == [2, 3]
    assert frame.loc[2, "count"] == "1,234"
    assert frame.loc[3, "count"] == ""


def test_read_raw_csv_missing_column(write_csv):
    path = write_csv("a.csv", "name\nx\n")
    with pytest.raises(DataError, match=r"a\.csv, row 1, column 'count': missing required column"):
        io.read_raw_csv(path, required=["name", "count"])


@pytest.mark.parametrize(
    "text, expected", [("1,234", 1234), ("12", 12), ("", None), (" 34,537 ", 34537), ("-5", -5)]
)
def test_parse_count(text, expected):
    assert parse.parse_count(text) == expected


@pytest.mark.parametrize("text", ["1.234,5", "abc", "12a", "1,23", "3.5"])
def test_parse_count_rejects(text):
    with pytest.raises(ValueError):
        parse.parse_count(text)


def test_to_counts_names_the_cell(write_csv):
    path = write_csv("c.csv", "k,v\na,1\nb,x\n")
    frame = io.read_raw_csv(path)
    with pytest.raises(DataError, match=r"c\.csv, row 3, column 'v': non-numeric count"):
        parse.counts(frame, "v", file=path)


def test_choices_and_the_key_name_the_row(write_csv):
    path = write_csv("d.csv", "id,kind\n1,a\n2,b\n1,a\n")
    frame = io.read_raw_csv(path)
    with pytest.raises(DataError, match=r"row 3, column 'kind': unknown value 'b'"):
        parse.choices(frame, "kind", {"a"}, file=path)
    key = checks.Checks("d", ("id",), 1)
    with pytest.raises(DataError, match=r"row 4, column 'id': duplicate row: id='1' appears twice \(first seen on row 2\)"):
        checks.apply(key, frame, file=path, raw_dir=path.parent)


def test_counts_below_the_minimum_name_the_raw_line(write_csv):
    path = write_csv("e.csv", "n\n5\n-1\n")
    with pytest.raises(DataError, match=r"e\.csv, row 3, column 'n': count -1 is below the smallest allowed, 0"):
        parse.counts(io.read_raw_csv(path), "n", file=path)
    assert parse.counts(io.read_raw_csv(path), "n", file=path, minimum=None).tolist() == [5, -1]


def test_atomic_write_keeps_old_file_on_failure(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("good\n")
    with pytest.raises(RuntimeError):
        with io.atomic_path(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("boom")
    assert target.read_text() == "good\n"
    assert os.listdir(tmp_path) == ["out.csv"]


def _meta(path, **over):
    data = {
        "file": path.name,
        "sha256": metadata.sha256(path),
        "title": "T",
        "description": "D",
        "producer": "P",
        "citation_full": "C",
        "citation_short": "P (2026)",
        "url_main": "https://example.org/",
        "date_published": "2026-01",
        "date_accessed": "2026-11-27",
        "license": "L",
        "confidence": "high",
        "columns": {"a": {"description": "A", "unit": "persons"}},
    }
    data.update(over)
    metadata.meta_path(path).write_text(yaml.safe_dump(data))


def test_metadata_valid_then_checksum_mismatch(write_csv):
    path = write_csv("r.csv", "a\n1\n")
    _meta(path)
    assert metadata.read_origin(path).producer == "P"
    path.write_text("a\n2\n")
    with pytest.raises(DataError, match=r"r\.csv, column 'sha256': checksum mismatch"):
        metadata.read_origin(path)
    assert metadata.update_checksum(path) is True
    assert metadata.read_origin(path).sha256 == metadata.sha256(path)


def test_metadata_missing(write_csv):
    path = write_csv("r.csv", "a\n1\n")
    with pytest.raises(DataError, match="origin metadata is missing"):
        metadata.read_origin(path)


def test_metadata_missing_field_and_bad_columns(write_csv):
    path = write_csv("r.csv", "a,b\n1,2\n")
    _meta(path, producer="")
    with pytest.raises(DataError, match=r"r\.csv\.meta\.yaml, column 'producer'"):
        metadata.read_origin(path)
    _meta(path)
    with pytest.raises(DataError, match=r"undescribed: \['b'\]"):
        metadata.read_origin(path)


def test_fast_yaml_loader_reads_every_project_file_as_the_python_loader_does():
    """io.load_yaml (libyaml when present) and yaml.safe_load agree on every YAML file of the project."""
    import yaml

    from cohen_analysis.io import load_yaml

    files = [p for d in ("data/raw", "src", "params") for p in sorted((ROOT / d).rglob("*.yaml"))]
    assert len(files) > 60
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert load_yaml(text) == yaml.safe_load(text), path


def test_fast_yaml_loader_reports_bad_yaml_with_pythons_line_and_column():
    import yaml

    from cohen_analysis.io import load_yaml

    with pytest.raises(yaml.YAMLError) as caught:
        load_yaml("a: 1\nb: [2, 3\nc: 4\n")
    mark = caught.value.problem_mark
    assert (mark.line, mark.column) == (2, 1) and mark.buffer is not None  # the Python parser's mark has the text
