"""What every notebook uses: parameter checks, key numbers, and where outputs go.

A notebook's second cell validates its parameters::

    nb = ca.notebook.start("defectors", output_dir)
    ca.notebook.check_year_range(start_year, end_year, available=(1998, 2025))

and later records its key numbers and figures::

    nb.metric("arrivals_total", 1234, "Arrivals in the selected years")
    nb.show(fig, "arrivals_by_year", alt="Arrivals fell from 2,914 in 2009 to 63 in 2021",
            data=frame[["year", "arrivals"]], units={"arrivals": "people"})  # also writes arrivals_by_year.csv
    nb.write_metrics()

Outputs go to ``output_dir`` (a parameter the report build sets; ``None`` means
``reports/interactive/<notebook>`` for a run in JupyterLab).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
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
        if not show:
            return value
        shown = fmt.format(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)
        print(f"{label}: {shown}{' ' + unit if unit else ''}")
        return value

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


def start(name: str, output_dir: str | Path | None = None, parameters: dict | None = None) -> Notebook:
    return Notebook(name, output_dir, parameters)
