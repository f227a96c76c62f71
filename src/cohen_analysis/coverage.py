"""The coverage a dataset should have, what it lacks, and sentences that say so.

Each series dataset declares (``coverage:`` in its declaration, ``steps/<topic>.yaml``) which rows a complete series holds (one
admissions figure per US fiscal year, one UN adoption per body and year, ...). :func:`gaps`
compares the data with the declaration::

    cov = coverage.gaps("us_refugee_admissions")
    cov.missing_labels            # ['FY2020', 'FY2021', 'FY2022', 'FY2023', 'FY2024', 'FY2025']
    cov.note()                    # 'FY2006-FY2025; 6 fiscal years not found (FY2020-FY2025)'
    coverage.phrase(218, cov, noun="refugees admitted")
    # '218 refugees admitted, FY2006-FY2025; 6 fiscal years not found (FY2020-FY2025)'

A count, share or "latest" figure computed over a series with gaps states its coverage in its
sentence, or is not published: :meth:`cohen_analysis.notebook.Notebook.metric` with ``over=``
refuses a label that does not (see :func:`stated`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any




class CoverageError(ValueError):
    """A statistic over a series with gaps does not state its coverage (or a declaration is wrong)."""


def declarations() -> dict[str, dict]:
    """Every dataset's coverage: the ``coverage:`` of its declaration (``steps/<topic>.yaml``), checked."""
    from . import catalog

    data = {name: spec.coverage.model_dump(exclude_none=True) for name, spec in catalog.specs().items() if spec.coverage}
    for name, spec in data.items():
        if isinstance(spec["expected"], Mapping) != ("group" in spec):
            raise CoverageError(f"{catalog.spec(name).source.name}: {name}: a mapping of expected years needs a group column, and a group needs one")
    return data


def declared() -> list[str]:
    """Names of the datasets with a coverage declaration."""
    return sorted(declarations())


def _years(spec: str | int | Iterable) -> list[int]:
    """``"2005-2024"``, ``2010`` or a list of either, as sorted years."""
    if isinstance(spec, int):
        return [spec]
    if isinstance(spec, str):
        lo, _, hi = spec.partition("-")
        return list(range(int(lo), int(hi or lo) + 1))
    return sorted({y for part in spec for y in _years(part)})


def _runs(years: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for y in sorted(years):
        if runs and y == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], y)
        else:
            runs.append((y, y))
    return runs


@dataclass(frozen=True)
class Coverage:
    """What a dataset (or a selection of it) holds against what it should hold."""

    dataset: str
    unit: tuple[str, str]
    label_format: str
    expected: dict[str, list[int]]  # group ("" without groups) -> expected years
    missing: dict[str, list[int]]  # group -> years not found
    filters: dict[str, Any] = field(default_factory=dict)

    # ---------------------------------------------------------------- counts
    @property
    def n_expected(self) -> int:
        return sum(len(v) for v in self.expected.values())

    @property
    def n_missing(self) -> int:
        return sum(len(v) for v in self.missing.values())

    @property
    def n_found(self) -> int:
        return self.n_expected - self.n_missing

    @property
    def complete(self) -> bool:
        return self.n_missing == 0

    @property
    def first(self) -> int:
        return min(y for v in self.expected.values() for y in v)

    @property
    def last(self) -> int:
        return max(y for v in self.expected.values() for y in v)

    # ---------------------------------------------------------------- words
    def label(self, year: int) -> str:
        return self.label_format.format(year)

    def _ranges(self, years: list[int]) -> str:
        return ", ".join(self.label(a) if a == b else f"{self.label(a)}-{self.label(b)}" for a, b in _runs(years))

    @property
    def missing_labels(self) -> list[str]:
        return [(f"{g} " if g else "") + self.label(y) for g, ys in self.missing.items() for y in ys]

    def span(self) -> str:
        """``"2005-2024"``, ``"FY2006-FY2025"``."""
        return self.label(self.first) if self.first == self.last else f"{self.label(self.first)}-{self.label(self.last)}"

    def gap_clause(self) -> str:
        """``"3 years not found"`` (the words a sentence must carry when the series has gaps)."""
        n = self.n_missing
        return f"{n} {self.unit[0] if n == 1 else self.unit[1]} not found"

    def missing_text(self) -> str:
        """``"2007, 2017-2018"``; with groups ``"UNGA plenary 2017-2018; HRC 2019"``."""
        parts = [((f"{g} " if g else "") + self._ranges(ys)) for g, ys in self.missing.items() if ys]
        return "; ".join(parts)

    def note(self, *, detail: bool = True) -> str:
        """``"2005-2024; 3 years not found (2007, 2017-2018)"``, or ``"2005-2024, complete"``."""
        if self.complete:
            return f"{self.span()}, complete"
        return f"{self.span()}; {self.gap_clause()}" + (f" ({self.missing_text()})" if detail else "")

    def record(self) -> dict[str, Any]:
        """Plain data for ``metrics.json`` and the data dictionary."""
        return {
            "dataset": self.dataset,
            "filters": {k: (list(v) if isinstance(v, (list, tuple, set)) else v) for k, v in self.filters.items()},
            "span": self.span(),
            "expected": self.n_expected,
            "found": self.n_found,
            "missing": self.missing_labels,
            "gap_clause": "" if self.complete else self.gap_clause(),
            "statements": [] if self.complete else statements(self),
            "note": self.note(),
        }


