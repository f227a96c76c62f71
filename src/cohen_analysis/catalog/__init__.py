"""The catalog: every field defined once, every dataset declared once, beside its step.

- ``catalog/fields.yaml``: the fields that appear in more than one dataset (type, unit,
  description, constraints), each defined once;
- ``catalog/vocabularies.yaml``: the controlled vocabularies (confidence levels, UN bodies, UPR
  responses, date precisions, regions, ...), each declared once;
- ``steps/<topic>.yaml``: one declaration per dataset (description, inputs, primary key, fields
  by reference to the catalog or with overrides, coverage, checks), beside the step module
  ``steps/<topic>.py`` that builds it.

From one declaration come the pandas dtypes, a strict pandera schema, the integrity checks, the
data dictionary, the Parquet field metadata and the Frictionless ``datapackage.json``::

    spec = catalog.spec("defectors")
    spec.fields["arrivals"].dtype      # 'Int64'
    spec.schema()                      # pandera.DataFrameSchema (strict, ordered)
    spec.table_schema()                # Frictionless Table Schema (dict)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field as PField, ValidationError, model_validator

from ..errors import DataError
from ..io import load_yaml

CATALOG_DIR = Path(__file__).resolve().parent
FIELDS_FILE = CATALOG_DIR / "fields.yaml"
VOCABULARIES_FILE = CATALOG_DIR / "vocabularies.yaml"
STEPS_DIR = CATALOG_DIR.parent / "steps"

#: Field types and the pandas dtype each becomes.
DTYPES = {
    "string": "string",
    "integer": "Int64",
    "number": "Float64",
    "boolean": "boolean",
    "date": "datetime64[ns]",
    "year": "Int64",
    "category": "category",
    "list": "object",
}
#: The Frictionless Table Schema type of each field type.
FRICTIONLESS_TYPES = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
    "date": "date",
    "year": "integer",
    "category": "string",
    "list": "array",
}


class Constraints(BaseModel):
    model_config = ConfigDict(extra="forbid")
    required: bool = False
    minimum: float | int | Literal["today"] | None = None
    maximum: float | int | Literal["today"] | None = None
    enum: list[str] | None = None
    pattern: str | None = None  # matches the whole value

    unique: bool = False


class FieldDef(BaseModel):
    """A field, as the catalog defines it or a dataset overrides it."""

    model_config = ConfigDict(extra="forbid")
    type: Literal["string", "integer", "number", "boolean", "date", "year", "category", "list"]
    description: str = PField(min_length=1)
    unit: str | None = None
    vocabulary: str | None = None
    #: for a date: the column beside it that says how precise it is, or "day" when it is always exact
    precision: str | None = None
    constraints: Constraints = Constraints()

    @property
    def dtype(self):
        if self.type == "category":
            return pd.CategoricalDtype(vocabulary(self.vocabulary or ""), ordered=True)
        return DTYPES[self.type]

    def allowed(self) -> list[str] | None:
        """The values the field may take (its vocabulary or enum), or None when any."""
        if self.constraints.enum is not None:
            return list(self.constraints.enum)
        if self.vocabulary:
            return vocabulary(self.vocabulary)
        return None


class Override(BaseModel):
    """What a dataset's declaration says about one of its fields."""

    model_config = ConfigDict(extra="forbid")
    ref: str | None = None  # the catalog field this one is defined by, when its name differs
    type: str | None = None
    description: str | None = None
    unit: str | None = None
    vocabulary: str | None = None
    precision: str | None = None
    constraints: dict[str, Any] = {}


class Coverage(BaseModel):
    model_config = ConfigDict(extra="forbid")
    description: str
    unit: list[str]
    label: str | None = None
    year: str | dict[str, str]
    group: str | None = None
    expected: Any
    filter: dict[str, Any] | None = None
    value: str | None = None


class Declaration(BaseModel):
    """One dataset's declaration in ``steps/<topic>.yaml``."""

    model_config = ConfigDict(extra="forbid")
    title: str | None = None
    description: str = PField(min_length=1)
    inputs: list[str] = PField(min_length=1)
    depends: list[str] = []
    primary_key: list[str] = PField(min_length=1)
    min_rows: int = PField(ge=1)
    fields: dict[str, Override | None]
    #: expressions (pandas ``DataFrame.eval``) true on every row, e.g. "year_end >= year_start"
    checks: list[str] = []
    #: columns within which at most one row may be ``preferred``
    preferred_by: list[str] | None = None
    #: the raw file errors name when a row cannot be traced to one (default: the first input)
    error_file: str | None = None
    coverage: Coverage | None = None

    @model_validator(mode="after")
    def _known_columns(self):
        named = list(self.primary_key) + list(self.preferred_by or [])
        missing = [c for c in named if c not in self.fields]
        if missing:
            raise ValueError(f"names column {missing[0]!r}, which is not among the fields")
        return self


