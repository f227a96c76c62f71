"""Tests of the chart house style (cohen_analysis.charts)."""

from __future__ import annotations

import datetime as dt
import itertools
import sys
import types

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402

from cohen_analysis import charts, registry  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_rc():
    with matplotlib.rc_context():
        yield
    plt.close("all")


@pytest.fixture
def fake_origins(monkeypatch):
    """registry.origin answering from a table of Origin-like objects (datasets may not exist yet)."""
    cite = lambda s: types.SimpleNamespace(citation_short=s, producer="x", url_main="https://example.org")  # noqa: E731
    table = {
        "defectors": [cite("Ministry of Unification (2026)"), cite("Ministry of Unification (2026)")],
        "prisoners": [cite("KINU (2010)"), cite("Cohen (2010)")],
        "upr": [cite("OHCHR (2024)"), cite("KINU (2010)")],
        "families": [cite("Korean Red Cross; Ministry of Unification (2026)")],
    }

    def origin(name):
        if name not in table:
            raise KeyError(f"unknown dataset {name!r}")
        return table[name]

    monkeypatch.setattr(registry, "origin", origin)
    return table


def _bbox(fig, artist):
    fig.canvas.draw()
    return artist.get_window_extent(fig.canvas.get_renderer())


# ----------------------------------------------------------------------------------- palette/style
def test_palette_is_okabe_ito_and_distinct():
    assert charts.PALETTE["vermillion"] == "#D55E00"
    assert charts.PALETTE["bluish_green"] == "#009E73"
    assert len(charts.PALETTE) == 8
    assert sorted(charts.PALETTE_LIST) == sorted(charts.PALETTE.values())
    assert len(set(charts.PALETTE_LIST)) == 8
    rgb = [np.array(to_rgb(c)) for c in charts.PALETTE_LIST]
    closest = min(np.linalg.norm(a - b) for a, b in itertools.combinations(rgb, 2))
    assert closest > 0.25  # the closest pair (sky blue / bluish green, ...) is still far apart


def test_style_file_cycle_matches_palette_and_context_restores():
    before = matplotlib.rcParams["axes.spines.top"], matplotlib.rcParams["font.size"]
    with charts.style():
        rc = matplotlib.rcParams
        assert rc["axes.spines.top"] is False and rc["axes.spines.right"] is False
        assert rc["axes.grid"] is True and rc["axes.grid.axis"] == "y"
        assert rc["font.sans-serif"][0] == "DejaVu Sans"
        assert rc["svg.hashsalt"] == "cohen-analysis"
        cycle = ["#" + c.upper().lstrip("#") for c in rc["axes.prop_cycle"].by_key()["color"]]
        assert cycle == charts.PALETTE_LIST
    assert (matplotlib.rcParams["axes.spines.top"], matplotlib.rcParams["font.size"]) == before


def test_style_usable_by_dotted_name():
    plt.style.use("cohen_analysis.cohen")
    assert matplotlib.rcParams["axes.titlelocation"] == "left"


def test_importing_package_does_not_import_charts():
    import subprocess

    code = "import sys, cohen_analysis; print('cohen_analysis.charts' in sys.modules, 'matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "False"


# ------------------------------------------------------------------------------------ layout
def _assert_stacked(fig, ax_list, with_source):
    frame = fig._cohen_frame
    title = _bbox(fig, frame.title_text)
    sub = _bbox(fig, frame.subtitle_text)
    renderer = fig.canvas.get_renderer()
    plot_top = max(a.get_tightbbox(renderer).y1 for a in ax_list)
    plot_bottom = min(a.get_tightbbox(renderer).y0 for a in ax_list)
    fig_h = fig.get_size_inches()[1] * fig.dpi
    assert title.y1 <= fig_h  # inside the figure
    assert title.y0 > sub.y1  # title above subtitle, no overlap
    assert sub.y0 > plot_top  # subtitle above every panel, its title and tick labels included
    assert title.x0 == pytest.approx(sub.x0, abs=1)  # left-aligned together
    if with_source:
        src = _bbox(fig, frame.source_text)
        assert src.y1 < plot_bottom  # source line under the plot, x tick labels included
        assert src.y0 >= 0
        assert src.x0 == pytest.approx(title.x0, abs=1)
    for a in ax_list:
        assert not title.overlaps(a.get_tightbbox(renderer))
        assert not sub.overlaps(a.get_tightbbox(renderer))