def _as_list(value) -> list:
    return list(value) if isinstance(value, (list, tuple, set)) else [value]


def gaps(name: str, frame=None, *, years: tuple[int, int] | None = None, value: str | None = None, **groups) -> Coverage:
    """Coverage of dataset ``name`` against its declaration.

    ``frame`` defaults to the processed dataset. ``years=(start, end)`` narrows the expected
    years; ``value=`` names the column a row needs to count as found (instead of the declared
    one); a keyword named after the group column (``body=["UNGA plenary", "HRC"]``) narrows the
    groups. Raises :class:`CoverageError` for an undeclared dataset or an unknown group.
    """
    import pandas as pd

    decl = declarations()
    if name not in decl:
        raise CoverageError(f"dataset {name!r} has no coverage declaration; declared: {', '.join(declared())}")
    spec = decl[name]
    if frame is None:
        from .registry import load

        frame = load(name)
    rows = frame
    for col, want in (spec.get("filter") or {}).items():
        rows = rows[rows[col].isin(_as_list(want))]
    need = value or spec.get("value")
    if need:
        rows = rows[rows[need].notna()]

    group_col = spec.get("group")
    if group_col:
        expected = {str(g): _years(r) for g, r in spec["expected"].items()}
        unknown = set(groups) - {group_col}
        if unknown:
            raise CoverageError(f"{name}: can be narrowed by {group_col!r} and years only, not {sorted(unknown)}")
        if group_col in groups:
            chosen = [str(g) for g in _as_list(groups[group_col])]
            bad = [g for g in chosen if g not in expected]
            if bad:
                raise CoverageError(f"{name}: no coverage declared for {group_col} {bad}; declared: {list(expected)}")
            expected = {g: expected[g] for g in chosen}
    else:
        if groups:
            raise CoverageError(f"{name}: has no group column; narrow it by years only, not {sorted(groups)}")
        expected = {"": _years(spec["expected"])}
    if years is not None:
        lo, hi = years
        expected = {g: [y for y in ys if lo <= y <= hi] for g, ys in expected.items()}
        expected = {g: ys for g, ys in expected.items() if ys}
        if not expected:
            raise CoverageError(f"{name}: no expected years in {lo}-{hi}")

    year = spec["year"]
    if isinstance(year, Mapping):
        spans = list(zip(rows[year["from"]], rows[year["to"]]))
    else:
        col = rows[year]
        col = col.dt.year if pd.api.types.is_datetime64_any_dtype(col) else col
        spans = [(y, y) for y in col]
    keys = [str(g) for g in rows[group_col]] if group_col else [""] * len(spans)
    found: dict[str, set[int]] = {}
    for g, (a, b) in zip(keys, spans):
        if pd.isna(a) or pd.isna(b):
            continue
        found.setdefault(g, set()).update(range(int(a), int(b) + 1))
    missing = {g: [y for y in ys if y not in found.get(g, set())] for g, ys in expected.items()}
    filters = {**({"years": f"{years[0]}-{years[1]}"} if years else {}), **({"value": value} if value else {}), **groups}
    unit = tuple(spec["unit"])
    return Coverage(name, unit, spec.get("label", "{}"), expected, missing, filters)


def groups(name: str) -> list[str]:
    """The group values declared for ``name`` (``[]`` for a dataset without groups)."""
    spec = declarations()[name]
    return [str(g) for g in spec["expected"]] if spec.get("group") else []


