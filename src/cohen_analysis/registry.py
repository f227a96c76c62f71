"""The catalogue of processed datasets: how each is built, from which raw files, and its columns.

A cleaner module registers its datasets with :func:`dataset`::

    @dataset(
        "defectors",
        raw=["defectors/mou_arrivals_by_sex.csv"],
        description="Arrivals of North Korean defectors in South Korea by period and sex.",
        columns={"period": "Period as published (e.g. '~1998', '1999-2001', '2002')", ...},
    )
    def build_defectors() -> pd.DataFrame: ...

``load(name)`` returns the processed frame, rebuilding it first when the processed file is
missing or older than any of its inputs (raw files, their metadata, the cleaner's source).
"""

from __future__ import annotations

import inspect
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from . import coverage
from .errors import DataError
from .io import atomic_path, atomic_write_text
from .metadata import Origin, meta_path, origin_of
from .paths import PACKAGE_DIR, PROCESSED_DIR, RAW_DIR

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Dataset:
    name: str
    builder: Callable[[], pd.DataFrame]
    raw: tuple[str, ...]
    description: str
    columns: dict[str, str]
    depends: tuple[str, ...] = field(default=())

    @property
    def raw_paths(self) -> list[Path]:
        return [RAW_DIR / r for r in self.raw]

    @property
    def source_files(self) -> list[Path]:
        """Package modules whose change invalidates this dataset."""
        own = Path(inspect.getsourcefile(self.builder)).resolve()
        shared = [PACKAGE_DIR / m for m in ("io.py", "validate.py", "metadata.py", "countries.py", "dates.py")]
        return [own] + [p for p in shared if p.exists()]

    @property
    def inputs(self) -> list[Path]:
        paths = []
        for raw in self.raw_paths:
            paths += [raw, meta_path(raw)]
        for dep in self.depends:
            paths += _REGISTRY[dep].inputs
        return paths + self.source_files

    def csv_path(self, root: Path | None = None) -> Path:
        return (root or PROCESSED_DIR) / f"{self.name}.csv"

    def parquet_path(self, root: Path | None = None) -> Path:
        return (root or PROCESSED_DIR) / f"{self.name}.parquet"


_REGISTRY: dict[str, Dataset] = {}
_LOADED: set[str] = set()


def loaded_datasets() -> set[str]:
    """Names of the datasets :func:`load` has returned in this process (for report dependencies)."""
    return set(_LOADED)


def dataset(name: str, *, raw: list[str], description: str, columns: dict[str, str], depends: list[str] = ()):
    """Register the decorated function as the builder of processed dataset ``name``."""

    def wrap(builder: Callable[[], pd.DataFrame]):
        if name in _REGISTRY and _REGISTRY[name].builder.__qualname__ != builder.__qualname__:
            raise ValueError(f"dataset {name!r} is registered twice")
        _REGISTRY[name] = Dataset(name, builder, tuple(raw), description, dict(columns), tuple(depends))
        return builder

    return wrap


def _registry() -> dict[str, Dataset]:
    import importlib

    importlib.import_module(f"{__package__}.cleaners")  # imports every cleaner module, which registers itself
    return _REGISTRY


def get(name: str) -> Dataset:
    reg = _registry()
    if name not in reg:
        raise KeyError(f"unknown dataset {name!r}; known: {', '.join(sorted(reg))}")
    return reg[name]


def datasets() -> list[str]:
    """Names of every processed dataset, sorted."""
    return sorted(_registry())


def build(name: str) -> pd.DataFrame:
    """Run the cleaner of ``name`` and check the result against the declared columns."""
    ds = get(name)
    frame = ds.builder()
    if list(frame.columns) != list(ds.columns):
        raise DataError(
            f"cleaner returned columns {list(frame.columns)}, the data dictionary declares {list(ds.columns)}",
            file=ds.source_files[0],
        )
    return frame.reset_index(drop=True)


def is_stale(name: str, root: Path | None = None) -> bool:
    ds = get(name)
    outputs = [ds.csv_path(root), ds.parquet_path(root)]
    if not all(p.exists() for p in outputs):
        return True
    built = min(p.stat().st_mtime for p in outputs)
    return any(p.exists() and p.stat().st_mtime > built for p in ds.inputs)


def write(name: str, frame: pd.DataFrame, root: Path | None = None) -> None:
    """Write CSV and Parquet atomically: both are complete, or the old ones stay."""
    ds = get(name)
    with atomic_path(ds.parquet_path(root)) as tmp_parquet, atomic_path(ds.csv_path(root)) as tmp_csv:
        frame.to_parquet(tmp_parquet, index=False)
        frame.to_csv(tmp_csv, index=False, lineterminator="\n")


def refresh(name: str, *, force: bool = False, root: Path | None = None) -> bool:
    """Rebuild ``name`` if it is stale (or ``force``). Returns True if it was rebuilt."""
    if not force and not is_stale(name, root):
        return False
    log.info("building %s", name)
    write(name, build(name), root)
    return True


def load(name: str) -> pd.DataFrame:
    """The processed dataset ``name``, rebuilt first when missing or out of date."""
    ds = get(name)
    refresh(name)
    _LOADED.add(name)
    return pd.read_parquet(ds.parquet_path())


def origin(name: str) -> list[Origin]:
    """The origin metadata of every raw file behind dataset ``name``."""
    ds = get(name)
    raws = list(ds.raw)
    for dep in ds.depends:
        raws += [r for r in get(dep).raw if r not in raws]
    return [origin_of(RAW_DIR / r) for r in raws]


def data_dictionary() -> dict:
    """Every dataset with its description, columns, sources and (where declared) coverage, as plain data."""
    out = {}
    for name in datasets():
        ds = get(name)
        out[name] = {
            "description": ds.description,
            "columns": ds.columns,
            "raw_files": list(ds.raw),
            "sources": sorted({o.citation_short for o in origin(name)}),
        }
        cov = coverage.dictionary_entry(name)
        if cov:
            out[name]["coverage"] = cov
    return out


def data_dictionary_markdown() -> str:
    lines = ["# Data dictionary", "", "Generated by `make data` from the dataset registry; do not edit.", ""]
    for name, entry in data_dictionary().items():
        lines += [f"## `{name}`", "", entry["description"], "", "| column | meaning |", "|---|---|"]
        lines += [f"| `{col}` | {desc} |" for col, desc in entry["columns"].items()]
        lines += ["", "Raw files: " + ", ".join(f"`data/raw/{r}`" for r in entry["raw_files"]), ""]
        lines += ["Sources: " + "; ".join(entry["sources"]), ""]
        lines += coverage.dictionary_markdown(entry.get("coverage"))
    return "\n".join(lines)


def build_all(*, force: bool = False, root: Path | None = None, progress: Callable[[str, bool], None] | None = None) -> list[str]:
    """Refresh every dataset and write the data dictionary. Returns the names rebuilt."""
    rebuilt = []
    for name in datasets():
        changed = refresh(name, force=force, root=root)
        if changed:
            rebuilt.append(name)
        if progress:
            progress(name, changed)
    target = root or PROCESSED_DIR
    dictionary = json.dumps(data_dictionary(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    for path, text in ((target / "data_dictionary.json", dictionary), (target / "DATA_DICTIONARY.md", data_dictionary_markdown())):
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            atomic_write_text(path, text)
    return rebuilt
