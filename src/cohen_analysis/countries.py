"""Names of States as UN documents write them -> one canonical State (name, ISO 3166 alpha-3, region).

    >>> canonical("Lao People's Democratic Republic")
    State(name='Laos', iso3='LAO', region='Asia')
    >>> canonical("Laos") == canonical("Lao People’s Democratic Republic")
    True

Resolution uses ``country_converter`` (its ``name_short`` as the canonical name, ``ISO3``, and
its ``continent`` classification as the region: Africa, America, Asia, Europe, Oceania), after
the reviewed overrides in ``country_overrides.csv`` beside this module when that file exists
(columns ``name_as_written,state,iso3,region,note``; one row per name that country_converter
gets wrong or cannot resolve). A name that resolves to no State, or to several, raises
:class:`DataError`; callers pass ``file``/``row``/``column`` so the message points to the raw cell.

``country_converter`` is imported lazily and every name is looked up once per process
(:func:`resolve_many` resolves a list of unique names in one pass and fills the cache).
"""

from __future__ import annotations

import csv
import logging
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Iterable, NamedTuple

from .errors import DataError

OVERRIDES_PATH = Path(__file__).with_name("country_overrides.csv")
#: country_converter classification used as ``region``.
REGION_CLASSIFICATION = "continent"
_OVERRIDE_COLUMNS = ["name_as_written", "state", "iso3", "region", "note"]
#: Separators between States in a joint recommendation ("Slovenia and Austria", "Chile, Mexico").
_SEPARATOR = re.compile(r"(\s*(?:[,;/]|\band\b)\s*)", re.IGNORECASE)
_MAX_PARTS = 12


class State(NamedTuple):
    name: str
    iso3: str
    region: str


def normalise(name: str) -> str:
    """Typographic quotes to ASCII, whitespace collapsed; the key used for look-ups."""
    text = str(name).replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=1)
def _overrides() -> dict[str, State]:
    if not OVERRIDES_PATH.exists():
        return {}
    out: dict[str, State] = {}
    with OVERRIDES_PATH.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        missing = [c for c in _OVERRIDE_COLUMNS if c not in header]
        if missing:
            raise DataError("missing required column", file=OVERRIDES_PATH, row=1, column=missing[0])
        for line, rec in enumerate(reader, start=2):
            for column in ("name_as_written", "state", "iso3", "region"):
                if not (rec[column] or "").strip():
                    raise DataError("value is missing", file=OVERRIDES_PATH, row=line, column=column)
            if not re.fullmatch(r"[A-Z]{3}", rec["iso3"].strip()):
                raise DataError(f"not an ISO 3166 alpha-3 code: {rec['iso3']!r}", file=OVERRIDES_PATH, row=line, column="iso3")
            key = normalise(rec["name_as_written"]).casefold()
            if key in out:
                raise DataError(f"duplicate name {rec['name_as_written']!r}", file=OVERRIDES_PATH, row=line, column="name_as_written")
            out[key] = State(rec["state"].strip(), rec["iso3"].strip(), rec["region"].strip())
    return out


@lru_cache(maxsize=1)
def _converter():
    """A CountryConverter built from its own data file, read so that pandas 3 keeps "NA" (Namibia)."""
    import country_converter as coco
    import pandas as pd
    from country_converter.country_converter import COUNTRY_DATA_FILE

    text_columns = {"name_short", "name_official", "regex", "ISO2", "ISO3", "continent", "UNregion", "EXIO1", "EXIO2", "EXIO3", "WIOD"}
    int_columns = {"ISOnumeric", "UNcode", "FAOcode", "GBDcode", "EURO", "UN", "UNmember", "obsolete", "GEOnumeric"}
    data = pd.read_csv(COUNTRY_DATA_FILE, sep="\t", encoding="utf-8", dtype=str, keep_default_na=False)
    for column in data.columns:
        if column in text_columns:
            continue
        values = data[column].replace("", None)
        data[column] = pd.to_numeric(values).astype("Int64") if column in int_columns else values
    converter = coco.CountryConverter(country_data=data)
    by_iso3 = {
        iso3: State(name, iso3, region)
        for iso3, name, region in zip(converter.data["ISO3"], converter.data["name_short"], converter.data[REGION_CLASSIFICATION])
    }
    exact = {}
    for column in ("name_short", "name_official"):
        for name, iso3 in zip(converter.data[column], converter.data["ISO3"]):
            exact.setdefault(_fold(name), by_iso3[iso3])
    return converter, by_iso3, exact