def over(name: str, *, years: tuple[int, int] | None = None, **selection) -> Coverage | None:
    """Coverage of a notebook's selection of ``name``, or ``None`` when nothing is expected in it.

    Like :func:`gaps`, but group values without a declaration (``body="UNSC"``) are left out,
    and a selection in which no row is expected (only years without an appeal) gives ``None``,
    which ``Notebook.metric(over=None)`` and :func:`qualify` accept.
    """
    declared_groups = groups(name)
    for key, value in list(selection.items()):
        chosen = [str(v) for v in _as_list(value) if str(v) in declared_groups]
        if not chosen:
            return None
        selection[key] = chosen
    try:
        return gaps(name, years=years, **selection)
    except CoverageError as exc:
        if "no expected years" in str(exc):
            return None
        raise


def qualify(label: str, cov: Coverage | None, *, detail: bool = True) -> str:
    """``label``, followed by the coverage when the series has gaps and the label does not state
    them yet: ``"Peak year of South Korean aid, 1995-2025; 1 year not found (2013)"``. A label that ends with the span (``"Adoptions recorded, 2005-2024"``) gets the gaps only; ``detail=False``
    leaves out the list of what is missing (for a second line over the same series)."""
    if cov is None or stated(label, cov):
        return label
    note = cov.note(detail=detail)
    if label.endswith(cov.span()):
        return label + note[len(cov.span()):]
    return f"{label}, {note}"


def statements(cov: Coverage) -> list[str]:
    """Words any of which, beside the span, state the gaps of ``cov`` in a sentence: the gap clause
    ("3 years not found"), the count found ("14 of the 31", "14 years") or the list of what is
    missing ("2007, 2017-2018")."""
    n, total, plural = cov.n_found, cov.n_expected, cov.unit[1]
    return [cov.gap_clause(), f"{n} of the {total}", f"{n} of {total}", f"{n} {plural}", cov.missing_text()]


def stated(label: str, cov: Coverage) -> bool:
    """Whether ``label`` states the coverage ``cov``: with gaps, its span and one of :func:`statements`."""
    if cov.complete:
        return True
    return cov.span() in label and any(s and s in label for s in statements(cov))


def phrase(count: Any, cov: Coverage, *, noun: str, total: Any = None, detail: bool = True, fmt: str = "{:,}") -> str:
    """A statistic with its coverage.

    ``phrase(22, cov, total=37, noun="recorded adoptions")`` ->
    ``"22 of the 37 recorded adoptions, 2005-2024; 3 adoptions not found (...)"``;
    without ``total``: ``"218 refugees admitted, FY2006-FY2025; 6 fiscal years not found (...)"``.
    """
    def show(v):
        return fmt.format(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else str(v)

    head = f"{show(count)} of the {show(total)} {noun}" if total is not None else f"{show(count)} {noun}"
    return f"{head}, {cov.note(detail=detail)}"


def resolve(over: Any) -> Coverage:
    """``over=`` of a metric: a :class:`Coverage`, a dataset name, or ``(name, {filters})``."""
    if isinstance(over, Coverage):
        return over
    if isinstance(over, str):
        return gaps(over)
    if isinstance(over, tuple) and len(over) == 2 and isinstance(over[0], str) and isinstance(over[1], Mapping):
        return gaps(over[0], **dict(over[1]))
    raise CoverageError(f"over= takes a Coverage, a dataset name or (name, filters), not {over!r}")


def dictionary_entry(name: str) -> dict[str, Any] | None:
    """The data dictionary's coverage entry for ``name`` (``None`` without a declaration)."""
    if name not in declarations():
        return None
    cov = gaps(name)
    return {
        "expected": declarations()[name]["description"],
        "span": cov.span(),
        "expected_count": cov.n_expected,
        "found": cov.n_found,
        "missing": cov.missing_labels,
        "missing_text": cov.missing_text(),
        "note": cov.note(),
    }


def dictionary_markdown(entry: dict[str, Any] | None) -> list[str]:
    """Markdown lines of a :func:`dictionary_entry`."""
    if not entry:
        return []
    if not entry["missing"]:
        return [f"Coverage: {entry['expected']}; all {entry['expected_count']} found ({entry['span']}).", ""]
    return [
        f"Coverage: {entry['expected']}; {entry['found']} of {entry['expected_count']} found; "
        f"not found: {entry['missing_text']}.",
        "",
    ]
