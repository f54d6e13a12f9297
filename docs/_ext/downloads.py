"""What a page offers to download: its notebook and its example scripts, in
the page's language.

The notebook is made for Jupyter, not for the site's build. It is written
from the page as the reader sees it (its doctree: translated, references
resolved, glued numbers filled in), turned into plain Markdown that Jupyter
renders: no MyST roles or directives (a glossary term becomes a link to the
site where its address is known, bold text otherwise; an admonition becomes a
quoted block), the code cells the page shows with the comments in the
page's language, their outputs from the build's run (each cell's first
backend, as the page shows first), and no build machinery: one short note
says which versions and backend produced the outputs. Nothing runs again.

The scripts are the example files, their comments in the page's language.
"""

from __future__ import annotations

from pathlib import Path

import code_comments
import nbformat
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

import example_sections
import i18n
from execution import EXAMPLES

DOWNLOADS = "_downloads/kerasdocs"  # in each language's output folder

# Build-time strings of the notebook, translated through sphinx.po
# (`nox -s translations` extracts them: tools/sitebuild.py).
NOTEBOOK_MESSAGES = (
    "This notebook is the page %(title)s of the site “Keras, run and explained”. "
    "Its outputs are those of the site's build, run on %(backend)s with %(versions)s; "
    "the page shows where the other backends differ.",
    "Run the cells in order: each one uses what the cells before it defined.",
    "The code imports %(modules)s: save the page's example scripts of those names "
    "in this notebook's folder.",
    ", ",  # between the items of a list in these notes (Chinese: 、)
)


def executed_pages(app: Sphinx) -> list[str]:
    return sorted(d for d in app.env.found_docs if app.env.metadata[d].get("kernelspec"))


def page_examples(doctree: nodes.document) -> list[str]:
    """The example files a page shows, in order, then the helpers they import."""
    files: list[str] = []
    for cell in doctree.findall(nodes.container):
        origin = cell.get("cell_metadata", {}).get("example")
        if origin and (name := origin.partition("#")[0]) not in files:
            files.append(name)
    for name in list(files):
        for helper in example_sections.local_imports(EXAMPLES / name):
            if helper.name not in files:
                files.append(helper.name)
    return files


def executed_notebook(app: Sphinx, pagename: str) -> nbformat.NotebookNode:
    """The page as a notebook with the outputs of its run, from the
    jupyter-cache: the copy myst-nb wrote to jupyter_execute/ has no outputs
    when the page came from the cache, as every page of the Chinese build does."""
    from jupyter_cache import get_cache

    cache = get_cache(app.env.mystnb_config.execution_cache_path)
    written = Path(app.env.mystnb_config.output_folder, f"{pagename}.ipynb")
    try:
        _, notebook = cache.merge_match_into_notebook(nbformat.read(written, as_version=4))
    except (OSError, KeyError) as error:
        raise ExtensionError(f"{pagename}: no executed notebook to offer ({error})") from error
    return notebook


# -- the page as Markdown ------------------------------------------------------------