def _fold(name: str) -> str:
    """Case- and accent-insensitive key for exact name matches."""
    text = unicodedata.normalize("NFKD", normalise(name))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


_CACHE: dict[str, State | None] = {}


def resolve_many(names: Iterable[str]) -> dict[str, State | None]:
    """Resolve names (single States) in one pass; ``None`` for a name that resolves to none or several."""
    keys = {normalise(n) for n in names}
    overrides = _overrides()
    todo = []
    for key in sorted(keys):
        if key in _CACHE:
            continue
        if key.casefold() in overrides:
            _CACHE[key] = overrides[key.casefold()]
        elif key:
            todo.append(key)
        else:
            _CACHE[key] = None
    if todo:
        converter, by_iso3, exact = _converter()
        # A name with a separator ("and", ",", ";", "/") must match a country name exactly: the
        # regular expressions of country_converter search, so "Chile and Xland" would give Chile.
        joined = [k for k in todo if _SEPARATOR.search(k)]
        for key in joined:
            _CACHE[key] = exact.get(_fold(key))
        todo = [k for k in todo if k not in joined]
    if todo:
        logger = logging.getLogger("country_converter")
        level = logger.level
        logger.setLevel(logging.CRITICAL)  # it logs every miss and every multiple match
        try:
            codes = converter.convert(todo, src="regex", to="ISO3", not_found=None)
        finally:
            logger.setLevel(level)
        if isinstance(codes, str) or len(todo) == 1:
            codes = [codes]
        for key, code in zip(todo, codes):
            _CACHE[key] = by_iso3.get(code) if isinstance(code, str) else None
    return {n: _CACHE[normalise(n)] for n in names}


def canonical(name: str, *, file=None, row: int | None = None, column: str | None = None) -> State:
    """The one State ``name`` stands for, as (name, iso3, region); DataError if it resolves to none or several."""
    state = resolve_many([name])[name]
    if state is None:
        raise DataError(
            f"unknown State {name!r}: country_converter resolves it to no single country and "
            f"{OVERRIDES_PATH.name} has no entry for it",
            file=file,
            row=row,
            column=column,
        )
    return state


def split_states(text: str, *, file=None, row: int | None = None, column: str | None = None) -> list[tuple[str, State]]:
    """Split a cell naming one or several States ("Slovenia and Austria") into (as written, State) pairs.

    The whole cell is tried first, so names containing "and" or a comma ("United Kingdom of Great
    Britain and Northern Ireland", "Bosnia and Herzegovina") stay whole; otherwise the cell is cut
    at separators (",", ";", "/", "and") into the fewest parts that each resolve to one State.
    """
    text = normalise(text)
    if not text:
        raise DataError("no State named", file=file, row=row, column=column)
    pieces = _SEPARATOR.split(text)  # [part, sep, part, sep, ..., part]
    parts = pieces[0::2]
    seps = pieces[1::2]
    if len(parts) > _MAX_PARTS:
        raise DataError(f"too many separators in {text!r}", file=file, row=row, column=column)
    candidates = {}
    for i in range(len(parts)):
        for j in range(i + 1, len(parts) + 1):
            candidates[(i, j)] = "".join(p + (seps[k] if k < j - 1 else "") for k, p in enumerate(parts[i:j], start=i)).strip()
    resolved = resolve_many(list(set(candidates.values())))
    # fewest parts that all resolve (dynamic programming over cut points)
    best: list[list[tuple[int, int]] | None] = [None] * (len(parts) + 1)
    best[0] = []
    for j in range(1, len(parts) + 1):
        for i in range(j):
            if best[i] is not None and resolved[candidates[(i, j)]] is not None:
                option = best[i] + [(i, j)]
                if best[j] is None or len(option) < len(best[j]):
                    best[j] = option
    if best[-1] is None:
        bad = next((candidates[(i, i + 1)] for i in range(len(parts)) if resolved[candidates[(i, i + 1)]] is None), text)
        canonical(bad, file=file, row=row, column=column)  # raises with the offending name
        raise DataError(f"cannot split {text!r} into known States", file=file, row=row, column=column)
    out = [(candidates[span], resolved[candidates[span]]) for span in best[-1]]
    iso = [s.iso3 for _, s in out]
    if len(set(iso)) != len(iso):
        raise DataError(f"the same State is named twice in {text!r}", file=file, row=row, column=column)
    return out
