"""An executed notebook as a report page of the site (nbconvert with the ``cohen_report`` template).

The page's chrome (stylesheet link, site header, contents, footer, the download line under each
chart) comes from the nbconvert template ``templates/cohen_report/index.html.j2``; nothing
rewrites the generated HTML afterwards. What the template needs is prepared on the notebook
before rendering, by preprocessors:

- nbconvert's ``TagRemovePreprocessor`` drops cells tagged ``reader-hidden`` (checks nbval runs)
  and the inputs of every cell (code is never shown);
- :class:`ReaderPreprocessor` puts the Markdown headings in order (one ``h1``, the first; no level
  skipped), collects the contents list, and gives DataFrame tables header scopes (``scope="col"``
  / ``"row"``, empty corner cells as ``td``), working on the parsed table, not on text; it also
  removes scripts and event handlers from HTML outputs (values are escaped where they are
  rendered; this is the second line of defence).

Charts shown with :meth:`cohen_analysis.notebook.Notebook.show` carry their slug in the output's
metadata (``cohen_chart``); the template links ``<slug>.png``, ``.svg`` and ``.csv`` from the
report's figures folder (``figures_href``) under the image.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree

from .io import atomic_write_text

TEMPLATES_DIR = Path(__file__).with_name("templates")
#: Cells with this tag never reach the HTML report (checks for nbval, internal tables).
HIDDEN_TAG = "reader-hidden"

_FENCE = re.compile(r"^\s*(```|~~~)")
_ATX = re.compile(r"^(#{1,6})(\s+)(.*?)\s*#*\s*$")


def _heading_id(level: int, text: str) -> tuple[str, str]:
    """The id nbconvert gives a Markdown heading, and its plain text (as rendered)."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    rendered = markdown2html_mistune(f"{'#' * level} {text}")
    try:
        element = ElementTree.fromstring(rendered)
    except ElementTree.ParseError:
        return "", text
    plain = "".join(t for t in element.itertext()).replace("¶", "").strip()
    return element.get("id") or "", plain


def normalise_headings(sources: list[str]) -> tuple[list[str], list[dict], int | None]:
    """Headings of Markdown cell sources put in order; returns (sources, contents, title cell index).

    The first heading becomes the page's one ``h1``; a later ``h1`` becomes ``h2``; no level is
    skipped going down. ``contents`` lists the ``h2``/``h3`` headings as ``{level, id, text}``.
    """
    prev, seen_h1, title_cell = 0, False, None
    contents: list[dict] = []
    out = []
    for index, source in enumerate(sources):
        lines, fenced = [], False
        for line in source.split("\n"):
            if _FENCE.match(line):
                fenced = not fenced
            m = None if fenced else _ATX.match(line)
            if m:
                level = len(m.group(1))
                if not seen_h1:
                    level, seen_h1, title_cell = 1, True, index
                elif level == 1:
                    level = 2
                if prev:
                    level = min(level, prev + 1)
                prev = level
                text = m.group(3)
                line = f"{'#' * level} {text}"
                if level in (2, 3):
                    ident, plain = _heading_id(level, text)
                    if ident and plain:
                        contents.append({"level": level, "id": ident, "text": plain})
            lines.append(line)
        out.append("\n".join(lines))
    return out, contents, title_cell


def nest_contents(contents: list[dict]) -> list[dict]:
    """``h3`` entries under the preceding ``h2`` (``children``); a leading ``h3`` stands alone."""
    out: list[dict] = []
    for entry in contents:
        item = dict(entry, children=[])
        if entry["level"] == 3 and out:
            out[-1]["children"].append(item)
        else:
            out.append(item)
    return out


_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "srcdoc"}


def _defuse(soup) -> None:
    """No scripts in an output: ``script`` elements, ``on*`` handlers and ``javascript:`` URLs go.

    Defence in depth: values are escaped where they are rendered; this keeps a value that was not
    (a table styled without escaping) from running in the reader's browser.
    """
    for element in soup.find_all(["script", "iframe", "object", "embed"]):
        element.decompose()
    for element in soup.find_all(True):
        for name in list(element.attrs):
            value = element.attrs[name]
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on") or (
                name.lower() in _URL_ATTRS and "".join(text.split()).lower().startswith(("javascript:", "vbscript:", "data:text/html"))
            ):
                del element.attrs[name]


def accessible_table_html(fragment: str) -> str:
    """An HTML output (DataFrame / Styler) with header scopes, no empty header cells or borders, no scripts."""
    from bs4 import BeautifulSoup

    if "<" not in fragment:
        return fragment
    soup = BeautifulSoup(fragment, "html.parser")
    _defuse(soup)
    for table in soup.find_all("table"):
        table.attrs.pop("border", None)
        for th in table.find_all("th"):
            if not th.get_text().replace("\xa0", "").strip():
                th.name = "td"
                th.attrs.pop("scope", None)
                continue
            if "scope" not in th.attrs:
                th["scope"] = "col" if th.find_parent("thead") is not None else "row"
    return str(soup)