def test_title_subtitle_source_do_not_overlap_the_axes(fake_origins):
    fig, ax = charts.figure("Arrivals peaked in 2009", "Defectors arriving in South Korea per year, 1998-2025")
    ax.plot([1998, 2009, 2025], [947, 2914, 224])
    ax.set_xlabel("Year")
    ax.set_title("Panel title")
    charts.source_note(fig, ["defectors"], note="2025 provisional.")
    frame = fig._cohen_frame
    assert frame.title_text.get_fontweight() == "bold"
    assert frame.title_text.get_ha() == "left"
    assert frame.subtitle_text.get_fontsize() < frame.title_text.get_fontsize()
    _assert_stacked(fig, [ax], with_source=True)


def test_long_texts_wrap_and_still_do_not_overlap(fake_origins):
    title = "Estimates of political prisoners have stayed between 80,000 and 200,000 for two decades, whoever counted"
    subtitle = ("Estimated number of people held in political prison camps (kwanliso) in North Korea, "
                "by source and year of the estimate, 1990-2024; ranges as published")
    fig, axes = charts.figure(title, subtitle, width=6, height=5, nrows=2, ncols=1, sharex=True)
    for a in axes:
        a.plot([0, 1], [0, 150_000])
        a.set_title("A panel")
    charts.source_note(fig, ["prisoners", "upr", "defectors"], note="Open-ended figures drawn with arrows. " * 3)
    frame = fig._cohen_frame
    assert frame.title_text.get_text().count("\n") >= 1
    assert frame.subtitle_text.get_text().count("\n") >= 1
    assert frame.source_text.get_text().count("\n") >= 1
    # wrapping only re-breaks lines: the words are the ones given
    assert frame.title_text.get_text().replace("\n", " ") == title
    _assert_stacked(fig, list(axes), with_source=True)
    # every line fits the figure width
    fig.canvas.draw()
    width = fig.get_size_inches()[0] * fig.dpi
    for t in (frame.title_text, frame.subtitle_text, frame.source_text):
        assert _bbox(fig, t).x1 <= width


def test_figure_requires_a_title():
    with pytest.raises(ValueError, match="title"):
        charts.figure("  ", "subtitle")


# ----------------------------------------------------------------------------------- sources
def test_source_text_from_metadata_deduplicated_in_order(fake_origins):
    assert charts.source_text(["defectors"]) == "Source: Ministry of Unification (2026)"
    assert charts.source_text(["prisoners", "upr"]) == "Source: KINU (2010); Cohen (2010); OHCHR (2024)"
    assert (
        charts.source_text(["upr", "prisoners"], note="Ranges as published.")
        == "Source: OHCHR (2024); KINU (2010); Cohen (2010). Note: Ranges as published."
    )
    assert charts.source_text("defectors") == "Source: Ministry of Unification (2026)"
    # a citation naming several producers contributes each of them once
    assert (
        charts.source_text(["defectors", "families"]) == "Source: Ministry of Unification (2026); Korean Red Cross"
    )


def test_source_text_errors(fake_origins, monkeypatch):
    with pytest.raises(KeyError, match="nope"):
        charts.source_text(["nope"])
    with pytest.raises(ValueError, match="at least one"):
        charts.source_text([])
    monkeypatch.setattr(registry, "origin", lambda name: [])
    with pytest.raises(ValueError, match="no origin metadata"):
        charts.source_text(["defectors"])


def test_source_note_puts_the_metadata_line_on_the_figure(fake_origins):
    fig, ax = charts.figure("T", "S")
    text = charts.source_note(fig, ["prisoners"], note="n")
    assert text.get_text() == "Source: KINU (2010); Cohen (2010). Note: n"
    again = charts.source_note(fig, ["defectors"])
    assert again is text and text.get_text() == "Source: Ministry of Unification (2026)"
    assert sum(1 for t in fig.texts if t.get_gid() == "chart-source") == 1