class Spec:
    """A dataset's declaration with every field resolved against the catalog."""

    def __init__(self, name: str, decl: Declaration, fields: dict[str, FieldDef], topic: str, source: Path):
        self.name, self.decl, self.fields, self.topic, self.source = name, decl, fields, topic, source

    def __getattr__(self, item):
        return getattr(self.decl, item)

    @property
    def columns(self) -> list[str]:
        return list(self.fields)

    @property
    def descriptions(self) -> dict[str, str]:
        """Column -> description, the unit appended (the data dictionary's text)."""
        out = {}
        for col, f in self.fields.items():
            text = f.description
            if f.unit and f.unit not in text:
                text = f"{text} ({f.unit})"
            out[col] = text
        return out

    def dtypes(self) -> dict[str, Any]:
        return {col: f.dtype for col, f in self.fields.items()}

    def resolved(self) -> dict:
        """Everything the declaration says, with the catalog's definitions in place (for hashing)."""
        data = self.decl.model_dump(mode="json", exclude={"fields"})
        data["fields"] = {c: f.model_dump(mode="json") for c, f in self.fields.items()}
        data["vocabularies"] = {v: vocabulary(v) for v in sorted({f.vocabulary for f in self.fields.values() if f.vocabulary})}
        return data

    @property
    def digest(self) -> str:
        return hashlib.sha256(json.dumps(self.resolved(), sort_keys=True, default=str).encode()).hexdigest()

    def checks(self, min_rows: int | None = None):
        """The integrity checks (:class:`cohen_analysis.checks.Checks`) the declaration implies:
        the primary key, the minimum row count, numeric bounds and year spans."""
        from ..checks import Checks

        ranges, years = {}, {}
        for col, f in self.fields.items():
            lo, hi = f.constraints.minimum, f.constraints.maximum
            if lo is None and hi is None:
                continue
            if f.type in ("year", "date"):
                years[col] = (int(lo) if lo is not None else 1, hi if hi is not None else 9999)
            elif f.type in ("integer", "number"):
                ranges[col] = (lo if lo is not None else float("-inf"), hi if hi is not None else float("inf"))
        return Checks(self.name, tuple(self.primary_key), self.min_rows if min_rows is None else min_rows,
                      ranges, years, self.error_file)

    def schema(self):
        """A strict, ordered pandera schema: dtypes, nullability, enums, patterns, bounds, checks."""
        import pandera.pandas as pa

        columns = {}
        for col, f in self.fields.items():
            c = f.constraints
            checks = []
            allowed = f.allowed()
            if allowed is not None and f.type in ("string", "category"):
                checks.append(pa.Check.isin(allowed))
            if c.pattern:  # a pattern matches the whole value (as in Frictionless)
                checks.append(pa.Check(lambda v, p=c.pattern: v.str.fullmatch(p), name=f"pattern {c.pattern}"))
            for bound, make in (("minimum", pa.Check.ge), ("maximum", pa.Check.le)):
                value = getattr(c, bound)
                if value is None:
                    continue
                if f.type == "date":
                    year = _year(value)
                    limit = pd.Timestamp(year, 1, 1) if bound == "minimum" else pd.Timestamp(year, 12, 31)
                    checks.append(make(limit))
                elif f.type != "list":
                    checks.append(make(_year(value) if value == "today" else value))
            dtype = None if f.type == "list" else f.dtype
            columns[col] = pa.Column(dtype, checks, nullable=not c.required, unique=c.unique)
        frame_checks = [pa.Check(lambda df, e=e: df.eval(e).fillna(True).astype(bool), name=e) for e in self.decl.checks]
        return pa.DataFrameSchema(columns, checks=frame_checks, strict=True, ordered=True)

    def table_schema(self) -> dict:
        """The dataset's Frictionless Table Schema."""
        fields = []
        for col, f in self.fields.items():
            out = {"name": col, "type": FRICTIONLESS_TYPES[f.type], "description": f.description}
            if f.type == "date":
                out["format"] = "%Y-%m-%d"
            if f.type == "year":
                out["description"] += " (a year)"
            if f.unit:
                out["unit"] = f.unit
            cons = {}
            c = f.constraints
            if c.required:
                cons["required"] = True
            allowed = f.allowed()
            if allowed is not None and f.type in ("string", "category"):
                cons["enum"] = allowed
            if c.pattern:
                cons["pattern"] = c.pattern
            for bound in ("minimum", "maximum"):
                value = getattr(c, bound)
                if value is not None and f.type in ("integer", "number", "year"):
                    cons[bound] = _year(value) if value == "today" else value
            if cons:
                out["constraints"] = cons
            fields.append(out)
        return {"fields": fields, "primaryKey": list(self.decl.primary_key), "missingValues": [""]}


