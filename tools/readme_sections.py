"""Regenerate the README sections that describe code: the datasets and the notebooks.

The README's dataset table and notebook/parameter tables are written from the dataset registry
and the notebooks' parameter models (``cohen_analysis.parameters``), which also write each
notebook's ``parameters`` cell, between ``<!-- BEGIN x -->`` / ``<!-- END x -->`` markers.
``tests/test_docs.py`` fails when the README is out of date; run ``make docs`` to update it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def datasets_section() -> str:
    from cohen_analysis import registry

    lines = []
    for name in registry.datasets():
        ds = registry.get(name)
        sources = sorted({o.citation_short for o in registry.origin(name)})
        cols = ", ".join(f"`{c}`" for c in ds.columns)
        raw = ", ".join(f"`data/raw/{r}`" for r in ds.raw)
        lines.append(f"- **`{name}`**: {ds.description}  \n  Columns: {cols}.  \n  Raw: {raw}. Sources: {'; '.join(sources)}.")
    return "\n".join(lines)


def notebook_parameters(path: Path) -> list[tuple[str, str, str, str]]:
    """``(name, type, default, meaning)`` of a notebook's parameters, from its parameter model."""
    from cohen_analysis.parameters import describe

    return describe(path.stem)


def notebooks_section() -> str:
    lines = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        title = next((c.source.splitlines()[0].lstrip("# ") for c in nb.cells if c.cell_type == "markdown"), path.stem)
        lines.append(f"### `notebooks/{path.name}`: {title}\n")
        lines.append(
            f"Parameter sets: one YAML file each in `params/{path.stem}/` (`default.yaml` holds the defaults below); "
            "a file elsewhere runs as a draft.\n"
        )
        lines.append("| parameter | type | default | meaning |\n|---|---|---|---|")
        for name, type_, default, comment in notebook_parameters(path):
            lines.append(f"| `{name}` | `{type_}` | `{default}` | {comment} |")
        lines.append("")
    return "\n".join(lines).rstrip()


def parameters_cells(write: bool) -> list[str]:
    """Notebooks whose ``parameters`` cell differs from their model's (rewritten when ``write``)."""
    from cohen_analysis.parameters import parameters_cell

    stale = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        wanted = parameters_cell(path.stem)
        if cell.source != wanted:
            stale.append(path.name)
            if write:
                cell.source = wanted
                nbformat.write(nb, path)
    return stale


def render(text: str) -> str:
    for key, body in (("datasets", datasets_section()), ("notebooks", notebooks_section())):
        pattern = re.compile(rf"(<!-- BEGIN {key} -->\n).*?(<!-- END {key} -->)", re.S)
        if not pattern.search(text):
            raise SystemExit(f"README.md lacks the {key} markers")
        text = pattern.sub(lambda m: m.group(1) + body + "\n" + m.group(2), text)
    return text


if __name__ == "__main__":
    current = README.read_text(encoding="utf-8")
    new = render(current)
    if "--check" in sys.argv:
        stale = parameters_cells(write=False)
        if stale:
            print(f"parameters cells differ from their models: {', '.join(stale)}", file=sys.stderr)
        sys.exit(0 if new == current and not stale else 1)
    rewritten = parameters_cells(write=True)
    README.write_text(new, encoding="utf-8")
    print("README.md sections updated" if new != current else "README.md already up to date")
    if rewritten:
        print(f"parameters cells rewritten from their models: {', '.join(rewritten)}")
