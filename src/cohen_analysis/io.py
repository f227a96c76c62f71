"""Reading raw CSV files and writing outputs atomically."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from .errors import DataError

if TYPE_CHECKING:  # pandas is imported where it is used: `cohen-analysis` commands start without it
    import pandas as pd


def load_yaml(text: str):
    """Parse YAML with PyYAML's safe loader, in C (libyaml) when PyYAML was built with it.

    The metadata, catalog and parameter files parse the same either way (the tests compare them),
    the C loader about ten times faster. A document the C parser refuses is parsed again in
    Python, so a bad file raises PyYAML's usual ``YAMLError``, with its line and column.
    """
    import yaml

    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.load(text, Loader=fast)  # noqa: S506 - the safe loader, in C
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)


#: The line on which the first data row of a CSV file stands (the header is line 1).
FIRST_DATA_LINE = 2


def read_raw_csv(path: str | os.PathLike, *, required: list[str] | tuple[str, ...] = ()) -> pd.DataFrame:
    """Read a raw CSV file as text, exactly as written.

    Every cell is a string (empty cells are ``""``), nothing is parsed or coerced, and the
    index is the line number of each row in the file, so that a later check can point to it.
    A missing required column raises :class:`DataError` naming the file and the column.
    """
    import pandas as pd

    path = Path(path)
    if not path.exists():
        raise DataError("file not found", file=path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot be parsed as UTF-8 CSV: {exc}", file=path) from exc
    frame.index = pd.RangeIndex(FIRST_DATA_LINE, FIRST_DATA_LINE + len(frame), name="line")
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise DataError(
            f"missing required column; the header has {list(frame.columns)}",
            file=path,
            row=1,
            column=missing[0],
        )
    return frame


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` in one step.

    On any error (or KeyboardInterrupt) the temporary file is removed and ``path`` keeps its
    previous content: readers never see a half-written file.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o644)
        os.replace(tmp_path, path)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