def _make_preprocessor():
    from nbconvert.preprocessors import Preprocessor

    class ReaderPreprocessor(Preprocessor):
        """Headings in order, the contents list, accessible tables (see the module docstring)."""

        def preprocess(self, nb, resources):
            # Markdown in document order: Markdown cells and the Markdown that code cells display
            # (prose generated for the run), so that generated sections reach the contents too.
            parts: list[tuple[object, object]] = []  # (cell, output or None)
            for cell in nb.cells:
                if cell.cell_type == "markdown":
                    parts.append((cell, None))
                for output in cell.get("outputs", []):
                    if isinstance((output.get("data") or {}).get("text/markdown"), (str, list)):
                        parts.append((cell, output))
            texts = []
            for cell, output in parts:
                text = cell.source if output is None else output["data"]["text/markdown"]
                texts.append("".join(text) if isinstance(text, list) else text)
            sources, contents, title = normalise_headings(texts)
            for (cell, output), source in zip(parts, sources):
                if output is None:
                    cell.source = source
                else:
                    output["data"]["text/markdown"] = source
            if title is not None:
                parts[title][0].metadata["cohen_contents_after"] = True
            resources.setdefault("cohen", {})["contents"] = nest_contents(contents)
            resources["cohen"]["has_title"] = title is not None
            tables = 0
            for cell in nb.cells:
                for output in cell.get("outputs", []):
                    data = output.get("data") or {}
                    if "text/html" in data:
                        html = data["text/html"]
                        html = "".join(html) if isinstance(html, list) else html
                        data["text/html"] = accessible_table_html(html)
                        tables += 1  # each scrolling region gets its own name (axe: landmark-unique)
                        output.setdefault("metadata", {})["cohen_table_number"] = tables
            return nb, resources

    return ReaderPreprocessor


@lru_cache(maxsize=None)
def exporter():
    """The configured ``HTMLExporter`` (template ``cohen_report``, code hidden, hidden cells dropped).

    One per process: its template environment is compiled once and serves every report.
    """
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.remove_cell_tags = {HIDDEN_TAG}
    config.TagRemovePreprocessor.enabled = True
    exp = HTMLExporter(
        config=config,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        extra_template_paths=[str(TEMPLATES_DIR)],
        template_name="cohen_report",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exp.register_preprocessor(TagRemovePreprocessor(config=config), enabled=True)
    exp.register_preprocessor(_make_preprocessor(), enabled=True)
    return exp


def render(nb, *, title: str, depth: int = 2, figures_href: str | None = None) -> str:
    """The report page of executed notebook ``nb`` (an ``nbformat`` node).

    ``depth``: how many folders below ``reports/`` the page sits (``reports/<nb>/<set>/``: 2).
    ``figures_href``: the report's figures folder relative to the page (for the download links);
    ``None`` shows charts without download links.
    """
    from .site import ESSAY_TITLE, SITE_NAME

    nb.metadata["title"] = title
    resources = {
        "cohen": {
            "up": "../" * depth,
            "figures_href": figures_href,
            "site_name": SITE_NAME,
            "essay_title": ESSAY_TITLE,
        }
    }
    body, _ = exporter().from_notebook_node(nb, resources=resources)
    return body


def warm() -> None:
    """Load nbconvert and compile the template and the Markdown parser by rendering a small notebook.

    A report's run calls it in the background while the kernel executes the notebook, so the
    export that follows does not wait for either (see ``build.warm_export``).
    """
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    table = "<table><thead><tr><th>a</th></tr></thead><tbody><tr><th>1</th><td>2</td></tr></tbody></table>"
    nb = new_notebook(cells=[
        new_markdown_cell("# A title\n\nSome *text* with a [link](page.html).\n\n## A section"),
        new_code_cell("", outputs=[
            new_output("display_data", data={"text/markdown": "### Sub-section\n\n- a **list**", "text/plain": ""}),
            new_output("display_data", data={"text/html": table, "text/plain": ""}),
            new_output("stream", name="stdout", text="text\n"),
        ]),
    ])
    render(nb, title="warm-up")


def export(nb_path: Path, html_path: Path, *, title: str, depth: int = 2, figures_href: str | None = None) -> None:
    """Write the report page of the executed notebook at ``nb_path`` to ``html_path``."""
    import nbformat

    nb = nbformat.read(nb_path, as_version=4)
    atomic_write_text(html_path, render(nb, title=title, depth=depth, figures_href=figures_href))
