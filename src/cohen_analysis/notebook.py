"""What every notebook uses: parameter checks, key numbers, and where outputs go.

A notebook's second cell validates its parameters::

    nb = ca.notebook.start("defectors", output_dir)
    ca.notebook.check_year_range(start_year, end_year, available=(1998, 2025))

and later records its key numbers and figures::

    nb.metric("arrivals_total", 1234, "Arrivals in the selected years")
    nb.key_numbers()                       # the key numbers recorded so far, as a reader table
    nb.show(fig, "arrivals_by_year", alt="Arrivals fell from 2,914 in 2009 to 63 in 2021",
            data=frame[["year", "arrivals"]], units={"arrivals": "people"})  # also writes arrivals_by_year.csv
    nb.write_metrics()

Tables for readers go through :func:`table` (formatted, escaped, human headers, no index)::

    ca.notebook.table(frame, columns={"year": "Year", "arrivals": "Arrivals"}, formats={"year": "{}"})

Outputs go to ``output_dir`` (a parameter the report build sets; ``None`` means
``reports/interactive/<notebook>`` for a run in JupyterLab).
"""

from __future__ import annotations

import datetime as _dt
import html
import json
import math
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .io import atomic_write_text
from .paths import PROJ_ROOT, REPORTS_DIR


class ParameterError(ValueError):
    """A notebook parameter has a value the notebook cannot use."""


def check_choice(name: str, value: Any, allowed: Iterable[Any]) -> None:
    allowed = list(allowed)
    if value not in allowed:
        raise ParameterError(f"parameter {name}={value!r} is not one of {allowed}")


def check_choices(name: str, values: Iterable[Any], allowed: Iterable[Any]) -> None:
    allowed = list(allowed)
    values = list(values)
    if not values:
        raise ParameterError(f"parameter {name} is empty; choose from {allowed}")
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ParameterError(f"parameter {name} has unknown value(s) {unknown}; choose from {allowed}")


def check_year_range(start_year: int, end_year: int, *, available: tuple[int, int]) -> None:
    """``start_year <= end_year``, both whole years inside the data's ``available`` span."""
    for name, year in (("start_year", start_year), ("end_year", end_year)):
        if isinstance(year, bool) or not isinstance(year, int):
            raise ParameterError(f"parameter {name}={year!r} must be a whole year")
    if start_year > end_year:
        raise ParameterError(f"parameter start_year={start_year} is after end_year={end_year}")
    lo, hi = available
    if start_year < lo or end_year > hi:
        raise ParameterError(
            f"years {start_year}-{end_year} fall outside the data, which run from {lo} to {hi}"
        )


