"""The files a chart publishes: PNG, thumbnail, SVG with text as text, the data drawn as CSV, alt text."""

from __future__ import annotations

import types

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from cohen_analysis import charts, registry  # noqa: E402
from cohen_analysis.notebook import Notebook  # noqa: E402

ARRIVALS = pd.DataFrame({"year": [2005, 2009, 2015], "arrivals": [1383, 2914, 1275], "women": [1018, 2197, 1024]})


@pytest.fixture
def cited(monkeypatch):
    origin = types.SimpleNamespace(citation_short="Ministry of Unification (2026)", producer="x", url_main="https://example.org")
    monkeypatch.setattr(registry, "origin", lambda name: [origin])


def _chart():
    fig, ax = charts.figure("Arrivals peaked in 2009", "Defectors arriving in South Korea per year")
    ax.plot(ARRIVALS["year"], ARRIVALS["arrivals"], label="Arrivals")
    ax.plot(ARRIVALS["year"], ARRIVALS["women"], label="Women")
    charts.source_note(fig, ["defectors"], note="Arrivals, not residents.")
    return fig


def test_save_with_data_writes_the_csv_of_what_is_drawn(tmp_path, cited):
    fig = _chart()
    written = charts.save(fig, "arrivals", directory=tmp_path, alt="Arrivals peaked in 2009 at 2,914.",
                          data=ARRIVALS, units={"arrivals": "people", "women": "people"}, thumbnail=True)
    assert [p.name for p in written] == ["arrivals.png", "arrivals.svg", "arrivals.thumb.png", "arrivals.csv", "arrivals.alt.txt"]
    lines = (tmp_path / "arrivals.csv").read_text(encoding="utf-8").splitlines()
    assert lines[:5] == [
        "# Arrivals peaked in 2009",
        "# Defectors arriving in South Korea per year",
        "# Source: Ministry of Unification (2026). Note: Arrivals, not residents.",
        "# Units: arrivals: people; women: people",
        "year,arrivals,women",
    ]
    back = charts.read_chart_data(tmp_path / "arrivals.csv")
    pd.testing.assert_frame_equal(back, ARRIVALS)
    # the CSV holds exactly the values the lines draw
    lines2d = fig.axes[0].get_lines()
    assert [list(line.get_ydata()) for line in lines2d[:2]] == [list(back["arrivals"]), list(back["women"])]
    assert list(lines2d[0].get_xdata()) == list(back["year"])
    alt = (tmp_path / "arrivals.alt.txt").read_text(encoding="utf-8").strip()
    assert alt == ("Arrivals peaked in 2009 at 2,914. 3 data points. Arrivals: 1,383 people (2005) to 1,275 people (2015), "
                   "highest 2,914 people (2009); Women: 1,018 people (2005) to 1,024 people (2015), highest 2,197 people (2009).")
    from PIL import Image

    with Image.open(tmp_path / "arrivals.thumb.png") as thumb:
        assert thumb.width == charts.THUMB_WIDTH_PX
    plt.close(fig)


def test_svg_keeps_text_as_text_and_stays_byte_identical(tmp_path, cited):
    first = charts.save(_chart(), "a", directory=tmp_path / "one", data=ARRIVALS, thumbnail=True)
    second = charts.save(_chart(), "a", directory=tmp_path / "two", data=ARRIVALS, thumbnail=True)
    for p, q in zip(first, second):
        assert p.read_bytes() == q.read_bytes(), p.name
    svg = (tmp_path / "one" / "a.svg").read_text(encoding="utf-8")
    assert "Arrivals peaked in 2009</text>" in svg  # editable text, not glyph paths
    assert "<text" in svg and 'id="DejaVuSans' not in svg
    plt.close("all")


def test_save_without_data_drops_stale_csv_and_thumbnail(tmp_path, cited):
    charts.save(_chart(), "a", directory=tmp_path, data=ARRIVALS, thumbnail=True)
    charts.save(_chart(), "a", directory=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png", "a.svg"]
    with pytest.raises(TypeError, match="DataFrame"):
        charts.save(_chart(), "a", directory=tmp_path, data=[1, 2])
    plt.close("all")


def test_describe_data_states_gaps_and_keeps_digits():
    frame = pd.DataFrame({"period": ["1999-2001", "2002", "2003"], "share": [0.705, None, 0.7312]})
    assert charts.describe_data(frame, units={"share": "of arrivals"}) == (
        "3 data points. Share: 0.705 of arrivals (1999-2001) to 0.7312 of arrivals (2003), "
        "highest 0.7312 of arrivals (2003), 1 of 3 values missing.")
    assert charts.describe_data(pd.DataFrame({"x": [1]})) == ""
    assert charts.alt_text(None, None) is None
    assert charts.alt_text("Finding.", None) == "Finding."


def test_notebook_show_passes_the_data_and_marks_the_output(tmp_path, cited, monkeypatch):
    shown = []
    import IPython.display

    monkeypatch.setattr(IPython.display, "display", lambda obj, metadata=None: shown.append((obj, metadata)))
    nb = Notebook("defectors", tmp_path)
    nb.show(_chart(), "arrivals", alt="Arrivals peaked in 2009.", data=ARRIVALS, units={"arrivals": "people"})
    (image, metadata), = shown
    assert metadata["cohen_chart"] == {"slug": "arrivals", "csv": True}
    assert metadata["image/png"]["alt"].startswith("Arrivals peaked in 2009. 3 data points. Arrivals: 1,383 people (2005)")
    assert (tmp_path / "figures" / "arrivals.csv").exists() and (tmp_path / "figures" / "arrivals.thumb.png").exists()
    assert nb.figures == [{"slug": "arrivals", "alt": metadata["image/png"]["alt"], "data": "arrivals.csv"}]


def test_chart_units_read_back_when_column_names_hold_colons(tmp_path):
    frame = pd.DataFrame({"Year": [2010, 2011], "South Korea: grants": [405, 196], "UN appeal; funding": [1.5, 2.0]})
    path = charts.write_chart_data(tmp_path / "c.csv", frame, title="T",
                                   units={"South Korea: grants": "100 million KRW", "UN appeal; funding": "USD million"})
    assert charts.read_chart_units(path) == {"South Korea: grants": "100 million KRW", "UN appeal; funding": "USD million"}
    assert charts.read_chart_units(charts.write_chart_data(tmp_path / "d.csv", frame)) == {}
