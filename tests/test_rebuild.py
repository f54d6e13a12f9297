"""Rebuilds execute exactly what changed: nothing for prose, the loading page
for an edited example (myst-nb does not track `:example:` files by itself;
docs/_ext/kerasdocs.py registers them)."""

from __future__ import annotations

from conftest import EXAMPLES, example_sections, kerasdocs


def test_rebuilds_execute_only_what_changed(warm_build, scratch_docs):
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

    example = scratch_docs / "examples" / "shared_weights.py"
    example.write_text(example.read_text(encoding="utf-8").replace(
        'print("same variable objects:", after_first == after_second)',
        'print("same variable objects:", after_first == after_second)\n'
        'print("an edited example")'), encoding="utf-8")
    build.run("en")  # the page again, on each backend the example runs on
    assert build.kernel_starts["en"] == \
        len(example_sections.read_header(EXAMPLES / "shared_weights.py").backends)
    assert "an edited example" in build.html("en", "shared-layers")

    build.run("zh_CN")  # the other language picks up the new output from the cache
    assert build.kernel_starts["zh_CN"] == 0
    assert "an edited example" in build.html("zh_CN", "shared-layers")


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


def test_the_environment_stamp_names_every_installed_version():
    """jupyter-cache keys outputs on code only; the installed versions are
    stamped into every page's hidden first cell, so new versions mean new
    outputs instead of stale ones (test_reproducible builds with one faked)."""
    import importlib.metadata

    stamp = kerasdocs.environment_stamp()
    for name in ("tensorflow", "tf-keras", "keras", "numpy", "jax", "torch"):
        assert f"{name} {importlib.metadata.version(name)}" in stamp