def check_positive_int(name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ParameterError(f"parameter {name}={value!r} must be a whole number of at least 1")


def _isna(value: Any) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _plain(value: Any) -> Any:
    """JSON-friendly version of numpy / pandas scalars."""
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        try:
            value = value.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is None or (not isinstance(value, (list, tuple, dict, str)) and _isna(value)):
        return None
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


class Notebook:
    """Output helper of one notebook run."""

    def __init__(self, name: str, output_dir: str | Path | None = None, parameters: dict | None = None):
        self.name = name
        out = Path(output_dir) if output_dir else REPORTS_DIR / "interactive" / name
        self.output_dir = out if out.is_absolute() else PROJ_ROOT / out
        self.figures_dir = self.output_dir / "figures"
        self.metrics: dict[str, dict[str, Any]] = {}
        self.figures: list[dict[str, str]] = []
        self.parameters = _plain(dict(parameters or {}))
        self._display: dict[str, dict[str, Any]] = {}  # how each shown key number is displayed
        self._displayed: set[str] = set()  # keys already shown by key_numbers()

    def metric(
        self, key: str, value: Any, label: str, *, unit: str | None = None, fmt: str = "{:,}", show: bool = True, over: Any = None
    ) -> Any:
        """Record a key number and print it as ``label: value`` (``show=False``: record only).

        ``over=`` names the series the number is computed over (a dataset name, ``(name,
        {filters})`` or a :class:`~cohen_analysis.coverage.Coverage`); its coverage is recorded
        with the metric, and a label that does not state it (span and "N years not found") is
        refused when the series has gaps: see :mod:`cohen_analysis.coverage`.
        """
        value = _plain(value)
        record = {"label": label, "value": value, **({"unit": unit} if unit else {})}
        if over is not None:
            from . import coverage

            cov = coverage.resolve(over)
            if not coverage.stated(label, cov):
                raise coverage.CoverageError(
                    f"metric {key!r} is computed over {cov.dataset}, which has gaps ({cov.note()}); "
                    f"its label must state the coverage, e.g. with coverage.phrase(...) or '{cov.note(detail=False)}': {label!r}"
                )
            record["coverage"] = cov.record()
        self.metrics[key] = record
        self._display.pop(key, None)
        self._displayed.discard(key)
        if not show:
            return value
        shown = fmt.format(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)
        print(f"{label}: {shown}{' ' + unit if unit else ''}")
        self._display[key] = {"fmt": fmt}
        return value

    def key_numbers(self, keys: Iterable[str] | None = None, *, caption: str | None = None,
                    skip_missing: bool = False) -> ReaderTable | None:
        """The key numbers for readers: a two-column table of label and formatted value with its unit.

        Without ``keys``: every key number recorded (with ``show=True``) since the last call.
        Missing values read "not stated", yes/no replace True/False, lists are joined.
        ``skip_missing``: leave out key numbers without a value (e.g. a comparison the selected
        years cannot make). Returns ``None`` (nothing displayed) when there is nothing to show.
        """
        if keys is None:
            keys = [k for k in self._display if k not in self._displayed]
        keys = list(keys)
        self._displayed.update(keys)
        rows = []
        for key in keys:
            m = self.metrics[key]
            if skip_missing and m["value"] is None:
                continue
            fmt = self._display.get(key, {}).get("fmt", "{:,}")
            rows.append({"label": " ".join(str(m["label"]).split()),
                         "value": format_value(m["value"], fmt=fmt, unit=m.get("unit"))})
        if not rows:
            return None
        import pandas as pd

        return table(pd.DataFrame(rows), columns={"label": "Key number", "value": "Value"}, caption=caption,
                     css_class="reader-table key-numbers")

    def save_figure(self, fig, slug: str, *, alt: str | None = None, data=None, units: dict | None = None) -> list[Path]:
        """Save ``fig`` as PNG, thumbnail PNG and SVG under the run's figures folder, with its alt text.

        ``data``: a DataFrame of exactly what the chart draws (first column the x, then one column
        per series); it is written beside the chart as ``<slug>.csv`` (source line and ``units``
        in its header rows) and described in the alt text (see :func:`cohen_analysis.charts.save`).
        """
        from . import charts

        paths = charts.save(fig, slug, directory=self.figures_dir, alt=alt, data=data, units=units, thumbnail=True)
        full_alt = charts.alt_text(alt, data, units=units) or ""
        self.figures.append({"slug": slug, "alt": full_alt, **({"data": f"{slug}.csv"} if data is not None else {})})
        return paths

    def show(self, fig, slug: str, *, alt: str | None = None, data=None, units: dict | None = None) -> list[Path]:
        """Save ``fig`` (see :meth:`save_figure`) and display it with its alt text, then close it::

            nb.show(fig, "arrivals_by_year", alt="Arrivals fell from 2,914 in 2009 to 63 in 2021",
                    data=frame[["year", "arrivals"]], units={"arrivals": "people"})

        The alt text and the chart's slug travel in the output's metadata, so the HTML report's
        ``<img>`` carries the alt text and a download line (PNG, SVG and, with ``data``, CSV).
        """
        import matplotlib.pyplot as plt
        from IPython.display import Image, display

        paths = self.save_figure(fig, slug, alt=alt, data=data, units=units)
        full_alt = self.figures[-1]["alt"]
        width = int(fig.get_figwidth() * 96)
        height = int(round(fig.get_figheight() * 96))
        display(
            Image(data=paths[0].read_bytes(), format="png", width=width),
            metadata={"image/png": {"alt": full_alt, "width": width, "height": height}, "cohen_chart": {"slug": slug, "csv": data is not None}},
        )
        plt.close(fig)
        return paths

    def write_metrics(self, *, headline: str | None = None, title: str | None = None) -> Path:
        """Write ``metrics.json`` (key numbers, parameters, figures, datasets read) atomically."""
        from .registry import loaded_datasets

        payload = {
            "notebook": self.name,
            "title": title,
            "headline": headline,
            "parameters": self.parameters,
            "metrics": self.metrics,
            "figures": self.figures,
            "datasets": sorted(loaded_datasets()),
        }
        path = self.output_dir / "metrics.json"
        atomic_write_text(path, json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
        return path


# ------------------------------------------------------------------------------ reader output
#: What a reader sees for a value that is missing (a gap, never "None" or "nan").
NOT_STATED = "not stated"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def format_value(value: Any, *, fmt: str | None = None, unit: str | None = None, missing: str = NOT_STATED) -> str:
    """One value as a reader reads it: 2,914, 41.2%, 7 December 2009, yes/no, "not stated" for a gap.

    ``fmt`` (a ``str.format`` pattern) applies to numbers; ``unit`` follows the value ("%"
    without a space). Lists are joined with commas, mappings as "key: value; key: value".
    """
    if isinstance(value, dict):
        if not value:
            return missing
        return "; ".join(f"{k}: {format_value(v, fmt=fmt, unit=unit, missing=missing)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        if not value:
            return "none"
        return ", ".join(format_value(v, fmt=fmt, unit=unit, missing=missing) for v in value)
    value = _plain(value) if not isinstance(value, (_dt.date, _dt.datetime)) else value
    if value is None or _isna(value):
        return missing
    if isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, (int, float)):
        if fmt:
            text = fmt.format(value)
        elif isinstance(value, float) and not value.is_integer():
            text = f"{round(value, 6):,}"
        else:
            text = f"{int(value):,}"
    elif isinstance(value, _dt.date):
        text = f"{value.day} {value:%B %Y}"
    elif isinstance(value, str) and _ISO_DATE.fullmatch(value):
        text = format_value(_dt.date.fromisoformat(value))
    else:
        text = str(value)
        if fmt and fmt not in ("{}", "{:,}"):
            try:
                text = fmt.format(value)
            except (ValueError, TypeError):
                pass
    if unit:
        text += unit if unit == "%" else f" {unit}"
    return text


class ReaderTable:
    """A table as readers see it: HTML (escaped, wrapped in ``<div class="table-scroll">``) and plain text."""

    def __init__(self, headers: list[str], rows: list[list[str]], *, caption: str | None = None,
                 css_class: str = "reader-table", numeric: list[bool] | None = None):
        self.headers, self.rows, self.caption = headers, rows, caption
        self.css_class = css_class
        self.numeric = numeric or [False] * len(headers)

    def to_html(self) -> str:
        esc = html.escape
        right = ' class="num"'
        out = ['<div class="table-scroll">', f'<table class="{esc(self.css_class)}">']
        if self.caption:
            out.append(f"<caption>{esc(self.caption)}</caption>")
        out.append("<thead><tr>" + "".join(f'<th scope="col"{right if n else ""}>{esc(h)}</th>'
                                           for h, n in zip(self.headers, self.numeric)) + "</tr></thead>")
        out.append("<tbody>")
        for row in self.rows:
            out.append("<tr>" + "".join(f"<td{right if n else ''}>{esc(v)}</td>" for v, n in zip(row, self.numeric))
                       + "</tr>")
        out.append("</tbody></table></div>")
        return "\n".join(out)

    def to_text(self) -> str:
        widths = [max([len(h)] + [len(r[i]) for r in self.rows]) for i, h in enumerate(self.headers)]
        lines = [self.caption] if self.caption else []
        lines.append("  ".join(h.ljust(w) for h, w in zip(self.headers, widths)).rstrip())
        for r in self.rows:
            lines.append("  ".join(v.rjust(w) if n else v.ljust(w)
                                   for v, w, n in zip(r, widths, self.numeric)).rstrip())
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return self.to_text()

    def __len__(self) -> int:
        return len(self.rows)


def _header(column: str) -> str:
    text = str(column).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def table(frame, columns: Mapping[str, str] | Iterable[str] | None = None, *,
          formats: Mapping[str, Any] | None = None, missing: str = "–", caption: str | None = None,
          css_class: str = "reader-table") -> ReaderTable:
    """``frame`` as a reader table: the chosen ``columns`` (a mapping column -> human header, in
    its order; default every column), formatted values, no index, every value HTML-escaped.

    ``formats`` maps a column to a ``str.format`` pattern (``"{:.1f}"``, ``"{}"`` for years) or a
    function of the value. Whole numbers get thousands separators, dates read "7 December 2009",
    True/False read yes/no, gaps read ``missing``. Columns whose name holds "year" (and
    "cycle", "round") print as plain whole numbers. All rows are kept (no truncation); the HTML
    scrolls inside its own box.
    """
    import pandas as pd

    if columns is None:
        columns = {c: _header(c) for c in frame.columns}
    elif not isinstance(columns, Mapping):
        columns = {c: _header(c) for c in columns}
    unknown = [c for c in columns if c not in frame.columns]
    if unknown:
        raise KeyError(f"table: no column(s) {unknown} in the frame")
    formats = dict(formats or {})
    rows = [[] for _ in range(len(frame))]
    numeric = []
    for col in columns:
        series = frame[col]
        fmt = formats.get(col)
        if fmt is None and any(w in str(col).lower() for w in ("year", "cycle", "round")):
            fmt = "{}"
        numeric.append(bool(pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)))
        for i, v in enumerate(series.tolist()):
            if callable(fmt):
                text = missing if _isna(v) and not isinstance(v, (list, tuple, dict)) else str(fmt(v))
            else:
                text = format_value(v, fmt=fmt, missing=missing)
            rows[i].append(text)
    return ReaderTable([str(h) for h in columns.values()], rows, caption=caption, css_class=css_class,
                       numeric=numeric)


def start(name: str, output_dir: str | Path | None = None, parameters: dict | None = None) -> Notebook:
    return Notebook(name, output_dir, parameters)
