"""What a reader sees in the executed notebooks: every notebook under every parameter set.

The reader's part of a report is every markdown cell and the outputs of every code cell except
the parameter cells and those tagged ``reader-hidden`` (the HTML export drops them). None of it
may show internal output: file paths, Python reprs, "None", internal row ids or parameter names.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import nbformat
import pytest
import yaml

from notebook_runs import NOTEBOOKS, ROOT, run_shared

pytestmark = pytest.mark.slow

PARAMS = sorted((ROOT / "params").glob("*/*.yaml"))
HIDDEN_TAGS = {"reader-hidden", "parameters", "injected-parameters"}

FORBIDDEN = {
    "a file path": re.compile(r"PosixPath|WindowsPath|/tmp/|reports/|data/raw|data/processed|\.csv\b|\.ipynb\b"),
    "None": re.compile(r"\bNone\b(?! of\b)"),  # "None of the 5 resolutions" is English
    "a missing-value repr": re.compile(r"\bnan\b|\bNaN\b|\bNaT\b|<NA>"),
    "a bound method": re.compile(r"<bound method"),
    "an object repr": re.compile(r"object at 0x|<[\w.]+ object>"),
    "True/False": re.compile(r"\bTrue\b|\bFalse\b"),
    "an internal row id": re.compile(r"\b[ABC]\d{2}[a-z]?\b"),
    "an internal vote id": re.compile(r"\b(?:UNGA|HRC|UNSC)-(?:[A-Z]{2}-)?\d{4}"),
    "a list repr": re.compile(r"\[\s*'|\[\d+(?:, \d+)*\]"),
    "a dict repr": re.compile(r"\{'"),
}


def _parameter_names(nb) -> list[str]:
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    return re.findall(r"^(\w+)\s*=", cell.source, flags=re.M)


def reader_blocks(nb) -> list[tuple[str, str]]:
    """(kind, text) of everything a reader sees, in order: markdown, text, html (tags removed), image alt."""
    blocks = []
    for cell in nb.cells:
        if HIDDEN_TAGS & set(cell.metadata.get("tags", [])):
            continue
        if cell.cell_type == "markdown":
            blocks.append(("markdown", cell.source))
            continue
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                blocks.append(("text", out.text))
            elif out.output_type == "error":
                blocks.append(("error", f"{out.ename}: {out.evalue}"))
            elif "data" in out:
                data = out["data"]
                if "image/png" in data:
                    blocks.append(("image", out.get("metadata", {}).get("image/png", {}).get("alt", "")))
                elif "text/markdown" in data:
                    blocks.append(("markdown", data["text/markdown"]))
                elif "text/html" in data:
                    blocks.append(("html", data["text/html"]))
                else:
                    blocks.append(("text", data.get("text/plain", "")))
    return blocks


def reader_text(blocks) -> str:
    parts = []
    for kind, text in blocks:
        if kind == "html":
            text = html.unescape(re.sub(r"<[^>]+>", " ", text))
        parts.append(text)
    return re.sub(r"https?://\S+", "<link>", "\n".join(parts))  # a source's web address is no file path


def empty_sections(blocks) -> list[str]:
    """Headings followed by nothing but another heading of the same or a higher level (or the end)."""
    heading = re.compile(r"^(#{1,6})\s+(.+)$", re.M)
    items = []  # ("h", level, title) or ("content",)
    for kind, text in blocks:
        if kind in ("markdown",):
            pos = 0
            for m in heading.finditer(text):
                if text[pos:m.start()].strip():
                    items.append(("content",))
                items.append(("h", len(m.group(1)), m.group(2).strip()))
                pos = m.end()
            if text[pos:].strip():
                items.append(("content",))
        elif text.strip():
            items.append(("content",))
    empty = []
    for k, item in enumerate(items):
        if item[0] != "h" or item[1] == 1:
            continue
        nxt = items[k + 1] if k + 1 < len(items) else None
        if nxt is None or (nxt[0] == "h" and nxt[1] <= item[1]):
            empty.append(item[2])
    return empty


def executed(name: str, params: dict, tmp_path_factory):
    """The notebook ``name`` executed with ``params`` (once per session) and its metrics."""
    out = run_shared(name, tmp_path_factory, **params)
    return nbformat.read(out / "executed.ipynb", as_version=4), json.loads((out / "metrics.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", PARAMS, ids=[f"{p.parent.name}-{p.stem}" for p in PARAMS])
def test_nothing_internal_reaches_the_reader(path: Path, built_site):
    """Every published report: the executed notebook of the build's run with that parameter file."""
    name = path.parent.name
    nb = nbformat.read(built_site / "reports" / name / path.stem / "notebook.ipynb", as_version=4)
    assert nb.metadata["papermill"]["parameters"] == {
        **(yaml.safe_load(path.read_text(encoding="utf-8")) or {}), "output_dir": f"reports/{name}/{path.stem}"}
    blocks = reader_blocks(nb)
    assert not [b for b in blocks if b[0] == "error"]
    text = reader_text(blocks)
    for what, pattern in FORBIDDEN.items():
        hits = sorted({m.group(0) for m in pattern.finditer(text)})
        assert not hits, f"{name} ({path.stem}) shows {what}: {hits}"
    names = [n for n in _parameter_names(nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)) if "_" in n]
    shown = [n for n in names if re.search(rf"\b{n}\b", text)]
    assert not shown, f"{name} ({path.stem}) names parameters: {shown}"
    assert not empty_sections(blocks), f"{name} ({path.stem}) has empty sections: {empty_sections(blocks)}"
    # every figure is displayed with its alt text, and the key numbers appear as a reader table
    assert all(alt.strip() for kind, alt in blocks if kind == "image")
    tables = [t for kind, t in blocks if kind == "html" and 'class="table-scroll"' in t]
    assert any("key-numbers" in t for t in tables)
    for t in tables:
        assert "<script" not in t and "T_" not in t  # escaped, and no pandas Styler ids


