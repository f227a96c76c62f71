"""Regenerate the README sections that describe code: the datasets and the notebooks.

The README's dataset table and notebook/parameter list are written from the dataset registry
and the notebooks' parameters cells, between ``<!-- BEGIN x -->`` / ``<!-- END x -->`` markers.
``tests/test_docs.py`` fails when the README is out of date; run ``make docs`` to update it.
"""

from __future__ import annotations

import ast
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


def notebook_parameters(path: Path) -> list[tuple[str, str, str]]:
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    out = []
    for line in cell.source.splitlines():
        m = re.match(r"^(\w+)\s*=\s*(.+?)\s*(?:#\s*(.*))?$", line)
        if m:
            ast.literal_eval(m.group(2))
            out.append((m.group(1), m.group(2), m.group(3) or ""))
    return out


def notebooks_section() -> str:
    lines = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        title = next((c.source.splitlines()[0].lstrip("# ") for c in nb.cells if c.cell_type == "markdown"), path.stem)
        sets = sorted(p.stem for p in (ROOT / "params" / path.stem).glob("*.yaml"))
        lines.append(f"### `notebooks/{path.name}`: {title}\n")
        lines.append(f"Parameter sets: {', '.join(f'`params/{path.stem}/{s}.yaml`' for s in sets) or 'none'}.\n")
        lines.append("| parameter | default | meaning |\n|---|---|---|")
        for name, default, comment in notebook_parameters(path):
            lines.append(f"| `{name}` | `{default}` | {comment} |")
        lines.append("")
    return "\n".join(lines).rstrip()


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
        sys.exit(0 if new == current else 1)
    README.write_text(new, encoding="utf-8")
    print("README.md sections updated" if new != current else "README.md already up to date")