def test_source_note_needs_a_house_figure(fake_origins):
    fig = plt.figure()
    with pytest.raises(ValueError, match="charts.figure"):
        charts.source_note(fig, ["defectors"])


# ------------------------------------------------------------------------------------ ranges
@pytest.fixture
def estimates():
    return pd.DataFrame(
        {
            "source": ["KINU (2009)", "Cohen (2010)", "US State Dept (2010)", "Defector testimony", "Amnesty (2011)"],
            "low": [150_000, 150_000, None, 100_000, None],
            "high": [200_000, 200_000, 200_000, None, None],
            "point": [None, 175_000, None, None, 200_000],
            "qualifier": ["", "", "up to", "more than", ""],
            "kind": ["research", "essay", "government", "testimony", "ngo"],
        },
        index=[10, 11, 12, 13, 14],
    )


def test_range_bars_one_bar_per_row_with_extents(estimates):
    fig, ax = charts.figure("Estimates agree on 150,000-200,000", "Political prisoners, by source")
    bars = charts.range_bars(ax, estimates, low="low", high="high", point="point", label="source",
                             qualifier="qualifier", highlight=[11])
    assert len(bars) == len(estimates)
    assert [b.index for b in bars] == [10, 11, 12, 13, 14]
    assert [b.y for b in bars] == [0, 1, 2, 3, 4]
    # closed ranges: a solid bar exactly from low to high at the row's height
    for b in bars[:2]:
        assert b.open_end is None
        assert list(b.bar.get_xdata()) == [150_000, 200_000]
        assert list(b.bar.get_ydata()) == [b.y, b.y]
        assert b.bar.get_linestyle() == "-"
    # "up to 200,000": no solid bar, dashed arrow from 200,000 leftwards, arrowhead at the open end
    up = bars[2]
    assert up.open_end == "low" and up.bar is None
    x0, x1 = up.open_line.get_xdata()
    assert x0 == 200_000 and x1 < 200_000
    assert up.open_line.get_linestyle() == "--"
    assert up.open_line.get_marker() == "<"
    # "more than 100,000": arrow to the right
    more = bars[3]
    assert more.open_end == "high" and more.bar is None
    x0, x1 = more.open_line.get_xdata()
    assert x0 == 100_000 and x1 > 100_000
    assert more.open_line.get_marker() == ">"
    # point only: a marker, no bar
    only = bars[4]
    assert only.bar is None and only.open_line is None
    assert list(only.marker.get_xdata()) == [200_000]
    # the point estimate of the highlighted row
    assert list(bars[1].marker.get_xdata()) == [175_000]
    # labels in frame order, first row on top
    assert [t.get_text() for t in ax.get_yticklabels()] == list(estimates["source"])
    assert ax.get_ylim() == (4.5, -0.5)
    assert ax.get_xlim()[0] == 0


def test_range_bars_highlight_is_not_colour_alone(estimates):
    fig, ax = charts.figure("T", "S")
    bars = charts.range_bars(ax, estimates, low="low", high="high", point="point", label="source",
                             qualifier="qualifier", highlight={11: "The essay's figure"})
    fig.canvas.draw()
    hl = bars[1]
    assert hl.highlighted and not bars[0].highlighted
    assert hl.marker.get_marker() == "D"  # shape differs
    weights = {t.get_text(): t.get_fontweight() for t in ax.get_yticklabels()}
    assert weights["Cohen (2010)"] == "bold" and weights["KINU (2009)"] == "normal"
    notes = [t for t in ax.texts if t.get_text() == "The essay's figure"]
    assert len(notes) == 1
    assert notes[0].xy == (200_000, 1)  # beside the right end of the highlighted bar