def test_checked_cells_are_hidden_and_followed_by_key_numbers():
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for k, cell in enumerate(nb.cells):
            if cell.cell_type == "code" and "# NBVAL_CHECK_OUTPUT" in cell.source:
                assert "reader-hidden" in cell.metadata.get("tags", []), f"{path.name} cell {k}"
                assert "nb.key_numbers(" in nb.cells[k + 1].source, f"{path.name} cell {k + 1}"
            if cell.cell_type == "code":
                assert ".style" not in cell.source, f"{path.name} cell {k} renders a pandas Styler"
                assert not re.search(r"^nb\.(show|write_metrics)\(", cell.source, flags=re.M), \
                    f"{path.name} cell {k} leaves a return value to be displayed"


def test_upr_single_cycle_without_per_recommendation_data(tmp_path_factory):
    nb, metrics = executed("upr", {"cycles": [3]}, tmp_path_factory)
    blocks = reader_blocks(nb)
    text = reader_text(blocks)
    assert not empty_sections(blocks)
    assert "2009" not in text and "2014" not in text
    headings = re.findall(r"^#{2,3} (.+)$", "\n".join(t for k, t in blocks if k == "markdown"), flags=re.M)
    assert headings == ["The review: recommendations and answers"]
    assert "262" in text and "50.4%" in text  # the 2019 review's recommendations and share accepted
    assert metrics["metrics"]["recommendations_c3"]["value"] == 262


def test_essay_claims_table_is_escaped_and_stable(tmp_path_factory):
    nb, _ = executed("essay_figures", {}, tmp_path_factory)
    html_out = [t for k, t in reader_blocks(nb) if k == "html" and "Claim (paraphrased)" in t]
    assert len(html_out) == 1
    table = html_out[0]
    assert table.startswith('<div class="table-scroll">')
    assert "Hawk&#x27;s Hidden Gulag" in table  # every value HTML-escaped
    assert "id=" not in table  # no random Styler table id: builds are byte-identical
    assert "<th" in table and "Ref." in table and "¶1, endnote ii" in table
    assert "150,000 to 200,000" in table
