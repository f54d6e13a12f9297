"""Every fault of the build ends in a clear error, or in a correct site: never
in a site with silently wrong or stale outputs. Each test injects the fault
into a scratch copy of the sources (warm cache: only what changed executes),
into the symbolic-tensors page, whose copies execute fastest."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time

import pytest
from babel.messages.pofile import read_po, write_po

from conftest import LOCALES, ROOT, new_build, page_backends


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def output(result) -> str:
    return result.stdout + result.stderr


CRASH_REPORT = ("Extension error", "Please report", "please open an issue", "sphinx-err-")


def assert_one_clear_failure(result) -> str:
    """Exit status 2, and no Sphinx crash report (it tells the reader to
    report a Sphinx bug, which this is not)."""
    assert result.returncode == 2, output(result)
    text = output(result)
    for banner in CRASH_REPORT:
        assert banner not in text, banner
    return text


PAGE = "symbolic-tensors"
EXAMPLE = "symbolic_keras3.py"  # runs on every backend
LAST_PRINT = 'print("equals a @ b:", np.array_equal(values, a @ b))'


def test_unexpected_exception_names_page_backend_cell_and_error(warm_build, scratch_docs):
    edit(scratch_docs / "examples" / EXAMPLE, LAST_PRINT, f"{LAST_PRINT}\n1 / 0")
    text = assert_one_clear_failure(warm_build.run("en", check=False))
    assert f"{PAGE}.md" in text  # the page
    for backend in page_backends(PAGE):  # each backend it failed on
        assert f"on the {backend} backend failed" in text
    assert "1 / 0" in text and "product = keras.Function([x, y], xy)" in text  # the cell
    assert "ZeroDivisionError" in text and "Traceback" in text  # the error, with its traceback


def test_an_error_on_a_backend_that_declares_none_fails(warm_build, scratch_docs):
    """A section declared to raise on TensorFlow only, that raises on the
    other backends too: the build names the page, the cell and the backend."""
    edit(scratch_docs / "examples" / EXAMPLE, "# %% not-a-model (raises ValueError)",
         "# %% not-a-model (raises tensorflow: ValueError)")
    text = assert_one_clear_failure(warm_build.run("en", check=False))
    assert f"{PAGE}.md" in text and "keras.Model([x, y], xy).predict" in text  # page, cell
    assert "on the jax backend failed" in text and "ValueError" in text


def test_an_authoring_mistake_is_one_sentence(warm_build, scratch_docs):
    edit(scratch_docs / "docs" / "shared-layers.md", ":example: shared_weights.py#second-call",
         ":example: shared_weight.py#second-call")
    text = assert_one_clear_failure(warm_build.run("en", check=False))
    assert "shared-layers.md" in text and "no file" in text and "shared_weight.py" in text
    assert "Traceback" not in text


def test_an_example_without_backends_is_refused(warm_build, scratch_docs):
    edit(scratch_docs / "examples" / "shared_weights.py", "Backends: ", "Runs on: ")
    text = assert_one_clear_failure(warm_build.run("en", check=False))
    assert "shared_weights.py" in text and "Backends" in text
    assert "Traceback" not in text


def test_ctrl_c_during_execution_stops_cleanly(warm_build, scratch_docs):
    """Ctrl-C while pages execute: every kernel stops, one message, no
    traceback, and the cache holds only whole results (it reads back)."""
    import os
    import signal

    from jupyter_cache import get_cache

    edit(scratch_docs / "examples" / EXAMPLE, LAST_PRINT,
         f"{LAST_PRINT}\nimport time\ntime.sleep(3600)")
    command, env = warm_build.command("en")
    build = subprocess.Popen(command, env=env, cwd=scratch_docs, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines = []
    for line in build.stdout:  # wait until the pages execute
        lines.append(line)
        if line.startswith("executing "):
            break
    time.sleep(3)
    os.killpg(build.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
    start = time.monotonic()
    rest, _ = build.communicate(timeout=60)
    text = "".join(lines) + rest
    assert build.returncode == 130, text
    assert time.monotonic() - start < 10
    assert "Interrupted" in text
    for noise in ("Traceback", "ZMQError", "DeadKernelError", *CRASH_REPORT):
        assert noise not in text, noise
    time.sleep(1)
    kernels = [int(line.split()[0]) for line in
               (warm_build.out.parent / "kernels-en.log").read_text().splitlines()]
    for pid in kernels:
        assert not os.path.exists(f"/proc/{pid}") or \
            open(f"/proc/{pid}/stat").read().split()[2] == "Z", f"kernel {pid} still runs"
    cache = get_cache(str(warm_build.cache))
    for record in cache.list_cache_records():
        cache.get_cache_bundle(record.pk)  # every stored notebook reads back


def test_hung_cell_fails_after_the_timeout(warm_build, scratch_docs):
    edit(scratch_docs / "examples" / EXAMPLE, LAST_PRINT,
         f"{LAST_PRINT}\nimport time\ntime.sleep(3600)")
    start = time.monotonic()
    result = warm_build.run("en", check=False, env={"KERASDOCS_CELL_TIMEOUT": "5"})
    assert result.returncode != 0
    assert time.monotonic() - start < 300
    text = output(result)
    assert f"{PAGE}.md" in text
    assert "timed out" in text.lower()


def test_a_damaged_notebook_in_the_cache_is_found_before_the_build(site, tmp_path, capsys):
    """Every stored notebook is read before a build starts: one truncated file
    moves the whole cache aside (test_reproducible builds from a cache whose
    database is damaged, and every page copy runs again)."""
    import sitebuild

    cache = tmp_path / "cache"
    shutil.copytree(site.cache, cache)
    stored = sorted(cache.glob("executed/*/base.ipynb"))
    assert stored
    stored[0].write_text("{ truncated", encoding="utf-8")
    sitebuild.check_cache(cache)
    assert "could not be read" in capsys.readouterr().out
    assert not cache.exists() and list(tmp_path.glob("cache.unreadable-*"))


def test_a_damaged_jax_compilation_cache_changes_no_output(site, warm_build, scratch_docs):
    """Every entry of JAX's compilation cache cut short (as by a kernel killed
    while writing it): JAX compiles again, as without the cache, the JAX
    kernel's warning is not an output, and the page shows what it showed."""
    entries = list((warm_build.cache / "jax").glob("*-cache"))
    assert entries
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:40])
    edit(scratch_docs / "examples" / EXAMPLE, LAST_PRINT, f'{LAST_PRINT}\nprint("edited")')
    warm_build.run("en")
    assert warm_build.kernel_starts["en"] == len(page_backends(PAGE))
    before = site.executed(PAGE, "jax").cells
    after = warm_build.executed(PAGE, "jax").cells
    for old, new in zip(before, after, strict=True):
        if 'print("edited")' not in new.source:
            assert new.outputs == old.outputs, new.source