def test_range_bars_color_by_gives_colours_shapes_and_legend(estimates):
    fig, ax = charts.figure("T", "S")
    bars = charts.range_bars(ax, estimates, low="low", high="high", point="point", label="source",
                             qualifier="qualifier", color_by="kind")
    colours = [b.bar.get_color() if b.bar is not None else b.open_line.get_color() if b.open_line is not None
               else b.marker.get_color() for b in bars]
    assert colours == charts.PALETTE_LIST[:5]
    assert bars[4].marker.get_marker() == "p"  # fifth category, fifth shape
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == list(estimates["kind"])
    assert [h.get_marker() for h in legend.legend_handles] == ["o", "s", "^", "v", "p"]  # shapes too
    _assert_stacked(fig, [ax], with_source=False)  # the legend above the plot stays under the subtitle


def test_range_bars_highlight_by_boolean_column_and_bad_rows(estimates):
    fig, ax = charts.figure("T", "S")
    frame = estimates.assign(essay=[False, True, False, False, False])
    bars = charts.range_bars(ax, frame, low="low", high="high", label="source", highlight="essay")
    assert [b.highlighted for b in bars] == [False, True, False, False, False]
    with pytest.raises(KeyError, match="99"):
        charts.range_bars(ax, frame, low="low", high="high", label="source", highlight=[99])


# ------------------------------------------------------------------------- bands, labels, dates
def test_band_fills_between_with_edges():
    fig, ax = charts.figure("T", "S")
    x = [2000, 2005, 2010]
    poly, (lo, hi) = charts.band(ax, x, [1, 2, 3], [4, 6, 8], color=charts.PALETTE["blue"])
    assert list(lo.get_ydata()) == [1, 2, 3] and list(hi.get_ydata()) == [4, 6, 8]
    verts = poly.get_paths()[0].vertices
    assert verts[:, 1].min() == 1 and verts[:, 1].max() == 8
    assert verts[:, 0].min() == 2000 and verts[:, 0].max() == 2010


def test_label_lines_at_their_ends_without_overlap():
    fig, ax = charts.figure("T", "S")
    ax.plot([2000, 2010], [10, 100], label="North")
    ax.plot([2000, 2010], [10, 101], label="South")
    ax.plot([2000, 2005, 2010], [5, 50, np.nan], label="Partial")
    ax.plot([2000, 2010], [0, 0], label="_hidden")
    ax.legend()
    notes = charts.label_lines(ax)
    assert [n.get_text() for n in notes] == ["North", "South", "Partial"]
    assert notes[2].xy == (2005, 50)  # last finite point
    assert notes[0].get_color() == ax.get_lines()[0].get_color()
    assert ax.get_legend() is None
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    a, b = notes[0].get_window_extent(r), notes[1].get_window_extent(r)
    assert not a.overlaps(b)


def test_mark_date_on_date_and_year_axes():
    fig, ax = charts.figure("T", "S")
    ax.plot(pd.to_datetime(["2008-01-01", "2012-01-01"]), [1, 2])
    line, note = charts.mark_date(ax, charts.ESSAY_DATE, "Cohen essay")
    assert charts.ESSAY_DATE == dt.date(2010, 6, 16)
    assert matplotlib.dates.num2date(line.get_xdata(orig=False)[0]).date() == dt.date(2010, 6, 16)
    assert note.get_text() == "Cohen essay"
    fig2, ax2 = charts.figure("T", "S")
    ax2.plot([2008, 2012], [1, 2])
    line2, _ = charts.mark_date(ax2, charts.ESSAY_DATE, "Cohen essay")
    assert line2.get_xdata()[0] == pytest.approx(2010 + 166 / 365)


# -------------------------------------------------------------------------------------- save
def _chart(fake_origins):
    fig, ax = charts.figure("Arrivals peaked in 2009", "Defectors arriving in South Korea per year")
    ax.plot(pd.to_datetime(["2005-01-01", "2009-01-01", "2015-01-01"]), [1383, 2914, 1275], label="Arrivals")
    charts.band(ax, pd.to_datetime(["2005-01-01", "2015-01-01"]), [1000, 1000], [1500, 3000])
    charts.label_lines(ax)
    charts.mark_date(ax, charts.ESSAY_DATE, "Cohen essay")
    charts.source_note(fig, ["defectors"])
    return fig


