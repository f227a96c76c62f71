"""The processed datasets at run time: building, staleness, the manifest, loading.

Each dataset is declared in ``steps/<topic>.yaml`` (fields defined once in ``catalog/``) and
built by the step registered with :func:`step` in ``steps/<topic>.py``::

    @step("defectors")
    def defectors(raw: Raw) -> pd.DataFrame: ...

``load(name)`` returns the processed frame, rebuilding it first when it is out of date.

Staleness follows content, not file times: ``data/processed/manifest.json`` records, for every
dataset, a hash of its inputs (raw files and their metadata, the step module and every project
module it imports, found by reading their imports, and the dataset's resolved declaration) and
the SHA-256 of the CSV and Parquet files written from them. A dataset is rebuilt when the
inputs' hash differs, or when a processed file is missing or differs from the manifest (a
damaged or swapped file, or a build killed between the CSV and Parquet renames). Before every
build and every load, the origin metadata and checksum of each raw input are verified, and the
built frame is conformed to its declaration (:func:`cohen_analysis.catalog.conform`).
"""

from __future__ import annotations

import ast
import hashlib
import inspect
import json
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

import pandas as pd

from . import catalog
from . import coverage
from .errors import DataError
from .io import atomic_path, atomic_write_text
from .metadata import Origin, meta_path, origin_of, read_origin
from .paths import PACKAGE_DIR, PROCESSED_DIR, RAW_DIR

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Dataset:
    """A declared dataset and the step that builds it."""

    name: str
    builder: Callable[["Raw"], pd.DataFrame]
    spec: "catalog.Spec" = field(compare=False)

    @property
    def raw(self) -> tuple[str, ...]:
        return tuple(self.spec.inputs)

    @property
    def description(self) -> str:
        return self.spec.description

    @property
    def columns(self) -> dict[str, str]:
        return self.spec.descriptions

    @property
    def depends(self) -> tuple[str, ...]:
        return tuple(self.spec.depends)

    @property
    def raw_paths(self) -> list[Path]:
        return [RAW_DIR / r for r in self.raw]

    @property
    def source_files(self) -> list[Path]:
        """The step module and every project module it imports, directly or not (sorted after it)."""
        own = Path(inspect.getsourcefile(self.builder)).resolve()
        return [own] + sorted(imported_modules(own) - {own})

    @property
    def all_raw_paths(self) -> list[Path]:
        """Raw files of this dataset and of the datasets it depends on, each once."""
        paths = list(self.raw_paths)
        for dep in self.depends:
            paths += [p for p in _REGISTRY[dep].all_raw_paths if p not in paths]
        return paths

    @property
    def inputs(self) -> list[Path]:
        """Every file whose content the dataset is built from (for Make's dependency rules)."""
        paths = []
        for raw in self.raw_paths:
            paths += [raw, meta_path(raw)]
        for dep in self.depends:
            paths += [p for p in _REGISTRY[dep].inputs if p not in paths]
        return paths + [p for p in self.source_files + self.declaration_files if p not in paths]

    @property
    def declaration_files(self) -> list[Path]:
        """Files the dataset is declared in. Make watches them; the content hash takes only the
        dataset's own resolved declaration, so an edit elsewhere in them marks no other dataset stale."""
        return [self.spec.source, catalog.FIELDS_FILE, catalog.VOCABULARIES_FILE]

    def inputs_digest(self) -> str:
        """A hash of the content of every input (file times play no part)."""
        h = hashlib.sha256()
        files = [p for p in self.inputs if p not in self.declaration_files]
        for path in files:
            h.update(_display(path).encode() + b"\0")
            h.update((_file_digest(path) if path.exists() else "missing").encode() + b"\n")
        h.update(b"declaration\0" + self.spec.digest.encode())  # with the catalog's definitions it uses
        return h.hexdigest()

    def csv_path(self, root: Path | None = None) -> Path:
        return (root or PROCESSED_DIR) / f"{self.name}.csv"

    def parquet_path(self, root: Path | None = None) -> Path:
        return (root or PROCESSED_DIR) / f"{self.name}.parquet"