class Markdown:
    """A page's doctree as notebook cells: Markdown between its code cells."""

    def __init__(self, site_url: str, pagename: str):
        self.site_url = site_url  # the language's site, ending in "/", or ""
        self.pagename = pagename
        self.cells: list[tuple[str, object]] = []  # ("markdown", text) | ("code", node)
        self.text: list[str] = []

    # blocks
    def flush(self) -> None:
        text = "\n\n".join(t for t in self.text if t.strip()).strip()
        if text:
            self.cells.append(("markdown", text))
        self.text = []

    def document(self, doctree: nodes.document) -> list[tuple[str, object]]:
        for child in doctree.children:
            self.block(child, 1)
        self.flush()
        return self.cells

    def block(self, node: nodes.Node, depth: int) -> None:
        if isinstance(node, nodes.container) and node.get("nb_element") == "cell_code":
            self.flush()
            self.cells.append(("code", node))
        elif isinstance(node, nodes.section):
            for child in node.children:
                self.block(child, depth + 1 if not isinstance(child, nodes.title) else depth)
        elif isinstance(node, nodes.title):
            self.text.append("#" * min(depth, 6) + " " + self.inline(node))
        elif isinstance(node, (nodes.target, nodes.comment, nodes.substitution_definition,
                               addnodes.index, nodes.raw, addnodes.toctree)):
            return
        elif isinstance(node, (nodes.paragraph, nodes.rubric)):
            self.text.append(self.inline(node))
        elif isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
            self.text.append(self.listing(node, ""))
        elif isinstance(node, nodes.Admonition):
            self.text.append(self.quoted(node))
        elif isinstance(node, nodes.table):
            self.text.append(self.table(node))
        elif isinstance(node, nodes.literal_block):
            self.text.append(f"```{node.get('language', '')}\n{node.astext()}\n```")
        elif isinstance(node, nodes.block_quote):
            self.text.append(self.quoted(node))
        elif isinstance(node, nodes.definition_list):
            for item in node.children:
                term = self.inline(next(item.findall(nodes.term)))
                body = " ".join(self.inline(p) for p in item.findall(nodes.paragraph))
                self.text.append(f"**{term}**: {body}")
        elif isinstance(node, nodes.Element):  # a container, a compound, a topic...
            for child in node.children:
                self.block(child, depth)

    def quoted(self, node: nodes.Element) -> str:
        """An admonition or a quotation as a Markdown quote, its title in bold."""
        inner = Markdown(self.site_url, self.pagename)
        title = ""
        for child in node.children:
            if isinstance(child, nodes.title):
                title = f"**{self.inline(child)}**"
            else:
                inner.block(child, 6)
        body = "\n\n".join(t for t in [title, *inner.text] if t.strip())
        return "\n".join(f"> {line}" if line else ">" for line in body.splitlines())

    def listing(self, node: nodes.Element, indent: str) -> str:
        lines = []
        for number, item in enumerate(node.children, 1):
            mark = f"{number}. " if isinstance(node, nodes.enumerated_list) else "- "
            parts = []
            for child in item.children:
                if isinstance(child, (nodes.bullet_list, nodes.enumerated_list)):
                    parts.append(self.listing(child, indent + " " * len(mark)))
                else:
                    parts.append(self.inline(child))
            first, *rest = parts or [""]
            lines.append(f"{indent}{mark}{first}")
            lines.extend(rest)
        return "\n".join(lines)

    def table(self, node: nodes.table) -> str:
        rows = []
        for row in node.findall(nodes.row):
            cells = [" ".join(self.inline(p) for p in entry.findall(nodes.paragraph))
                     .replace("|", "\\|") for entry in row.findall(nodes.entry)]
            rows.append("| " + " | ".join(cells) + " |")
        if rows:
            rows.insert(1, "|" + " --- |" * rows[0].count(" | ") + " --- |")
        return "\n".join(rows)

    # inline
    def inline(self, node: nodes.Node) -> str:
        if isinstance(node, nodes.Text):
            return str(node).replace("\n", " ")
        if isinstance(node, (nodes.raw, addnodes.index, nodes.target, nodes.system_message)):
            return ""
        if isinstance(node, nodes.literal):
            text = node.astext()
            return f"`` {text} ``" if "`" in text else f"`{text}`"
        inner = "".join(self.inline(c) for c in node.children)
        if isinstance(node, nodes.emphasis):
            return emphasised(inner, "*", "em")
        if isinstance(node, nodes.strong):
            return emphasised(inner, "**", "strong")
        if isinstance(node, nodes.subscript):
            return f"<sub>{inner}</sub>"
        if isinstance(node, nodes.superscript):
            return f"<sup>{inner}</sup>"
        if isinstance(node, nodes.math):
            return f"${node.astext()}$"
        if isinstance(node, nodes.reference):
            url = self.url(node)
            # a term without the site's address: bold, as an HTML tag (two terms
            # side by side, 输入层 then 层, would make "****" in Markdown)
            return f"[{inner}]({url})" if url else f"<strong>{inner}</strong>"
        return inner

    def url(self, node: nodes.reference) -> str:
        """An address the reader can open from the notebook: outside links as
        they are; the site's pages only where the site's address is known."""
        if "refuri" in node and "://" in node["refuri"]:
            return node["refuri"]
        if not self.site_url:
            return ""
        target = node.get("refuri") or f"{self.pagename}.html#{node.get('refid', '')}"
        if target.startswith("#"):
            target = f"{self.pagename}.html{target}"
        return self.site_url + target