def test_save_is_byte_identical_and_atomic(tmp_path, fake_origins):
    fig = _chart(fake_origins)
    first = charts.save(fig, "arrivals", directory=tmp_path / "a", alt="Arrivals peaked in 2009 at 2,914.")
    assert [p.name for p in first] == ["arrivals.png", "arrivals.svg", "arrivals.alt.txt"]
    again = charts.save(fig, "arrivals", directory=tmp_path / "b", alt="Arrivals peaked in 2009 at 2,914.")
    for p, q in zip(first, again):
        assert p.read_bytes() == q.read_bytes(), p.name
    # a second, independent figure drawn the same way gives the same bytes too
    plt.close(fig)
    third = charts.save(_chart(fake_origins), "arrivals", directory=tmp_path / "c", alt="Arrivals peaked in 2009 at 2,914.")
    for p, q in zip(first, third):
        assert p.read_bytes() == q.read_bytes(), p.name
    png, svg, alt = (p.read_bytes() for p in first)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"matplotlib version" not in png and b"Software" not in png
    assert b"Arrivals peaked in 2009 at 2,914." in png  # alt text as Description
    text = svg.decode()
    assert "<dc:date>" not in text and "matplotlib v" not in text
    assert "Source: Ministry of Unification (2026)" in text
    assert alt.decode() == "Arrivals peaked in 2009 at 2,914.\n"
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["arrivals.alt.txt", "arrivals.png", "arrivals.svg"]


def test_layout_settles_in_a_few_draws_where_more_would_not_move_it(tmp_path, fake_origins, monkeypatch):
    fig = _chart(fake_origins)
    draws = []
    real = type(fig).draw_without_rendering
    monkeypatch.setattr(type(fig), "draw_without_rendering", lambda self: draws.append(1) or real(self))
    assert charts._settle(fig) is fig.get_layout_engine()
    assert 2 <= len(draws) < 20  # stopped because the layout settled, not at the cap of 20 draws
    settled = [a.get_position().bounds for a in fig.axes]
    for _ in range(20):
        fig.draw_without_rendering()
    longer = [a.get_position().bounds for a in fig.axes]
    assert max(abs(x - y) for b, c in zip(settled, longer) for x, y in zip(b, c)) <= 10 * charts.SETTLED
    assert [[round(v, 7) for v in b] for b in settled] == [[round(v, 7) for v in b] for b in longer]
    # what is saved does not depend on how often the figure was drawn before
    plt.close(fig)
    drawn = _chart(fake_origins)
    for _ in range(7):
        drawn.draw_without_rendering()
    once = charts.save(_chart(fake_origins), "a", directory=tmp_path / "once")
    often = charts.save(drawn, "a", directory=tmp_path / "often")
    assert [p.read_bytes() for p in once] == [p.read_bytes() for p in often]


def test_save_defaults_to_figures_dir_and_drops_stale_alt(tmp_path, monkeypatch, fake_origins):
    monkeypatch.setattr(charts.paths, "FIGURES_DIR", tmp_path / "reports" / "figures")
    fig, ax = charts.figure("T", "S")
    ax.plot([0, 1], [0, 1])
    written = charts.save(fig, "demo", alt="Finding.")
    assert written[0] == tmp_path / "reports" / "figures" / "demo.png"
    assert (tmp_path / "reports" / "figures" / "demo.alt.txt").exists()
    assert charts.save(fig, "demo") == [tmp_path / "reports" / "figures" / "demo.png",
                                        tmp_path / "reports" / "figures" / "demo.svg"]
    assert not (tmp_path / "reports" / "figures" / "demo.alt.txt").exists()


def test_save_keeps_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    fig, ax = charts.figure("T", "S")
    ax.plot([0, 1], [0, 1])
    charts.save(fig, "demo", directory=tmp_path)
    before = (tmp_path / "demo.png").read_bytes()

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(fig, "savefig", boom)
    with pytest.raises(RuntimeError):
        charts.save(fig, "demo", directory=tmp_path)
    assert (tmp_path / "demo.png").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.png", "demo.svg"]  # no temp files left


def test_save_rejects_paths_as_names(tmp_path):
    fig, _ = charts.figure("T", "S")
    with pytest.raises(ValueError):
        charts.save(fig, "../x", directory=tmp_path)
    with pytest.raises(ValueError):
        charts.save(fig, "x.png", directory=tmp_path)