_REGISTRY: dict[str, Dataset] = {}
_LOADED: set[str] = set()
_VERIFIED: set[tuple[str, str, str]] = set()  # (raw file, its SHA-256, its metadata's SHA-256) verified in this process


def _display(path: Path) -> str:
    """A path relative to the package or the raw folder, so the hash does not depend on the checkout's place."""
    path = Path(path)
    for base, label in ((PACKAGE_DIR, "src"), (RAW_DIR, "raw")):
        try:
            return f"{label}/{path.resolve().relative_to(base.resolve()).as_posix()}"
        except ValueError:
            continue
    return path.as_posix()


def _file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _module_file(name: str) -> Path | None:
    """The file of project module ``name`` (``cohen_analysis.x.y``), or None outside the project."""
    parts = name.split(".")
    if parts[0] != PACKAGE_DIR.name:
        return None
    base = PACKAGE_DIR.joinpath(*parts[1:])
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    return None


def _module_name(path: Path) -> tuple[str, bool]:
    try:
        rel = path.resolve().relative_to(PACKAGE_DIR.parent)
    except ValueError:  # a builder outside the package: only its absolute imports of the package count
        return "", False
    parts = list(rel.with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    return ".".join(parts), is_package


@lru_cache(maxsize=None)
def _direct_imports(path: Path, digest: str) -> frozenset[Path]:
    """Project modules ``path`` imports (anywhere in the file: top level or inside functions)."""
    module, is_package = _module_name(path)
    package = module if is_package else module.rpartition(".")[0]
    found: set[Path] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {f for f in (_module_file(a.name) for a in node.names) if f is not None}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join(parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for alias in node.names:
                # `from .. import paths` imports the module paths; `from ..io import read_raw_csv` the module io
                file = _module_file(f"{base}.{alias.name}") or _module_file(base)
                if file is not None:
                    found.add(file.resolve())
    return frozenset(found)


def imported_modules(path: Path) -> set[Path]:
    """``path`` and every project module it imports, directly or through other project modules."""
    seen: set[Path] = set()
    todo = [Path(path).resolve()]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        todo += [p for p in _direct_imports(current, _file_digest(current)) if p not in seen]
    return seen


def loaded_datasets() -> set[str]:
    """Names of the datasets :func:`load` has returned in this process (for report dependencies)."""
    return set(_LOADED)


class Raw:
    """The raw inputs of one step: verified files by their path under ``data/raw``.

    ``raw.read(name)`` gives the file as text cells indexed by line number (see
    :func:`cohen_analysis.io.read_raw_csv`), with every column its metadata describes;
    ``raw.path(name)`` the file to name in an error; ``raw.dataset(name)`` a processed dataset
    the step depends on. Tests substitute files (``files``) and dependencies (``datasets``).
    """

    def __init__(self, name: str, files: dict[str, Path] | None = None, datasets: dict[str, pd.DataFrame] | None = None):
        self.name, self.files, self.datasets = name, dict(files or {}), dict(datasets or {})

    def path(self, relative: str) -> Path:
        return Path(self.files.get(relative, RAW_DIR / relative))

    def read(self, relative: str, *, required: list[str] | None = None) -> pd.DataFrame:
        from .io import read_raw_csv

        if required is None:
            required = list(read_origin(RAW_DIR / relative, verify=False).columns)
        return read_raw_csv(self.path(relative), required=required)

    def dataset(self, name: str) -> pd.DataFrame:
        if name in self.datasets:
            return self.datasets[name]
        return load(name)


_AFTER: dict[str, list[Callable]] = {}


def after(name: str):
    """Register a check that runs on ``name``'s frame once it conforms to its declaration.

    For checks across rows or files that need valid values first: the function takes the typed
    frame (index: raw lines, as the step returned it) and the :class:`Raw`, and raises DataError.
    """

    def wrap(check: Callable[[pd.DataFrame, Raw], None]):
        _AFTER.setdefault(name, [])
        if check.__qualname__ not in [c.__qualname__ for c in _AFTER[name]]:
            _AFTER[name].append(check)
        return check

    return wrap


def step(name: str):
    """Register the decorated function as the step that builds dataset ``name``.

    The dataset is declared in the YAML file beside the step's module (``steps/<topic>.yaml``);
    the function takes a :class:`Raw` and returns one tidy frame with the declared columns. The
    framework then orders the columns, gives them their dtypes, validates them strictly against
    the declaration and runs the dataset's :func:`after` checks.
    """

    def wrap(builder: Callable[[Raw], pd.DataFrame]):
        try:
            spec = catalog.spec(name)
        except KeyError:
            raise ValueError(f"step {name!r} has no declaration in {catalog.STEPS_DIR.name}/*.yaml") from None
        if name in _REGISTRY and _REGISTRY[name].builder.__qualname__ != builder.__qualname__:
            raise ValueError(f"dataset {name!r} is registered twice")
        _REGISTRY[name] = Dataset(name, builder, spec)
        return builder

    return wrap


def _registry() -> dict[str, Dataset]:
    import importlib

    importlib.import_module(f"{__package__}.steps")  # imports every step module, which registers its steps
    undeclared = sorted(set(catalog.specs()) - set(_REGISTRY))
    if undeclared:
        raise ValueError(f"dataset {undeclared[0]!r} is declared but no step builds it")
    return _REGISTRY


def get(name: str) -> Dataset:
    reg = _registry()
    if name not in reg:
        import difflib

        close = difflib.get_close_matches(name, reg, n=3, cutoff=0.5) or [n for n in sorted(reg) if name in n][:3]
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise KeyError(f"unknown dataset {name!r}{hint} (known: {', '.join(sorted(reg))})")
    return reg[name]


def datasets() -> list[str]:
    """Names of every processed dataset, sorted."""
    return sorted(_registry())


def verify_raw(name: str) -> None:
    """Check every raw input of ``name``: a regular file (not a link), with valid origin metadata and checksum."""
    ds = get(name)
    for path in ds.all_raw_paths:
        folders = [f for f in path.parents if f != RAW_DIR and RAW_DIR in f.parents]
        for p in (path, meta_path(path), *folders):
            if p.is_symlink():
                raise DataError(
                    "is a symbolic link; raw files must be regular files kept in the repository", file=p
                )
        if not path.is_file():
            raise DataError(f"raw file of dataset '{name}' is missing", file=path)
        meta = meta_path(path)
        stamp = (str(path), _file_digest(path), _file_digest(meta) if meta.is_file() else "")
        if stamp not in _VERIFIED:
            read_origin(path)  # metadata valid, columns described, SHA-256 matches
            _VERIFIED.add(stamp)


def build(name: str, *, files: dict[str, Path] | None = None, datasets: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Verify the raw inputs of ``name``, run its step and conform the result to its declaration.

    ``files`` substitutes raw files (a test's small inputs; their origin is not verified) and
    ``datasets`` the processed datasets the step reads. A step that crashes on bad input
    (rather than raising DataError) is reported as a DataError naming the dataset's raw files.
    """
    ds = get(name)
    if files is None:
        verify_raw(name)
    raw = Raw(name, files, datasets)
    try:
        frame = ds.builder(raw)
    except DataError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, ArithmeticError, AttributeError) as exc:
        raise DataError(
            f"building dataset '{name}' failed on unexpected input ({type(exc).__name__}: {exc}); "
            f"raw files: {', '.join(ds.raw)}",
            file=raw.path(ds.raw[0]),
        ) from exc
    error_file = raw.path(ds.spec.error_file or ds.raw[0])
    # a test's substituted files are fragments: the minimum row count guards the real files
    frame = catalog.conform(ds.spec, frame, file=error_file, raw_dir=raw.path, min_rows=1 if files else None)
    for check in _AFTER.get(name, []):
        check(frame, raw)
    return frame.reset_index(drop=True)


# ---- manifest of processed files ------------------------------------------------------------


def manifest_path(root: Path | None = None) -> Path:
    return (root or PROCESSED_DIR) / MANIFEST_NAME


def read_manifest(root: Path | None = None) -> dict:
    """The manifest's entries by dataset (empty when missing or unreadable: everything is then rebuilt)."""
    path = manifest_path(root)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION or not isinstance(data.get("datasets"), dict):
        return {}
    return data["datasets"]


def _manifest_lock(root: Path | None = None):
    from filelock import FileLock

    target = root or PROCESSED_DIR
    target.mkdir(parents=True, exist_ok=True)
    return FileLock(str(target / ".manifest.lock"))


def _record(name: str, entry: dict, root: Path | None = None) -> None:
    """Write ``entry`` for ``name`` into the manifest (atomically, under a lock)."""
    with _manifest_lock(root):
        entries = read_manifest(root)
        entries[name] = entry
        text = json.dumps({"version": MANIFEST_VERSION, "datasets": dict(sorted(entries.items()))}, indent=2, sort_keys=True) + "\n"
        atomic_write_text(manifest_path(root), text)


def stale_reason(name: str, root: Path | None = None) -> str | None:
    """Why ``name`` must be rebuilt, or None when its processed files are current and intact."""
    ds = get(name)
    entry = read_manifest(root).get(name)
    if not isinstance(entry, dict):
        return "not in the manifest"
    files = entry.get("files") or {}
    for path in (ds.csv_path(root), ds.parquet_path(root)):
        if not path.is_file():
            return f"{path.name} is missing"
        if files.get(path.name) != _file_digest(path):
            return f"{path.name} differs from the manifest"
    if entry.get("inputs") != ds.inputs_digest():
        return "its inputs changed"
    return None


def write(name: str, frame: pd.DataFrame, root: Path | None = None, *, inputs: str | None = None) -> None:
    """Write CSV and Parquet atomically, then record their hashes in the manifest.

    The manifest is written last: a build killed between the two renames, or before the
    manifest, leaves files that disagree with it, and the next refresh rebuilds them.
    """
    ds = get(name)
    contents = {ds.csv_path(root): _csv_bytes(frame, ds.spec), ds.parquet_path(root): _parquet_bytes(frame, ds.spec)}
    digests = {}
    for path, data in contents.items():  # a file whose content is unchanged keeps its time stamp
        digests[path.name] = hashlib.sha256(data).hexdigest()
        if not (path.is_file() and not path.is_symlink() and path.read_bytes() == data):
            with atomic_path(path) as tmp:
                tmp.write_bytes(data)
    _record(name, {"inputs": inputs or ds.inputs_digest(), "files": digests, "rows": len(frame)}, root)


def _parquet_bytes(frame: pd.DataFrame, spec: "catalog.Spec") -> bytes:
    """The Parquet file of ``frame``; each field carries its description, type and unit."""
    import io as _io

    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, preserve_index=False)
    fields = []
    for f in table.schema:
        d = spec.fields[f.name]
        fields.append(f.with_metadata({"description": d.description, "type": d.type, **({"unit": d.unit} if d.unit else {})}))
    table = table.cast(pa.schema(fields, metadata=table.schema.metadata))
    buffer = _io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def _csv_bytes(frame: pd.DataFrame, spec: "catalog.Spec") -> bytes:
    """The CSV file of ``frame``; list cells are written as JSON arrays (Frictionless 'array')."""
    lists = [c for c, f in spec.fields.items() if f.type == "list"]
    if lists:
        frame = frame.copy()
        for col in lists:
            frame[col] = frame[col].map(lambda v: None if v is None else json.dumps(list(v), ensure_ascii=False))
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def refresh(name: str, *, force: bool = False, root: Path | None = None) -> bool:
    """Rebuild ``name`` if it is stale (or ``force``). Returns True if it was rebuilt.

    The raw inputs' origin and checksum are verified every time, current or not.
    """
    verify_raw(name)
    reason = "forced" if force else stale_reason(name, root)
    if reason is None:
        return False
    log.info("building %s (%s)", name, reason)
    inputs = get(name).inputs_digest()
    write(name, build(name), root, inputs=inputs)
    return True


def load(name: str) -> pd.DataFrame:
    """The processed dataset ``name``, rebuilt first when missing, out of date or damaged.

    The Parquet file read is the one whose hash the manifest records.
    """
    ds = get(name)
    refresh(name)
    path = ds.parquet_path()
    data = path.read_bytes()
    expected = read_manifest().get(name, {}).get("files", {}).get(path.name)
    if hashlib.sha256(data).hexdigest() != expected:
        raise DataError("changed while it was being loaded; load it again", file=path)
    _LOADED.add(name)
    import io as _io

    frame = pd.read_parquet(_io.BytesIO(data))
    for col in [c for c, f in ds.spec.fields.items() if f.type == "list"]:  # Parquet gives arrays back
        frame[col] = frame[col].map(lambda v: None if v is None else list(v)).astype(object)
    frame.attrs = metadata(name)
    return frame


def metadata(name: str) -> dict:
    """What ``load`` attaches to ``DataFrame.attrs``: the dataset's declaration and its sources, as plain data."""
    ds = get(name)
    out = {"name": name, "title": ds.spec.title or name, "description": ds.description,
           "primary_key": list(ds.spec.primary_key),
           "fields": {c: {k: v for k, v in {"type": f.type, "description": f.description, "unit": f.unit}.items() if v}
                      for c, f in ds.spec.fields.items()}}
    out["sources"] = [{"producer": o.producer, "title": o.title, "url": o.url_main, "citation": o.citation_short}
                      for o in origin(name)]
    return out


class Origins(list):
    """The origins of a dataset's raw files, printed as a readable list of sources."""

    def __repr__(self) -> str:
        lines = []
        for o in self:
            via = f"; read from {', '.join(c.name for c in o.retrieved_from)}" if o.retrieved_from else ""
            lines.append(f"- {o.producer}: {o.title} ({o.date_published}; confidence {o.confidence}){via}\n  {o.url_main}")
        return "\n".join(lines) or "(no sources)"

    _repr_pretty_ = lambda self, p, cycle: p.text(repr(self))  # noqa: E731  (IPython)


def describe(name: str) -> str:
    """A readable summary of dataset ``name``: what it holds, its key, its columns, coverage and sources."""
    ds = get(name)
    meta = metadata(name)
    lines = [f"{name}: {meta.get('title', name)}", "", ds.description, ""]
    if meta["primary_key"]:
        lines.append(f"One row per {', '.join(meta['primary_key'])}.")
    entry = read_manifest().get(name)
    if isinstance(entry, dict) and "rows" in entry:
        lines.append(f"{entry['rows']:,} rows when last built.")
    lines += ["", "Columns:"]
    for col, f in meta["fields"].items():
        kind = f" [{f['type']}{', ' + f['unit'] if f.get('unit') else ''}]" if f.get("type") else ""
        lines.append(f"  {col}{kind}: {f['description']}")
    cov = coverage.dictionary_entry(name)
    if cov:
        lines += ["", "Coverage: " + " ".join(coverage.dictionary_markdown(cov)).strip()]
    lines += ["", "Sources:", repr(origin(name))]
    return "\n".join(lines)


def origin(name: str | None = None) -> list[Origin]:
    """The origin metadata of every raw file behind dataset ``name`` (every dataset when None)."""
    paths: list[Path] = []
    for n in [name] if name else datasets():
        paths += [p for p in get(n).all_raw_paths if p not in paths]
    return Origins(origin_of(p) for p in paths)


def data_dictionary() -> dict:
    """Every dataset with its description, key, columns (type, unit, meaning), sources and coverage, as plain data."""
    out = {}
    for name in datasets():
        ds = get(name)
        out[name] = {
            "description": " ".join(ds.description.split()),
            "columns": ds.columns,
            "raw_files": list(ds.raw),
            "sources": sorted({o.citation_short for o in origin(name)}),
        }
        out[name]["title"] = ds.spec.title or name
        out[name]["primary_key"] = list(ds.spec.primary_key)
        out[name]["fields"] = {
            c: {k: v for k, v in {"type": f.type, "unit": f.unit, "values": f.allowed()}.items() if v}
            for c, f in ds.spec.fields.items()
        }
        cov = coverage.dictionary_entry(name)
        if cov:
            out[name]["coverage"] = cov
    return out


def data_dictionary_markdown() -> str:
    lines = ["# Data dictionary", "", "Generated by `make data` from the dataset declarations (`src/cohen_analysis/steps/*.yaml`, "
             "fields defined once in `src/cohen_analysis/catalog/`); do not edit.", ""]
    for name, entry in data_dictionary().items():
        lines += [f"## `{name}`", "", entry["description"], ""]
        if entry.get("primary_key"):
            lines += ["One row per " + ", ".join(f"`{k}`" for k in entry["primary_key"]) + ".", ""]
        fields = entry.get("fields", {})
        lines += ["| column | type | meaning |", "|---|---|---|"]
        for col, desc in entry["columns"].items():
            f = fields.get(col, {})
            kind = f.get("type", "")
            if f.get("values") and len(f["values"]) <= 8:
                desc = f"{desc}; one of: " + ", ".join(f"`{v}`" for v in f["values"])
            lines.append(f"| `{col}` | {kind} | {desc.replace('|', '/')} |")
        lines += ["", "Raw files: " + ", ".join(f"`data/raw/{r}`" for r in entry["raw_files"]), ""]
        lines += ["Sources: " + "; ".join(entry["sources"]), ""]
        lines += coverage.dictionary_markdown(entry.get("coverage"))
    return "\n".join(lines)


def datapackage() -> dict:
    """A Frictionless Data Package describing the processed CSV files (``data/processed/datapackage.json``)."""
    resources = []
    for name in datasets():
        ds = get(name)
        sources, seen = [], set()
        for o in origin(name):
            if o.url_main not in seen:
                seen.add(o.url_main)
                sources.append({"title": f"{o.producer}: {o.title}", "path": o.url_main})
        resources.append({
            "name": name.replace("_", "-"),
            "path": ds.csv_path().name,
            "profile": "tabular-data-resource",
            "title": ds.spec.title or name,
            "description": " ".join(ds.description.split()),
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": ds.spec.table_schema(),
            "sources": sources,
        })
    return {
        "profile": "tabular-data-package",
        "name": "cohen-analysis",
        "title": "Sourced data behind Roberta Cohen's essay 'Human Rights: A Means of Engaging North Korea' (38 North, 2010)",
        "description": "Processed datasets of the cohen-analysis project; each raw figure's producer and document are "
                       "recorded beside it in data/raw (the .meta.yaml files).",
        "licenses": [{"name": "MIT", "title": "MIT License (the project's code and compilation)"}],
        "resources": resources,
    }


def build_all(*, force: bool = False, root: Path | None = None, progress: Callable[[str, bool], None] | None = None) -> list[str]:
    """Refresh every dataset and write the data dictionary. Returns the names rebuilt."""
    rebuilt = []
    order: list[str] = []

    def visit(name: str) -> None:  # the datasets a step reads are built before it
        if name not in order:
            for dep in get(name).depends:
                visit(dep)
            order.append(name)

    for name in datasets():
        visit(name)
    for name in order:
        changed = refresh(name, force=force, root=root)
        if changed:
            rebuilt.append(name)
        if progress:
            progress(name, changed)
    target = root or PROCESSED_DIR
    dictionary = json.dumps(data_dictionary(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    package = json.dumps(datapackage(), indent=2, ensure_ascii=False) + "\n"
    for path, text in ((target / "data_dictionary.json", dictionary), (target / "DATA_DICTIONARY.md", data_dictionary_markdown()),
                       (target / "datapackage.json", package)):
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            atomic_write_text(path, text)
    return rebuilt
