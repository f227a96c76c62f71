"""Chart house style
=================

One look for every chart of the project (after Our World in Data, The Economist, ONS, FT):

- The **title states the finding** (bold, left-aligned); the **subtitle says what is measured,
  where and when** (smaller, grey). :func:`figure` lays both out above the plot, never over it.
- Every chart carries a **source line built from the origin metadata** of the datasets it
  shows (:func:`source_note`, :func:`source_text`): "Source: A; B. Note: ...". Never type one.
- Colours: the Okabe-Ito palette (:data:`PALETTE`, :data:`PALETTE_LIST`); colour never carries
  meaning alone: label lines at their ends (:func:`direct_label`, :func:`label_lines`), mark
  highlighted rows by bold labels and a marker shape as well.
- Uncertainty is shown: ranges as bars (:func:`range_bars`, open-ended "up to"/"more than"
  drawn dashed with an arrow), ranges over time as bands (:func:`band`).
- Reference dates as thin dotted lines with a small label (:func:`mark_date`, :data:`ESSAY_DATE`).
- :func:`save` writes ``<name>.png`` and ``<name>.svg`` (plus ``<name>.alt.txt``, alt text that
  states the finding) byte-for-byte reproducibly and atomically into ``reports/figures``; with
  ``data=`` (the frame of exactly what is drawn) also ``<name>.csv`` with the source line and
  units in ``#`` header rows, and alt text that describes that data.

Example (in a notebook; ``df`` a processed dataset with ``year`` and ``arrivals`` columns)::

    from cohen_analysis import charts
    fig, ax = charts.figure("<The finding, in words>", "<What is measured, where, when>")
    ax.plot(df["year"], df["arrivals"], label="All arrivals")
    charts.label_lines(ax); charts.thousands(ax)            # direct labels, 2,914 not 2914
    charts.mark_date(ax, charts.ESSAY_DATE, "Cohen essay")  # year axis: drawn at 2010.46
    charts.source_note(fig, ["defectors"], note="<caveat>")  # "Source: <citation_short>. Note: ..."
    charts.save(fig, "arrivals", alt="<the finding, with its key figures>",
                data=df[["year", "arrivals"]], units={"arrivals": "people"})
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import matplotlib.style as mstyle
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.ticker import StrMethodFormatter

from . import paths, registry
from .io import atomic_path, atomic_write_text
from .metadata import via_text

__all__ = [
    "ESSAY_DATE",
    "GREY",
    "PALETTE",
    "PALETTE_LIST",
    "STYLE_PATH",
    "RangeBar",
    "apply_style",
    "band",
    "direct_label",
    "figure",
    "label_lines",
    "mark_date",
    "period_bars",
    "year_ticks",
    "range_bars",
    "alt_text",
    "describe_data",
    "read_chart_data",
    "read_chart_units",
    "save",
    "source_note",
    "source_text",
    "style",
    "thousands",
]

#: Date of Roberta Cohen's essay "Human Rights: A Means of Engaging North Korea" (38 North).
ESSAY_DATE = _dt.date(2010, 6, 16)

#: Okabe-Ito colour-blind-safe palette (Okabe & Ito 2008), in its canonical order.
PALETTE: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
#: The same colours in the order charts use them (colour cycle of the style): the first pairs
#: contrast most; yellow (weak on white) and black (kept for text-like marks) come last.
PALETTE_LIST: list[str] = [
    PALETTE[n]
    for n in ("blue", "vermillion", "bluish_green", "orange", "reddish_purple", "sky_blue", "yellow", "black")
]
#: Neutral grey for context: reference lines, subtitles, source lines, de-emphasised data.
GREY = "#595959"
TEXT = "#222222"

STYLE_PATH = Path(__file__).with_name("cohen.mplstyle")
SVG_HASHSALT = "cohen-analysis"

TITLE_SIZE = 14
SUBTITLE_SIZE = 10.5
SOURCE_SIZE = 8.5
LABEL_SIZE = 8.5
# Margins of the figure frame, in inches.
_PAD_X = 0.12
_PAD_TOP = 0.12
_PAD_BOTTOM = 0.08
_GAP_TITLE = 0.06  # between title and subtitle
_GAP_AXES = 0.14  # between the header and the plot (its panel titles and tick labels included)
_GAP_SOURCE = 0.12  # between the plot (x tick labels and axis label included) and the source line

# Qualifiers of open-ended figures: the low end is open ("up to 200,000") or the high end ("more than").
_OPEN_LOW = {"up to", "at most", "fewer than", "less than", "under", "below", "<", "<="}
_OPEN_HIGH = {"more than", "at least", "over", "above", "+", ">", ">="}
_CATEGORY_MARKERS = ["o", "s", "^", "v", "p", "h", "8", "*"]
_HIGHLIGHT_MARKER = "D"


# --------------------------------------------------------------------------------------- style
def apply_style() -> None:
    """Set the house style globally (rcParams from ``cohen.mplstyle``)."""
    mstyle.use(STYLE_PATH)


@contextlib.contextmanager
def style() -> Iterator[None]:
    """``with style():`` the house style inside the block only; rcParams are restored after."""
    with mpl.rc_context():
        apply_style()
        yield


# -------------------------------------------------------------------------------- text helpers
def _renderer(fig: Figure):
    get = getattr(fig.canvas, "get_renderer", None)
    return get() if get else None


def _text_width_in(fig: Figure, text: str, size: float, weight: str = "normal") -> float:
    renderer = _renderer(fig)
    if renderer is None:  # canvas without a renderer: rough DejaVu Sans average
        return len(text) * size * (0.62 if weight == "bold" else 0.56) / 72
    prop = FontProperties(family=mpl.rcParams["font.family"], size=size, weight=weight)
    width, _, _ = renderer.get_text_width_height_descent(text, prop, ismath=False)
    return width / fig.dpi


def _wrap(fig: Figure, text: str, size: float, width_in: float, weight: str = "normal") -> str:
    """Greedy word wrap of ``text`` to ``width_in`` inches, keeping explicit line breaks."""
    out = []
    for para in text.split("\n"):
        line = ""
        for word in para.split(" "):
            trial = f"{line} {word}" if line else word
            if line and _text_width_in(fig, trial, size, weight) > width_in:
                out.append(line)
                line = word
            else:
                line = trial
        out.append(line)
    return "\n".join(out)


def _height_in(fig: Figure, text) -> float:
    if not text.get_text():
        return 0.0
    renderer = _renderer(fig)
    if renderer is None:
        lines = text.get_text().count("\n") + 1
        return text.get_fontsize() * (1.2 * lines + 0.2) / 72
    return text.get_window_extent(renderer).height / fig.dpi


@dataclass
class _Frame:
    """The figure furniture: raw strings (re-wrapped at each layout) and their Text artists."""

    title: str
    subtitle: str
    title_text: object
    subtitle_text: object
    source: str = ""
    source_text: object = None
    alt: str | None = None
    datasets: list[str] = field(default_factory=list)


def _layout(fig: Figure) -> None:
    """Wrap title, subtitle and source line to the figure width and fit the plot between them."""
    frame: _Frame = fig._cohen_frame
    width, height = fig.get_size_inches()
    avail = width - 2 * _PAD_X
    x = _PAD_X / width
    y = height - _PAD_TOP
    frame.title_text.set_text(_wrap(fig, frame.title, TITLE_SIZE, avail, "bold"))
    frame.title_text.set_position((x, y / height))
    y -= _height_in(fig, frame.title_text)
    if frame.subtitle:
        y -= _GAP_TITLE
        frame.subtitle_text.set_text(_wrap(fig, frame.subtitle, SUBTITLE_SIZE, avail))
        frame.subtitle_text.set_position((x, y / height))
        y -= _height_in(fig, frame.subtitle_text)
    top = y - _GAP_AXES
    bottom = _PAD_BOTTOM
    if frame.source_text is not None:
        frame.source_text.set_text(_wrap(fig, frame.source, SOURCE_SIZE, avail))
        frame.source_text.set_position((x, _PAD_BOTTOM / height))
        bottom += _height_in(fig, frame.source_text) + _GAP_SOURCE
    if top - bottom < 0.5:
        raise ValueError(f"figure of {width:g} x {height:g} in leaves no room for the plot; make it taller")
    fig.get_layout_engine().set(rect=(0, bottom / height, 1, (top - bottom) / height))


def figure(
    title: str,
    subtitle: str = "",
    *,
    width: float = 8,
    height: float = 4.5,
    nrows: int = 1,
    ncols: int = 1,
    **subplot_kw,
):
    """A new figure in the house style: ``(fig, ax)`` (``ax`` an array when nrows/ncols > 1).

    ``title`` states the finding, ``subtitle`` what is measured, where and when. Both are wrapped
    to the figure width and placed above the plot; constrained layout fits the axes (with their
    tick labels and panel titles) below them. Applies the house style globally.
    Extra keyword arguments go to :func:`matplotlib.pyplot.subplots` (e.g. ``sharex=True``).
    """
    if not title or not title.strip():
        raise ValueError("a chart needs a title that states the finding")
    apply_style()
    fig, ax = plt.subplots(nrows, ncols, figsize=(width, height), layout="constrained", **subplot_kw)
    fig.get_layout_engine().set(h_pad=0.04, w_pad=0.04)
    title_text = fig.text(0, 1, "", ha="left", va="top", fontsize=TITLE_SIZE, fontweight="bold", color=TEXT)
    subtitle_text = fig.text(0, 1, "", ha="left", va="top", fontsize=SUBTITLE_SIZE, color=GREY)
    for t in (title_text, subtitle_text):
        t.set_in_layout(False)  # placed by _layout; constrained layout must not move the axes for them
    title_text.set_gid("chart-title")
    subtitle_text.set_gid("chart-subtitle")
    fig._cohen_frame = _Frame(title.strip(), (subtitle or "").strip(), title_text, subtitle_text)
    _layout(fig)
    return fig, ax


# ------------------------------------------------------------------------------------- sources
def _citations(datasets: Sequence[str]) -> list[str]:
    if isinstance(datasets, str):
        datasets = [datasets]
    if not datasets:
        raise ValueError("a chart needs at least one dataset to cite")
    # origins are grouped by the copies their figures were read from: groups sharing a copy merge,
    # origins read from their producers stay apart; each group cites its producers, then its copies
    groups: list[tuple[list[str], list]] = []
    for name in datasets:
        origins = registry.origin(name)
        if not origins:
            raise ValueError(f"dataset {name!r} has no origin metadata to cite")
        for o in origins:
            parts = [c.strip() for c in str(o.citation_short).split("; ") if c.strip()]
            copies = list(getattr(o, "retrieved_from", ()) or ())
            names = {(c.kind, c.name) for c in copies}
            group = next((g for g in groups if names & {(c.kind, c.name) for c in g[1]}), None)
            if group is None:
                group = next((g for g in groups if not copies and not g[1]), None)
            if group is None:
                group = ([], [])
                groups.append(group)
            group[0].extend(p for p in parts if p not in group[0])
            group[1].extend(c for c in copies if c not in group[1])
    seen: list[str] = []
    for parts, copies in groups:
        parts = [p for p in parts if p not in seen or copies]
        if copies:
            via = via_text(copies)
            cite = f"{parts[0]}, {via}" if len(parts) == 1 else "; ".join(parts) + f"; read {via}"
            if cite not in seen:
                seen.append(cite)
        else:
            # a citation may name several producers ("A; B"): each is cited once
            seen += [p for p in parts if p not in seen]
    return seen


def source_text(datasets: Sequence[str], note: str | None = None) -> str:
    """The source line for charts of ``datasets``, from their origin metadata.

    ``"Source: A; B"`` (the parts of the ``citation_short`` of every raw file behind the
    datasets, each once, in order), followed by ``". Note: ..."`` when a note is given. A raw
    file whose figures were read from a copy is cited with it: ``"Ministry of Unification
    (2026), via a machine-extracted table (GitHub owner/repo)"`` (see ``metadata.via_text``).
    """
    text = "Source: " + "; ".join(_citations(datasets))
    if note and note.strip():
        text = text.rstrip(".") + ". Note: " + note.strip()
    return text


def source_note(fig: Figure, datasets: Sequence[str], note: str | None = None):
    """Put the source line (see :func:`source_text`) under the plot of ``fig``; returns the Text.

    Calling it again replaces the line. The figure must come from :func:`figure`.
    """
    frame = _frame_of(fig)
    frame.source = source_text(datasets, note)
    frame.datasets = list([datasets] if isinstance(datasets, str) else datasets)
    if frame.source_text is None:
        frame.source_text = fig.text(0, 0, "", ha="left", va="bottom", fontsize=SOURCE_SIZE, color=GREY)
        frame.source_text.set_in_layout(False)
        frame.source_text.set_gid("chart-source")
    _layout(fig)
    return frame.source_text


def _frame_of(fig: Figure) -> _Frame:
    frame = getattr(fig, "_cohen_frame", None)
    if frame is None:
        raise ValueError("this figure was not made by cohen_analysis.charts.figure()")
    return frame


# ------------------------------------------------------------------------------------- ranges
@dataclass
class RangeBar:
    """What :func:`range_bars` drew for one row of the frame."""

    index: object  # the row's index label in the frame
    y: float
    low: float | None
    high: float | None
    point: float | None
    open_end: str | None  # None, "low" ("up to") or "high" ("more than")
    bar: Line2D | None  # solid bar from low to high (None for a single known end)
    open_line: Line2D | None  # dashed arrow from the known end towards the open side
    marker: Line2D | None  # the point estimate
    highlighted: bool = False


def _num(value) -> float | None:
    if value is None or value is pd.NA:
        return None
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


def _open_end(qualifier, low: float | None, high: float | None) -> str | None:
    q = "" if qualifier is None or qualifier is pd.NA or (isinstance(qualifier, float) and math.isnan(qualifier)) else str(qualifier)
    q = q.strip().lower()
    if q in _OPEN_LOW or (low is None and high is not None):
        return "low"
    if q in _OPEN_HIGH or (high is None and low is not None):
        return "high"
    return None


def _highlight_map(frame: pd.DataFrame, highlight, default_text: str) -> dict:
    """Index label -> annotation text of the rows to highlight."""
    if highlight is None:
        return {}
    if isinstance(highlight, str):
        mask = frame[highlight].fillna(False).astype(bool)
        return {i: default_text for i in frame.index[mask.to_numpy()]}
    if isinstance(highlight, Mapping):
        return {i: (t if t else default_text) for i, t in highlight.items()}
    return {i: default_text for i in highlight}


def range_bars(
    ax: Axes,
    frame: pd.DataFrame,
    *,
    low: str,
    high: str,
    point: str | None = None,
    label: str,
    qualifier: str | None = None,
    color_by: str | None = None,
    highlight=None,
    highlight_text: str = "Essay's figure",
    color: str | None = None,
    open_frac: float = 0.1,
    linewidth: float = 6,
    value_format: str | None = "{x:,.0f}",
    zero: bool = True,
    legend: bool = True,
    key: bool = False,
    extra_handles: Sequence[Artist] = (),
) -> list[RangeBar]:
    """Horizontal range bars, one per row of ``frame``, first row at the top.

    ``key=True`` adds legend entries for the kinds of mark drawn (range, single figure, open
    end), ``extra_handles`` further entries (e.g. a reference band drawn by the caller), so that
    every mark and shape of the chart has a legend entry.

    - ``low``/``high``: columns of the range ends; a bar runs from low to high. ``point``: column
      of a central estimate, drawn as a marker where present (a figure with only a point gets a
      marker and no bar).
    - Open-ended figures ("up to 200,000", "more than 100,000"), given by ``qualifier`` (column
      with words like "up to", "more than", "at least") or by an empty low or high, are drawn as a
      cap at the known end plus a dashed arrow (``open_frac`` of the axis span long) pointing to
      the open side.
    - ``label``: column of the row labels (y tick labels). ``color_by``: column whose categories
      get palette colours *and* marker shapes, with a legend. ``color``: one colour for all.
    - ``highlight``: rows to mark (e.g. the essay's estimate) - a boolean column name, a list of
      index labels, or a dict index label -> annotation text. Highlighted rows get a bold label,
      a diamond marker and a text annotation (``highlight_text`` by default), not colour alone.

    Returns one :class:`RangeBar` per row, in frame order, with the artists drawn.
    """
    n = len(frame)
    if n == 0:
        raise ValueError("range_bars needs at least one row")
    marks = _highlight_map(frame, highlight, highlight_text)
    unknown = [i for i in marks if i not in frame.index]
    if unknown:
        raise KeyError(f"highlight names rows not in the frame: {unknown}")

    cats: list = []
    if color_by is not None:
        cats = list(dict.fromkeys(frame[color_by].astype("string").fillna("(none)")))
        if len(cats) > len(PALETTE_LIST):
            raise ValueError(f"{len(cats)} categories in {color_by!r}; the palette has {len(PALETTE_LIST)}")

    rows = []
    for y, (idx, row) in enumerate(frame.iterrows()):
        lo, hi = _num(row[low]), _num(row[high])
        pt = _num(row[point]) if point is not None else None
        q = row[qualifier] if qualifier is not None else None
        rows.append((idx, y, lo, hi, pt, _open_end(q, lo, hi) if (lo is not None or hi is not None) else None))
    values = [v for r in rows for v in r[2:5] if v is not None]
    if not values:
        raise ValueError("no row has a low, high or point value")
    floor = 0.0 if zero and min(values) >= 0 else -math.inf
    span = max(values) - (floor if floor == 0.0 else min(values))
    arrow = open_frac * (span or abs(max(values)) or 1.0)

    out: list[RangeBar] = []
    for idx, y, lo, hi, pt, open_end in rows:
        if color_by is not None:
            cat = frame.at[idx, color_by]
            k = cats.index("(none)" if pd.isna(cat) else str(cat))
            c, marker = PALETTE_LIST[k], _CATEGORY_MARKERS[k]
        else:
            c, marker = color or PALETTE_LIST[0], "o"
        hl = idx in marks
        bar = open_line = point_artist = None
        if open_end is None and lo is not None and hi is not None:
            (bar,) = ax.plot([lo, hi], [y, y], color=c, lw=linewidth, alpha=0.45, solid_capstyle="butt", zorder=2)
        elif open_end is not None:
            known = (hi if hi is not None else lo) if open_end == "low" else (lo if lo is not None else hi)
            if lo is not None and hi is not None and lo != hi:  # a range whose far end is still open
                (bar,) = ax.plot([lo, hi], [y, y], color=c, lw=linewidth, alpha=0.45, solid_capstyle="butt", zorder=2)
                known = lo if open_end == "low" else hi
            end = max(known - arrow, floor) if open_end == "low" else known + arrow
            (open_line,) = ax.plot(
                [known, end], [y, y], color=c, lw=1.6, ls=(0, (3, 2)), zorder=2,
                marker="<" if open_end == "low" else ">", markevery=[1], markersize=7,
            )
            ax.plot([known], [y], marker="|", color=c, markersize=linewidth * 2, mew=2, zorder=3)
        if pt is not None:
            (point_artist,) = ax.plot(
                [pt], [y], ls="none", marker=_HIGHLIGHT_MARKER if hl else marker, color=c,
                markersize=9 if hl else 7, markeredgecolor="white", markeredgewidth=1, zorder=4,
            )
        elif hl:  # no point estimate: mark the highlighted row at its known value(s)
            at = [v for v in (lo, hi) if v is not None]
            ax.plot(at, [y] * len(at), ls="none", marker=_HIGHLIGHT_MARKER, color=c, markersize=8,
                    markeredgecolor="white", zorder=4)
        out.append(RangeBar(idx, y, lo, hi, pt, open_end, bar, open_line, point_artist, hl))

    ax.set_yticks(range(n), [str(v) for v in frame[label]])
    ax.set_ylim(n - 0.5, -0.5)
    ax.grid(False, axis="y")
    ax.grid(True, axis="x")
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    for tick, (idx, *_rest) in zip(ax.get_yticklabels(), rows):
        if idx in marks:
            tick.set_fontweight("bold")
            tick.set_color(TEXT)
    for rb in out:
        if rb.highlighted:
            ends = [v for v in (rb.low, rb.high, rb.point) if v is not None]
            right = max(ends) + (arrow if rb.open_end == "high" else 0)
            ax.annotate(
                marks[rb.index], (right, rb.y), xytext=(8, 0), textcoords="offset points", va="center",
                ha="left", fontsize=LABEL_SIZE, fontweight="bold", color=TEXT, annotation_clip=False,
            )
    if value_format:
        ax.xaxis.set_major_formatter(StrMethodFormatter(value_format))
    if floor == 0.0:
        ax.set_xlim(left=0)
    handles = []
    if color_by is not None and legend:
        handles = [
            Line2D([], [], color=PALETTE_LIST[k], marker=_CATEGORY_MARKERS[k], lw=3, markersize=7,
                   markeredgecolor="white", label=cat)
            for k, cat in enumerate(cats)
        ]
    if key and legend:
        if any(rb.bar is not None for rb in out):
            handles.append(Line2D([], [], color=GREY, lw=linewidth, alpha=0.45, solid_capstyle="butt", label="Range"))
        if any(rb.marker is not None for rb in out):
            handles.append(Line2D([], [], ls="none", marker="o", color=GREY, markersize=7, markeredgecolor="white",
                                  label="Single figure"))
        if any(rb.open_line is not None for rb in out):
            handles.append(Line2D([], [], color=GREY, lw=1.6, ls=(0, (3, 2)), marker=">", markevery=[1], markersize=6,
                                  label="Open end (up to, more than)"))
    if legend:
        handles.extend(extra_handles)
    if handles and len(handles) == len(cats):
        # above the plot, in one row, where it hides no data (the layout makes room for it)
        ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.01), ncols=len(cats),
                  borderaxespad=0, handlelength=1.8, columnspacing=1.2)
    elif handles:  # with the key: rows of three, right-aligned above the plot (over the row labels if need be)
        long = max(len(h.get_label()) for h in handles) > 32  # long labels: one column, not a row wider than the plot
        ax.legend(handles=handles, loc="lower right", bbox_to_anchor=(1, 1.01), ncols=1 if long else min(len(handles), 3),
                  borderaxespad=0, handlelength=1.8, columnspacing=1.2)
    return out


def band(ax: Axes, x, low, high, *, color: str | None = None, alpha: float = 0.2, label: str | None = None,
         edges: bool = True, **kw):
    """A range over time: the area between ``low`` and ``high`` filled, with thin edge lines.

    Returns ``(PolyCollection, [low_line, high_line])`` (the list is empty when ``edges=False``).
    Extra keyword arguments go to ``fill_between`` (e.g. ``step="post"``, ``where=``).
    """
    if color is None:  # the next colour of the cycle, taken the public way
        (probe,) = ax.plot([], [])
        color = probe.get_color()
        probe.remove()
    poly = ax.fill_between(x, low, high, color=color, alpha=alpha, lw=0, label=label, **kw)
    lines = []
    if edges:
        drawstyle = {"pre": "steps-pre", "post": "steps-post", "mid": "steps-mid"}.get(kw.get("step"), "default")
        for ys in (low, high):
            (ln,) = ax.plot(x, ys, color=color, lw=0.9, alpha=0.9, drawstyle=drawstyle, label="_nolegend_")
            lines.append(ln)
    return poly, lines


# ------------------------------------------------------------------------------------- labels
def direct_label(ax: Axes, x, y, text: str, *, color: str | None = None, dx: float = 5, dy: float = 0,
                 ha: str = "left", **kw):
    """Write ``text`` beside the point (x, y), e.g. at the end of a line, instead of a legend.

    Offset by ``dx``/``dy`` points; the label may stand outside the axes (the layout makes room).
    """
    kw.setdefault("fontsize", LABEL_SIZE + 0.5)
    kw.setdefault("fontweight", "bold")
    return ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va="center",
                       color=color or TEXT, annotation_clip=False, **kw)


class _LabelSpacer(Artist):
    """Invisible artist drawn before the line labels of an axes: spaces them apart vertically.

    It runs at draw time, after constrained layout has placed the axes, so the spacing holds
    whatever the final axis size and limits.
    """

    def __init__(self, ax: Axes, notes: list, min_gap: float):
        super().__init__()
        self._ax, self._notes, self._min_gap = ax, notes, min_gap
        self.set_zorder(-1e6)
        self.set_in_layout(False)

    def space(self) -> None:
        if not self._notes:
            return
        to_pt = 72 / self._ax.get_figure(root=True).dpi
        ax = self._ax
        ys = [ax.transData.transform((ax.xaxis.convert_units(n.xy[0]), n.xy[1]))[1] * to_pt for n in self._notes]
        order = sorted(range(len(ys)), key=ys.__getitem__)
        placed = [ys[i] for i in order]
        for k in range(1, len(placed)):  # push upwards, then shift the group back to its centre
            placed[k] = max(placed[k], placed[k - 1] + self._min_gap)
        shift = (sum(ys) - sum(placed)) / len(placed)
        for k, i in enumerate(order):
            dx = self._notes[i].xyann[0]
            self._notes[i].xyann = (dx, placed[k] + shift - ys[i])

    def draw(self, renderer) -> None:
        self.space()


def label_lines(ax: Axes, *, labels: Mapping[str, str] | None = None, min_gap: float | None = None,
                remove_legend: bool = True) -> list:
    """Label every labelled line of ``ax`` at its last finite point, in the line's colour.

    Labels too close vertically are pushed apart (at least ``min_gap`` points, default 1.2 x the
    font size), at draw time, so later changes of limits or size keep them apart. ``labels``
    maps a line's label to the text to show. Returns the annotations, in the order of the lines.
    """
    fontsize = LABEL_SIZE + 0.5
    min_gap = fontsize * 1.2 if min_gap is None else min_gap
    notes = []
    for line in ax.get_lines():
        name = line.get_label()
        if not name or name.startswith("_") or not line.get_visible():
            continue
        xs, ys = line.get_xdata(orig=False), np.asarray(line.get_ydata(orig=False), dtype=float)
        ok = np.flatnonzero(np.isfinite(ys))
        if not len(ok):
            continue
        text = (labels or {}).get(name, name)
        notes.append(direct_label(ax, xs[ok[-1]], ys[ok[-1]], text, color=line.get_color(), fontsize=fontsize))
    spacer = _LabelSpacer(ax, notes, min_gap)
    ax.add_artist(spacer)
    spacer.space()
    if remove_legend and ax.get_legend() is not None:
        ax.get_legend().remove()
    return notes


def thousands(ax: Axes, axis: str = "y", fmt: str = "{x:,.0f}") -> None:
    """Tick labels with thousands separators (2,914 rather than 2914) on ``axis`` ("x", "y", "both")."""
    for name in ("x", "y") if axis == "both" else (axis,):
        getattr(ax, f"{name}axis").set_major_formatter(StrMethodFormatter(fmt))


def decimal_year(date) -> float:
    """A date as a decimal year for a plain-year axis: 2009-12-31 -> 2009.997, 2010-06-16 -> 2010.455."""
    d = pd.Timestamp(date).date()
    start = _dt.date(d.year, 1, 1)
    return d.year + (d - start).days / (_dt.date(d.year + 1, 1, 1) - start).days


def mark_date(ax: Axes, x, text: str, *, color: str = GREY, ls=":", lw: float = 1.1, y: float = 1.0,
              ha: str = "left", **kw):
    """A thin vertical reference line at ``x`` with a small label at the top of the axes.

    ``x`` may be a date: on a date axis it is used as is; on a numeric axis that already holds
    data (e.g. plain years) it becomes a decimal year (16 June 2010 -> 2010.455).
    Returns ``(line, annotation)``.
    """
    if isinstance(x, (_dt.date, pd.Timestamp, np.datetime64)) and not ax.xaxis.have_units() and ax.has_data():
        x = decimal_year(pd.Timestamp(x).date())
    line = ax.axvline(x, color=color, ls=ls, lw=lw, zorder=1.5)
    line.set_label("_nolegend_")
    kw.setdefault("fontsize", LABEL_SIZE)
    note = ax.annotate(text, (x, y), xycoords=("data", "axes fraction"), xytext=(3 if ha == "left" else -3, -2),
                       textcoords="offset points", ha=ha, va="top", color=color, annotation_clip=False, **kw)
    return line, note


# ------------------------------------------------------------------------- counts per year
def year_ticks(ax: Axes, first: int, last: int, *, step: int | None = None) -> None:
    """Tick labels of a calendar-year axis on which year ``Y`` spans ``Y`` to ``Y + 1``.

    Each label sits at the middle of its year (``Y + 0.5``), where :func:`period_bars` draws the
    year's bar, so that a date (e.g. the essay, 2010.46) falls inside its year's bar.
    """
    step = step or (1 if last - first <= 12 else (2 if last - first <= 25 else 5))
    years = [y for y in range(first, last + 1) if (y - first) % step == 0 or step == 1]
    ax.set_xticks([y + 0.5 for y in years], [str(y) for y in years])


def period_bars(ax: Axes, periods: pd.DataFrame, columns: Sequence[str], *, colors: Mapping[str, str],
                labels: Mapping[str, str] | None = None, width: float = 0.8, grouped_alpha: float = 0.55,
                hatch: str = "///") -> pd.DataFrame:
    """Bars of counts per year, stacked by ``columns``, on a calendar-year axis (year Y: Y to Y+1).

    ``periods`` has ``period``, ``year_start``, ``year_end`` and the ``columns``. A single year is
    one bar in the middle of its year. A grouped period (several years published as one total,
    e.g. 1999-2001) is drawn as its **yearly average** (total / years), one hatched bar across
    its years, so that its height compares with the single years beside it; its total stays in
    the returned frame for the label. Each column gets one legend entry (``labels``).

    Returns the data drawn, one row per period and column: period, column, years, x_left,
    x_right, bottom, height (per year), value (the period's published figure), grouped.
    """
    labels = labels or {}
    rows = []
    single = [k for k, (a, b) in enumerate(zip(periods["year_start"], periods["year_end"])) if a == b]
    labelled = single[0] if single else 0  # the legend shows a plain bar where there is one
    for k, (_, p) in enumerate(periods.iterrows()):
        start, end = int(p["year_start"]), int(p["year_end"])
        years = end - start + 1
        grouped = years > 1
        span = years - (1 - width)
        left = start + (1 - width) / 2
        bottom = 0.0
        for col in columns:
            value = float(p[col])
            height = value / years
            label = labels.get(col, col) if k == labelled else "_nolegend_"
            ax.bar(left, height, width=span, bottom=bottom, align="edge", color=colors[col],
                   alpha=grouped_alpha if grouped else 1, hatch=hatch if grouped else None, edgecolor="white",
                   lw=0.5, label=label)
            rows.append({"period": p["period"], "column": col, "years": years, "x_left": left,
                         "x_right": left + span, "bottom": bottom, "height": height, "value": value,
                         "grouped": grouped})
            bottom += height
    return pd.DataFrame(rows, columns=["period", "column", "years", "x_left", "x_right", "bottom", "height",
                                       "value", "grouped"])


# ---------------------------------------------------------------------------------------- save
#: Constrained layout has settled when no axes edge moves more than this (a fraction of the
#: figure) from one draw to the next: far below the 1e-7 that :func:`save` rounds the positions
#: to, and above the float noise (about 1e-16) in which some layouts go on oscillating.
SETTLED = 1e-12


def _settle(fig: Figure, max_draws: int = 20):
    """Run constrained layout until the axes stop moving; returns the engine (None if none).

    Constrained layout is a fixed-point iteration: with labels outside the axes (direct labels),
    one pass does not converge, and each draw would move the axes a little (each step far smaller
    than the one before). Saving from the settled layout (no edge moving by more than
    :data:`SETTLED`) makes the output independent of how often the figure was drawn before.
    """
    engine = fig.get_layout_engine()
    if not isinstance(engine, ConstrainedLayoutEngine):
        return None
    previous = None
    for _ in range(max_draws):
        fig.draw_without_rendering()
        positions = [a.get_position().bounds for a in fig.axes]
        if previous is not None and all(
            abs(now - before) <= SETTLED for p, q in zip(positions, previous) for now, before in zip(p, q)
        ):
            break
        previous = positions
    return engine


def _format_value(value) -> str:
    """A figure for alt text: thousands separators; a figure as printed keeps its digits, a computed
    fraction with many digits (a yearly average, a projection) is shown to one decimal (four
    significant digits below 10). The chart's CSV keeps every digit."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}"
    if isinstance(value, (float, np.floating)):
        value = float(value)
        if value.is_integer():
            return f"{int(value):,}"
        whole, _, frac = repr(value).partition(".")
        if not math.isfinite(value) or not whole.lstrip("-").isdigit():
            return repr(value)
        if len(frac) <= 4:  # a figure as printed keeps its digits
            return f"{int(whole):,}.{frac}" if whole != "-0" else f"-0.{frac}"
        return f"{value:,.1f}" if abs(value) >= 10 else f"{value:.4g}"
    if isinstance(value, (pd.Timestamp, _dt.date)):
        return pd.Timestamp(value).strftime("%-d %B %Y")
    return str(value)


def _format_x(value) -> str:
    """An x value (a year, a period, a category) as written: no thousands separator."""
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, (pd.Timestamp, _dt.date)):
        return _format_value(value)
    return str(value)


def describe_data(data: pd.DataFrame, *, units: Mapping[str, str] | None = None, max_series: int = 3) -> str:
    """A short description of the data a chart draws, for its alt text.

    The first column is the x (categories or time); every numeric column after it is a series:
    "<series>: <first> in <x0> to <last> in <xn>, highest <max> in <x>" (units from ``units``).
    Missing values are skipped and said so. More than ``max_series`` series are counted, not listed.
    """
    if data is None or data.empty or data.shape[1] < 2:
        return ""
    units = dict(units or {})
    x = data.columns[0]
    series = [c for c in data.columns[1:] if pd.api.types.is_numeric_dtype(data[c]) and not pd.api.types.is_bool_dtype(data[c])]
    parts = []
    for col in series[:max_series]:
        frame = data[[x, col]].dropna()
        if frame.empty:
            continue
        unit = f" {units[col]}" if col in units else ""
        first, last = frame.iloc[0], frame.iloc[-1]
        top = frame.loc[frame[col].idxmax()]
        label = str(col).replace("_", " ")
        label = label[:1].upper() + label[1:]
        text = f"{label}: {_format_value(first[col])}{unit} ({_format_x(first[x])})"
        if len(frame) > 1:
            text += f" to {_format_value(last[col])}{unit} ({_format_x(last[x])})"
            text += f", highest {_format_value(top[col])}{unit} ({_format_x(top[x])})"
        missing = len(data) - len(frame)
        if missing:
            text += f", {missing} of {len(data)} values missing"
        parts.append(text)
    if not parts:
        return ""
    more = f"; {len(series) - max_series} more series in the data" if len(series) > max_series else ""
    return f"{len(data)} data points. " + "; ".join(parts) + more + "."


def alt_text(finding: str | None, data: pd.DataFrame | None = None, *, units: Mapping[str, str] | None = None) -> str | None:
    """Alt text of a chart: the finding (a sentence), then :func:`describe_data` of its data."""
    described = describe_data(as_written(data), units=units) if data is not None else ""
    finding = (finding or "").strip()
    if finding and described:
        return f"{finding.rstrip('.')}. {described}"
    return finding or described or None


def write_chart_data(path: Path, data: pd.DataFrame, *, title: str | None = None, subtitle: str | None = None,
                     source: str | None = None, units: Mapping[str, str] | None = None) -> Path:
    """The data a chart draws as CSV, after header rows starting with ``#`` (title, source, units).

    Read it back with ``pd.read_csv(path, comment=None, skiprows=<number of # rows>)`` or any
    spreadsheet (the header rows come first). Values are written as they are (no rounding).
    """
    header = []
    for label, text in (("", title), ("", subtitle), ("", source)):
        if text:
            header.append(f"# {label}{' '.join(str(text).split())}")
    units = {k: v for k, v in (units or {}).items() if k in data.columns}
    if units:
        header.append("# Units: " + "; ".join(f"{k}: {v}" for k, v in units.items()))
    body = data.to_csv(index=False, lineterminator="\n")
    atomic_write_text(path, "".join(h + "\n" for h in header) + body)
    return path


def as_written(data: pd.DataFrame) -> pd.DataFrame:
    """``data`` as a reader of its CSV gets it back (dates as text, blanks as missing), so that the
    alt text describes exactly what the downloadable file holds."""
    import io

    return pd.read_csv(io.StringIO(data.to_csv(index=False, lineterminator="\n")))


def read_chart_units(path: str | Path) -> dict[str, str]:
    """The ``{column: unit}`` of a chart's data CSV, from its ``# Units:`` header row (column names
    may themselves contain ": " or "; ", so the row is split at the CSV's own column names)."""
    import re

    columns = list(read_chart_data(path).columns)
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        if line.startswith("# Units: "):
            body = line.removeprefix("# Units: ")
            names = "|".join(re.escape(c) for c in sorted(columns, key=len, reverse=True))
            return {m.group(1): m.group(2) for m in re.finditer(rf"(?:^|; )({names}): (.*?)(?=; (?:{names}): |$)", body)}
    return {}


def read_chart_data(path: str | Path) -> pd.DataFrame:
    """Read a chart's data CSV (see :func:`write_chart_data`), skipping its ``#`` header rows."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    skip = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    return pd.read_csv(path, skiprows=skip)


#: Width in pixels of the thumbnail PNG (``<name>.thumb.png``) the index cards use.
THUMB_WIDTH_PX = 480


def save(fig: Figure, name: str, *, directory: str | Path | None = None, alt: str | None = None,
         dpi: float | None = None, data: pd.DataFrame | None = None, units: Mapping[str, str] | None = None,
         thumbnail: bool = False) -> list[Path]:
    """Write ``<name>.png`` and ``<name>.svg`` (and ``<name>.alt.txt``) reproducibly and atomically.

    The same figure saved twice gives byte-identical files: no dates or software versions in
    the metadata, fixed SVG ids (``svg.hashsalt``). The SVG keeps its text as text
    (``svg.fonttype: none``), so an editor can change a title or a label. ``alt``: alt text that
    states the finding, written to the sidecar ``<name>.alt.txt`` (the report site reads it) and
    into the files' Description metadata; without it, a stale sidecar is removed.

    ``data``: the frame of exactly what the chart draws (first column the x, one column per
    series). It is written as ``<name>.csv`` with the title, the source line and ``units``
    (``{column: unit}``) in ``#`` header rows (:func:`write_chart_data`), and the alt text gets a
    description of it (:func:`alt_text`). ``thumbnail``: also write ``<name>.thumb.png``,
    :data:`THUMB_WIDTH_PX` wide, for the index cards. ``directory`` defaults to
    :data:`cohen_analysis.paths.FIGURES_DIR`. Returns the paths written (PNG, SVG, then the
    optional thumbnail, CSV and alt text)::

        charts.save(fig, "arrivals", alt="Arrivals fell to 63 in 2021", data=df[["year", "arrivals"]],
                    units={"arrivals": "people"})
    """
    if not name or Path(name).name != name or name.endswith((".png", ".svg", ".csv")):
        raise ValueError(f"name must be a bare file stem, got {name!r}")
    if data is not None and not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame of what the chart draws, got {type(data).__name__}")
    directory = Path(directory) if directory is not None else paths.FIGURES_DIR
    directory.mkdir(parents=True, exist_ok=True)
    alt = alt_text(alt, data, units=units)
    frame = getattr(fig, "_cohen_frame", None)
    if frame is not None:
        frame.alt = alt
        _layout(fig)  # the size may have changed since figure()
    title = frame.title if frame is not None else None
    source = frame.source if frame is not None and frame.source else None
    alt = alt.strip() if alt else None

    png_meta = {"Software": None}
    svg_meta = {"Date": None, "Creator": None}
    for meta in (png_meta, svg_meta):
        if title:
            meta["Title"] = title
        if alt:
            meta["Description"] = alt
        if source:
            meta["Source"] = source
    svg_meta.pop("Source", None)
    if source:  # the SVG (Dublin Core) keys have no "Source" for a citation; Relation fits
        svg_meta["Relation"] = source

    written = []
    engine = _settle(fig)
    if engine is not None:
        # Freeze the settled layout so that PNG and SVG share it; round the axes positions so
        # that float noise of the layout iteration (last bits) does not reach the files, e.g.
        # the SVG clip-path ids, which hash the clip box.
        fig.set_layout_engine("none")
        for ax in fig.axes:
            in_layout = ax.get_in_layout()
            bounds = [round(float(v), 7) for v in ax.get_position(original=True).bounds]
            ax.set_position(bounds, which="original")
            ax.set_in_layout(in_layout)  # set_position takes the axes out of the layout
    dpi = dpi or mpl.rcParams["savefig.dpi"]
    outputs = [("png", "png", png_meta, dpi), ("svg", "svg", svg_meta, dpi)]
    if thumbnail:
        outputs.append(("thumb.png", "png", png_meta, THUMB_WIDTH_PX / fig.get_figwidth()))
    try:
        with mpl.rc_context({"svg.hashsalt": SVG_HASHSALT, "svg.fonttype": "none", "savefig.bbox": "standard"}):
            for suffix, fmt, meta, resolution in outputs:
                target = directory / f"{name}.{suffix}"
                with atomic_path(target) as tmp:
                    fig.savefig(tmp, format=fmt, metadata=meta, dpi=resolution, facecolor="white")
                written.append(target)
    finally:
        if engine is not None:
            fig.set_layout_engine(engine)
    if not thumbnail:
        (directory / f"{name}.thumb.png").unlink(missing_ok=True)
    table = directory / f"{name}.csv"
    if data is not None:
        subtitle = frame.subtitle if frame is not None else None
        written.append(write_chart_data(table, data, title=title, subtitle=subtitle, source=source, units=units))
    else:
        table.unlink(missing_ok=True)
    sidecar = directory / f"{name}.alt.txt"
    if alt:
        atomic_write_text(sidecar, alt + "\n")
        written.append(sidecar)
    else:
        sidecar.unlink(missing_ok=True)
    return written
