"""Rebuilds execute exactly what changed: nothing for prose, the loading page
for an edited example (myst-nb does not track `:example:` files by itself;
docs/_ext/kerasdocs.py registers them)."""

from __future__ import annotations

import hashlib

import nbformat

from conftest import (
    DOCS,
    EXAMPLES,
    example_sections,
    executed_docs,
    kerasdocs,
    page_backends,
    shown_text,
)


def test_rebuilds_execute_only_what_changed(site, warm_build, scratch_docs):
    """...and the session's builds fork their kernels from preloaded processes
    that outlive each build, as in `nox -s serve` (conftest's `zygotes`)."""
    build = warm_build
    build.run("en")  # the cache is keyed on the code, not on where the page lives
    assert build.kernel_starts["en"] == 0

    build.run("en")  # nothing changed
    assert build.kernel_starts["en"] == 0

    page = scratch_docs / "docs" / "shared-layers.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "Now the proof that calling a layer again creates nothing new.",
        "Now the proof, in an edited sentence, that calling a layer again creates nothing new."),
        encoding="utf-8")
    build.run("en")  # prose only: re-read, not re-executed
    assert build.kernel_starts["en"] == 0
    assert "in an edited sentence" in build.html("en", "shared-layers")

    compiled = {p.name for p in (build.cache / "jax").iterdir()}
    assert compiled  # what the session's JAX kernels compiled, copied with the cache

    # an example that runs on every backend: its page again, on each of them
    # (the symbolic-tensors page: its copies execute fastest)
    last = 'print("equals a @ b:", np.array_equal(values, a @ b))'
    edit(scratch_docs / "examples" / "symbolic_keras3.py", last,
         f'{last}\nprint("an edited example")')
    build.run("en")
    assert build.kernel_starts["en"] == \
        len(example_sections.read_header(EXAMPLES / "symbolic_keras3.py").backends) == 3
    assert "an edited example" in build.html("en", "symbolic-tensors")
    # ...where only that example's cells ran: the other examples' outputs come
    # from the cache, and the edited example, run without them, printed what
    # it printed in the run of the whole page, and the new line
    for backend in page_backends("symbolic-tensors"):
        assert build.copy_record("symbolic-tensors", backend).data["executed"] == \
            ["symbolic_keras3.py"]
        before = site.executed("symbolic-tensors", backend).cells
        after = build.executed("symbolic-tensors", backend).cells
        for old, new in zip(before, after, strict=True):
            assert new.execution_count == old.execution_count
            if 'print("an edited example")' in new.source:
                assert shown_text(new) == shown_text(old) + "an edited example\n"
            else:
                assert new.outputs == old.outputs, (backend, new.source)
    earlier = kernel_parents(build)
    assert len(earlier) == 3  # a zygote per backend
    # The JAX kernel compiled nothing: it found all it needed in the copy of the
    # session's JAX cache, whose keys do not depend on its folder (kernel_setup.py).
    assert {p.name for p in (build.cache / "jax").iterdir()} == compiled

    build.run("zh_CN")  # the other language picks up the new output from the cache
    assert build.kernel_starts["zh_CN"] == 0
    assert "an edited example" in build.html("zh_CN", "symbolic-tensors")

    # a Keras 2 example, which runs on TensorFlow only: only that copy runs again
    edit(scratch_docs / "examples" / "symbolic_keras2.py", "# %% today\n",
         '# %% today\nprint("an edited Keras 2 example")\n')
    build.run("en")
    assert build.kernel_starts["en"] == 1
    assert "an edited Keras 2 example" in build.html("en", "symbolic-tensors")
    # forked by the process that forked the TensorFlow kernel of the build before
    assert kernel_parents(build) < earlier