def _year(value) -> int:
    return dt.date.today().year if value == "today" else int(value)


# ---- reading the catalog --------------------------------------------------------------------


def _yaml(path: Path) -> dict:
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise DataError(f"not valid YAML: {exc}", file=path) from None
    if not isinstance(data, dict):
        raise DataError("must be a mapping", file=path)
    return data


def _invalid(exc: ValidationError, path: Path, name: str) -> DataError:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    return DataError(f"{name}: {first['msg']}" + (f" (at {where})" if where else ""), file=path, column=where or None)


@lru_cache(maxsize=None)
def _vocabularies(text: str) -> dict[str, list[str]]:
    data = load_yaml(text) or {}
    out = {}
    for name, entry in data.items():
        values = entry.get("values") if isinstance(entry, dict) else entry
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise DataError(f"vocabulary {name!r} must list its values as text", file=VOCABULARIES_FILE, column=str(name))
        out[name] = values
    return out


def vocabularies() -> dict[str, list[str]]:
    return _vocabularies(VOCABULARIES_FILE.read_text(encoding="utf-8"))


def vocabulary(name: str) -> list[str]:
    """The values of vocabulary ``name`` (in order, lowest first where they are ranked)."""
    vocabs = vocabularies()
    if name not in vocabs:
        raise DataError(f"unknown vocabulary {name!r}; known: {', '.join(sorted(vocabs))}", file=VOCABULARIES_FILE)
    return vocabs[name]


@lru_cache(maxsize=None)
def _fields(text: str) -> dict[str, FieldDef]:
    out = {}
    for name, entry in (load_yaml(text) or {}).items():
        try:
            out[name] = FieldDef.model_validate(entry)
        except ValidationError as exc:
            raise _invalid(exc, FIELDS_FILE, f"field {name!r}") from None
    return out


def fields() -> dict[str, FieldDef]:
    """The catalog's shared field definitions."""
    return _fields(FIELDS_FILE.read_text(encoding="utf-8"))


def _resolve(name: str, column: str, override: Override | None, shared: dict[str, FieldDef], path: Path) -> FieldDef:
    override = override or Override()
    base_name = override.ref or column
    base = shared.get(base_name)
    if base is None and override.ref:
        raise DataError(f"{name}: field {column!r} refers to {base_name!r}, which the catalog does not define", file=path, column=column)
    data = base.model_dump() if base else {}
    given = override.model_dump(exclude={"ref", "constraints"}, exclude_none=True)
    data.update(given)
    data["constraints"] = {**(data.get("constraints") or {}), **override.constraints}
    if "type" not in data or "description" not in data:
        raise DataError(
            f"{name}: field {column!r} is not in the catalog ({FIELDS_FILE.name}) and does not give its own type and description",
            file=path, column=column,
        )
    try:
        resolved = FieldDef.model_validate(data)
    except ValidationError as exc:
        raise _invalid(exc, path, f"{name}.{column}") from None
    if resolved.vocabulary:
        vocabulary(resolved.vocabulary)
    return resolved


@lru_cache(maxsize=None)
def _specs(stamp: tuple) -> dict[str, Spec]:
    shared = fields()
    out: dict[str, Spec] = {}
    for path in sorted(STEPS_DIR.glob("*.yaml")):
        for name, entry in _yaml(path).items():
            if name in out:
                raise DataError(f"dataset {name!r} is declared twice (also in {out[name].source.name})", file=path)
            try:
                decl = Declaration.model_validate(entry)
            except ValidationError as exc:
                raise _invalid(exc, path, f"dataset {name!r}") from None
            resolved = {col: _resolve(name, col, ov, shared, path) for col, ov in decl.fields.items()}
            for col, f in resolved.items():
                if f.type == "date" and f.precision != "day" and f.precision not in resolved:
                    raise DataError(
                        f"{name}: date field {col!r} needs the column that states its precision "
                        f"(precision: <column>), or 'precision: day' when it is always exact",
                        file=path, column=col,
                    )
            out[name] = Spec(name, decl, resolved, path.stem, path)
    return out


def _stamp() -> tuple:
    files = [FIELDS_FILE, VOCABULARIES_FILE, *sorted(STEPS_DIR.glob("*.yaml"))]
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files if p.exists())


def specs() -> dict[str, Spec]:
    """Every declared dataset, by name."""
    return _specs(_stamp())