def emphasised(inner: str, mark: str, tag: str) -> str:
    """Markdown emphasis, or the HTML tag where CommonMark would not see it:
    `**输入层（Input）**是` does not close after a closing bracket followed by
    a letter, so such text is written <strong>输入层（Input）</strong>."""
    import unicodedata

    if inner and {unicodedata.category(inner[0])[0], unicodedata.category(inner[-1])[0]} & {"P"}:
        return f"<{tag}>{inner}</{tag}>"
    return f"{mark}{inner}{mark}"


def reader_notebook(app: Sphinx, pagename: str, doctree: nodes.document,
                    versions: dict[str, str], gettext) -> nbformat.NotebookNode:
    """The page as a notebook a reader opens in Jupyter (module docstring)."""
    executed = executed_notebook(app, pagename)
    site_url = app.config.html_baseurl.rstrip("/") + "/" if app.config.html_baseurl else ""
    cells = []
    title = next(doctree.findall(nodes.title)).astext()
    translate = app.translator.gettext
    backend = example_sections.BACKENDS["tensorflow"]
    comma = translate(NOTEBOOK_MESSAGES[3])
    note = translate(NOTEBOOK_MESSAGES[0]) % {
        "title": f"“{title}”", "backend": backend,
        "versions": comma.join(f"{name} {version}" for name, version in versions.items())}
    for kind, content in Markdown(site_url, pagename).document(doctree):
        if kind == "markdown":
            cells.append(nbformat.v4.new_markdown_cell(content))
            continue
        ran = executed.cells[content["cell_index"]]
        origin = ran.metadata.get("example")
        if not origin:
            raise ExtensionError(f"{pagename}: a shown code cell is not an example's")
        source = code_comments.translate(ran.source, gettext) if gettext else ran.source
        cell = nbformat.v4.new_code_cell(source, outputs=ran.outputs,
                                         execution_count=ran.get("execution_count"))
        cell.metadata = {"example": origin}
        tags = ran.metadata.get("tags", [])
        if "raises-exception" in tags:  # Jupyter (and nbclient) go on past it
            cell.metadata["tags"] = ["raises-exception"]
        cells.append(cell)
    notes = [note, translate(NOTEBOOK_MESSAGES[1])]
    modules = list(dict.fromkeys(
        module.name for c in cells if c.cell_type == "code"
        for module in example_sections.imported_modules(c.source, EXAMPLES)))
    if modules:
        notes.append(translate(NOTEBOOK_MESSAGES[2]) % {"modules": comma.join(modules)})
    cells.insert(0, nbformat.v4.new_markdown_cell("\n>\n".join(f"> {n}" for n in notes)))
    for index, cell in enumerate(cells):  # nbformat makes up random ids
        cell.id = f"cell-{index}"
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata = {"kernelspec": executed.metadata.get("kernelspec", {}),
                         "language_info": {"name": "python"}}
    nbformat.validate(notebook)
    return notebook


def page_downloads(app: Sphinx, pagename: str, doctree,
                   versions: dict[str, str] | None) -> list[dict[str, str]]:
    """Write the page's notebook and its example scripts into the output
    (nothing runs again) and return links to them."""
    if doctree is None or pagename not in executed_pages(app):
        return []
    target = Path(app.outdir, DOWNLOADS)
    target.mkdir(parents=True, exist_ok=True)
    gettext = i18n.page_gettext(app, pagename)
    notebook = reader_notebook(app, pagename, doctree, versions or {}, gettext)
    nbformat.write(notebook, target / f"{pagename}.ipynb")
    links = [{"kind": "notebook", "file": f"{pagename}.ipynb"}]
    for name in page_examples(doctree):
        code = (EXAMPLES / name).read_text(encoding="utf-8")
        shown = code_comments.translate(code, gettext) if gettext else code
        (target / name).write_bytes(shown.encode("utf-8"))
        links.append({"kind": "script", "file": name})
    for link in links:
        link["path"] = f"{DOWNLOADS}/{link['file']}"  # the template makes it relative
    return links