# ------------------------------------------------------------------- counts per year, grouped periods
def test_period_bars_draw_a_grouped_period_as_its_yearly_average():
    from cohen_analysis import analysis  # noqa: F401
    from cohen_analysis.analysis import defectors as an
    import cohen_analysis as ca

    sel = an.select_periods(an.period_table(ca.load("defectors")), 1999, 2010)
    fig, ax = charts.figure("t", "s")
    drawn = charts.period_bars(ax, sel, ["men", "women"], colors={"men": "#0072B2", "women": "#D55E00"},
                               labels={"men": "Men", "women": "Women"})
    grouped = drawn[drawn["period"] == "1999-2001"].set_index("column")
    # the MOU's 1999-2001 total (565 men, 478 women) spread as a level over its three years, not one tall bar
    assert grouped.loc["men", "value"] == 565 and grouped.loc["women", "value"] == 478
    assert grouped.loc["men", "height"] == pytest.approx(565 / 3)
    assert grouped.loc["women", "bottom"] == pytest.approx(565 / 3)
    assert grouped.loc["women", "height"] == pytest.approx(478 / 3)
    assert (grouped["x_left"].iloc[0], grouped["x_right"].iloc[0]) == pytest.approx((1999.1, 2001.9))
    assert bool(grouped["grouped"].all())
    y2009 = drawn[drawn["period"] == "2009"].set_index("column")
    assert (y2009.loc["men", "x_left"], y2009.loc["men", "x_right"]) == pytest.approx((2009.1, 2009.9))
    assert y2009["height"].sum() == 2914
    # the bars drawn are the rows returned, and the essay date falls inside the 2010 bar
    rects = ax.patches
    assert len(rects) == len(drawn) == 2 * len(sel)
    assert rects[0].get_x() == pytest.approx(1999.1) and rects[0].get_height() == pytest.approx(565 / 3)
    assert rects[0].get_hatch() == "///" and rects[2].get_hatch() is None
    y2010 = drawn[drawn["period"] == "2010"].iloc[0]
    assert y2010["x_left"] < charts.decimal_year(charts.ESSAY_DATE) < y2010["x_right"]
    # one legend entry per part, taken from a plain (single-year) bar
    handles, labels = ax.get_legend_handles_labels()
    assert labels == ["Men", "Women"]
    assert all(h.patches[0].get_hatch() is None for h in handles)


def test_year_ticks_sit_in_the_middle_of_each_year():
    fig, ax = charts.figure("t", "s")
    charts.year_ticks(ax, 1999, 2025)
    assert list(ax.get_xticks()) == [1999.5, 2004.5, 2009.5, 2014.5, 2019.5, 2024.5]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1999", "2004", "2009", "2014", "2019", "2024"]
    charts.year_ticks(ax, 2005, 2010)
    assert list(ax.get_xticks()) == [2005.5 + k for k in range(6)]


def test_year_end_values_sit_at_the_year_end():
    # cumulative totals at 31 December are drawn at the end of their year, not its middle
    assert charts.decimal_year(dt.date(2009, 12, 31)) == pytest.approx(2009 + 364 / 365)
    assert 2009.99 < charts.decimal_year(dt.date(2009, 12, 31)) < 2010


def test_range_bars_key_names_every_kind_of_mark(estimates):
    from matplotlib.patches import Patch

    fig, ax = charts.figure("t", "s")
    band = Patch(facecolor=charts.GREY, alpha=0.1, label="The essay's range")
    charts.range_bars(ax, estimates, low="low", high="high", point="point", label="source",
                      qualifier="qualifier", color_by="kind", key=True, extra_handles=[band])
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts == ["research", "essay", "government", "testimony", "ngo", "Range", "Single figure",
                     "Open end (up to, more than)", "The essay's range"]
    fig2, ax2 = charts.figure("t", "s")
    charts.range_bars(ax2, estimates.iloc[[0]], low="low", high="high", label="source", key=True)
    assert [t.get_text() for t in ax2.get_legend().get_texts()] == ["Range"]  # only the marks drawn