def spec(name: str) -> Spec:
    all_specs = specs()
    if name not in all_specs:
        raise KeyError(name)
    return all_specs[name]


# ---- conforming a step's output to its declaration --------------------------------------------


def _locate(frame: pd.DataFrame, label, raw_dir: Path, file, key, message: str, column) -> DataError:
    from ..checks import _Locator

    import numpy as np

    positions = np.flatnonzero(frame.index == label)
    if not len(positions):
        return DataError(message, file=file, column=column)
    pos = int(positions[0])
    return _Locator(frame, file, raw_dir, tuple(key)).error(message, pos, column)


def _coerce(spec: Spec, frame: pd.DataFrame, *, file, raw_dir: Path) -> pd.DataFrame:
    out = {}
    for col, f in spec.fields.items():
        series = frame[col]
        allowed = f.allowed()
        if allowed is not None and f.type in ("string", "category"):
            bad = series.notna() & ~series.isin(allowed)
            if bad.any():
                label = bad[bad].index[0]
                raise _locate(frame, label, raw_dir, file, spec.primary_key,
                              f"unknown value {series[label]!r}; expected one of {allowed}", col)
        if f.type == "list":  # a list, or an array as a list column comes back from Parquet
            series = series.map(lambda v: list(v) if hasattr(v, "tolist") and not isinstance(v, str) else v)
            bad = series.map(lambda v: not (v is None or (isinstance(v, list) and all(isinstance(x, str) for x in v))))
            if bad.any():
                label = bad[bad].index[0]
                raise _locate(frame, label, raw_dir, file, spec.primary_key, "is not a list of text values", col)
            out[col] = series.astype(object)
            continue
        try:
            out[col] = series.astype(f.dtype)
        except (TypeError, ValueError) as exc:
            raise DataError(f"{spec.name}: cannot hold column {col!r} as {f.type} ({exc})", file=file, column=col) from None
    return pd.DataFrame(out, index=frame.index)


def conform(spec: Spec, frame: pd.DataFrame, *, file, raw_dir: Path, min_rows: int | None = None) -> pd.DataFrame:
    """Order ``frame``'s columns as declared, give them their dtypes, validate strictly.

    Raises DataError naming the raw file, the row (the raw line where the frame carries it: an
    index named ``line`` or a ``raw_line`` column) and the column. Returns the typed frame with
    its index unchanged.
    """
    import pandera.pandas as pa

    from .. import checks as _checks

    missing = [c for c in spec.columns if c not in frame.columns]
    extra = [c for c in frame.columns if c not in spec.fields]
    if missing or extra:
        raise DataError(
            f"{spec.name}: the step returned columns that differ from the declaration "
            f"(missing: {missing}, undeclared: {extra})", file=spec.source, column=(missing or extra)[0],
        )
    frame = _coerce(spec, frame, file=file, raw_dir=raw_dir)
    checks = spec.checks(min_rows)
    _checks.apply(checks, frame, file=file, raw_dir=raw_dir)
    for expression in spec.decl.checks:
        ok = frame.eval(expression)
        bad = ~ok.fillna(True).astype(bool).to_numpy()
        if bad.any():
            named = [c for c in spec.columns if re.search(rf"\b{re.escape(c)}\b", expression)]
            row = frame[bad].iloc[0]
            label = row.name
            shown = ", ".join(f"{c}={_checks._shown(row[c])}" for c in named)
            raise _locate(frame, label, raw_dir, file, spec.primary_key,
                          f"fails the check {expression!r} ({shown})", named[0] if named else None)
    try:
        spec.schema().validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        first = exc.failure_cases.iloc[0]
        column = first.get("column")
        column = None if column is None or pd.isna(column) else str(column)
        label = first.get("index")
        message = f"fails check {first.get('check')!r} with value {first.get('failure_case')!r}"
        more = len(exc.failure_cases) - 1
        if more:
            message += f" ({more} more failure(s))"
        if label is None or pd.isna(label):
            raise DataError(f"{spec.name}: {message}", file=file, column=column) from None
        raise _locate(frame, label, raw_dir, file, spec.primary_key, message, column) from None
    if spec.preferred_by:
        preferred = frame[frame["preferred"].fillna(False).astype(bool)]
        dup = preferred.duplicated(subset=spec.preferred_by, keep="first")
        if dup.any():
            label = dup[dup].index[0]
            shown = ", ".join(f"{k}={preferred.loc[label, k]!r}" for k in spec.preferred_by)
            raise _locate(frame, label, raw_dir, file, spec.primary_key,
                          f"a second preferred row for {shown}: at most one row per {spec.preferred_by} may be preferred",
                          "preferred")
    return frame