def kernel_parents(build) -> set[int]:
    """The processes that started the kernels of the last English build."""
    log = build.out.parent / "kernels-en.log"
    return {int(line.split()[1]) for line in log.read_text().splitlines()}


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_interface_translation_change_rewrites_every_page(warm_build, scratch_docs):
    """sphinx.po (interface strings) is no page's dependency; the extension
    makes a change to it rewrite every page, so none keeps the old label."""
    build = warm_build
    build.run("zh_CN")
    assert "下一页" in build.html("zh_CN", "index")
    catalog = scratch_docs / "docs" / "locales" / "zh_CN" / "LC_MESSAGES" / "sphinx.po"
    text = catalog.read_text(encoding="utf-8")
    assert 'msgstr "下一页"' in text
    catalog.write_text(text.replace('msgstr "下一页"', 'msgstr "后一页"'), encoding="utf-8")
    build.run("zh_CN")
    assert build.kernel_starts["zh_CN"] == 0
    for page in ("index", "shared-layers"):
        assert "后一页" in build.html("zh_CN", page)


def test_an_upgrade_changes_every_cache_key(site, monkeypatch):
    """jupyter-cache keys outputs on code only. The installed versions are
    stamped into the hidden first cell of every page and of every backend's
    copy of it, so an upgrade changes every key: new outputs, never stale ones."""
    import importlib.metadata

    from jupyter_cache import get_cache

    stamp = kerasdocs.environment_stamp()
    for name in ("tensorflow", "tf-keras", "keras", "numpy", "jax", "torch"):
        assert f"{name} {importlib.metadata.version(name)}" in stamp
    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version",
                        lambda dist: "9.9.9" if dist == "numpy" else real(dist))
    assert kerasdocs.environment_stamp() != stamp  # what an upgrade does to the stamp
    cache = get_cache(str(site.cache))
    records = cache.list_cache_records()
    assert len(records) == sum(len(page_backends(p)) + 1 for p in executed_docs())
    for record in records:  # every page, every copy: its first cell carries the stamp
        setup = cache.get_cache_bundle(record.pk).nb.cells[0].source
        assert stamp in setup.splitlines(), record.uri


def test_an_example_is_keyed_on_the_modules_it_imports(tmp_path):
    """An edit of a module an example imports executes that example again
    (its key changes), and an edit of a module that no page shows
    (layer_graph.py) executes the pages whose examples import it."""
    from execution import prepare_source, setup_cell, variants

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("# set-up", metadata={"tags": [setup_cell.SETUP_TAG]}),
        nbformat.v4.new_code_cell("import helper", metadata={"example": "user.py#a"}),
        nbformat.v4.new_code_cell("glue('n', 1)"),
        nbformat.v4.new_code_cell("print(2)", metadata={"example": "other.py#b"}),
    ])
    units = variants.example_units(nb)
    assert units == {"user.py": [1, 2], "other.py": [3]}  # a glue cell goes with the example above
    helper = tmp_path / "helper.py"
    helper.write_text("X = 1\n")
    before = variants.unit_key(nb, units["user.py"], [helper])
    helper.write_text("X = 2\n")
    assert variants.unit_key(nb, units["user.py"], [helper]) != before
    other = variants.unit_key(nb, units["other.py"], [])
    nb.cells[1].source += "\nprint(1)"  # another example's code: not this one's key
    assert variants.unit_key(nb, units["other.py"], []) == other

    page = DOCS / "shared-layers.md"
    text, files = prepare_source("shared-layers", page.read_text(encoding="utf-8"))
    assert EXAMPLES / "layer_graph.py" in files  # Sphinx reads the page again after an edit
    digest = hashlib.sha256((EXAMPLES / "layer_graph.py").read_bytes()).hexdigest()[:16]
    assert f"# layer_graph.py {digest}\n" in text  # ...and its copies' keys change
    nb, plans = notebook_and_plans("shared-layers", text)
    copy = variants.backend_copy(nb, "jax", plans)
    assert f"# layer_graph.py {digest}" in copy.cells[0].source.splitlines()


def notebook_and_plans(docname: str, text: str):
    from myst_nb.core.read import read_myst_markdown_notebook

    from execution import backends

    nb = read_myst_markdown_notebook(text)
    return nb, backends.plan_cells(docname, nb)
