"""Every raw file has valid origin metadata and its recorded checksum."""

import pytest

from cohen_analysis import metadata
from cohen_analysis.paths import RAW_DIR

RAW = metadata.raw_files()


def test_there_are_raw_files():
    topics = {p.relative_to(RAW_DIR).parts[0] for p in RAW}
    assert {"defectors", "prisoners", "upr", "treaties"} <= topics


@pytest.mark.parametrize("path", RAW, ids=[p.relative_to(RAW_DIR).as_posix() for p in RAW])
def test_raw_file_has_valid_origin(path):
    origin = metadata.read_origin(path)
    assert origin.url_main.startswith("http")
    assert origin.date_accessed >= origin.date_published[:4]