def test_strict_build_names_each_broken_reference(warm_build, scratch_docs):
    edit(scratch_docs / "docs" / "index.md",
         "Every term is listed",
         "See {ref}`no-such-label`, the {term}`no such term` and ![](no-such-picture.png).\n\n"
         "Every term is listed")
    result = warm_build.run("en", check=False)
    assert result.returncode != 0
    text = output(result)
    for name in ("no-such-label", "no such term", "no-such-picture.png"):
        assert name in text, name
    assert "index.md" in text


TRANSLATION_FAULTS = {
    "missing": lambda m: setattr(m, "string", ""),
    "fuzzy": lambda m: m.flags.add("fuzzy"),
    "broken role": lambda m: setattr(m, "string", m.string.replace("{term}`", "`", 1)),
}


@pytest.mark.parametrize("fault", TRANSLATION_FAULTS)
def test_bad_translation_fails_the_suite_naming_the_entry(scratch_docs, fault):
    """The translation tests, run on a copy with one bad Chinese entry, fail
    and quote that entry."""
    shutil.copytree(ROOT / "tests", scratch_docs / "tests",
                    ignore=shutil.ignore_patterns("__pycache__"))
    path = scratch_docs / LOCALES.relative_to(ROOT) / "shared-layers.po"
    with path.open("rb") as f:
        catalog = read_po(f)
    # an entry with a glossary link, quoted the same way by repr() and print()
    entry = next(m for m in catalog if "{term}`" in m.string and "\n" not in m.id
                 and not {"'", '"', "\\"} & set(m.id))
    TRANSLATION_FAULTS[fault](entry)
    with path.open("wb") as f:
        write_po(f, catalog, width=79)

    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/test_translations.py", "-k", "complete or markup"],
        cwd=scratch_docs, capture_output=True, text=True)
    assert result.returncode == 1, result.stdout + result.stderr  # tests failed (not an error)
    assert "shared-layers.po" in result.stdout
    assert entry.id in result.stdout


MALFORMED = {  # what a hand edit of a catalog can break, and what the build then says
    "unclosed quote": (lambda line: line[:-1], "is not closed"),
    "missing opening quote": (lambda line: line.replace('msgstr "', "msgstr ", 1),
                              "does not start with a double quote"),
    "bad escape": (lambda line: line[:-1] + '\\q"', "unknown escape \\q"),
}


@pytest.mark.parametrize("fault", MALFORMED)
def test_a_malformed_catalog_stops_the_chinese_build_naming_file_and_line(
        scratch_docs, tmp_path, fault):
    """Babel reads these without an error and ships the entry cut short (the
    glossary's heading, once); the build must stop before it starts, naming
    the file and the line, and leave the site as it was."""
    path = scratch_docs / LOCALES.relative_to(ROOT) / "glossary.po"
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines, 1)
                  if line.startswith('msgstr "') and len(line) > len('msgstr ""'))
    change, said = MALFORMED[fault]
    lines[number - 1] = change(lines[number - 1])
    path.write_text("\n".join(lines), encoding="utf-8")

    build = new_build(tmp_path / "out", root=scratch_docs)  # it stops before any cache is read
    text = assert_one_clear_failure(build.run("zh_CN", check=False))
    assert f"docs/locales/zh_CN/LC_MESSAGES/glossary.po:{number}:" in text
    assert said in text
    assert "The site is built" not in text
    assert not list(build.out.rglob("*.html"))  # stopped before writing a page
