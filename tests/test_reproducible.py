"""Two builds that execute every page give the same site, byte for byte, in
both languages and on every backend: seeded examples, and no timings,
addresses or paths in any output. The second build executes everything because
its cache cannot be read (so a damaged cache is moved aside and rebuilt). The
only date in the site follows SOURCE_DATE_EPOCH. And a page executed in
kernels started from scratch (KERASDOCS_ZYGOTE=0) prints what kernels forked
from a preloaded process (docs/_ext/execution/zygote.py) print."""

from __future__ import annotations

import calendar
import shutil
import time

from conftest import executed_docs, new_build, page_backends


def files(root):
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


def test_two_builds_are_identical(site, zygotes, tmp_path):
    """A second build, from a copy of the session's cache whose database is
    damaged: the build says so, moves it aside (nothing deleted) and executes
    every page copy again; the site comes out the same."""
    again = new_build(tmp_path)
    shutil.copytree(site.cache, again.cache)
    (again.cache / "global.db").write_bytes(b"not a database" * 100)
    result = again.run("en", env={"SOURCE_DATE_EPOCH": str(int(time.time()))})
    again.run("zh_CN", env={"SOURCE_DATE_EPOCH": str(int(time.time()))})
    assert "could not be read" in result.stdout
    assert list(tmp_path.glob("cache.unreadable-*")), "moved aside, not deleted"
    assert again.kernel_starts["en"] == sum(len(page_backends(p)) for p in executed_docs())
    assert again.kernel_starts["zh_CN"] == 0

    for page in executed_docs():
        for backend in page_backends(page):
            first, second = site.executed(page, backend), again.executed(page, backend)
            for a, b in zip(first.cells, second.cells, strict=True):
                assert a.get("outputs") == b.get("outputs"), \
                    f"{page} on {backend}: {a.source[:200]}"

    assert files(site.out) == files(again.out)
    differ = [str(f) for f in files(site.out)
              if (site.out / f).read_bytes() != (again.out / f).read_bytes()]
    assert not differ, differ


def test_source_date_epoch_sets_the_year(warm_build):
    epoch = calendar.timegm((2030, 6, 1, 0, 0, 0))
    warm_build.run("en", env={"SOURCE_DATE_EPOCH": str(epoch)})
    assert warm_build.kernel_starts["en"] == 0
    assert "2026–2030, The Keras, run and explained authors" in warm_build.html("en", "index")


def test_fresh_kernels_print_what_forked_ones_print(site, warm_build, scratch_docs):
    """The symbolic-tensors page (its copies execute fastest), executed again on
    every backend in kernels started as Jupyter starts them: every cell's
    outputs equal the session build's, from forked kernels."""
    page = "symbolic-tensors"
    example = scratch_docs / "examples" / "symbolic_keras3.py"
    text = example.read_text(encoding="utf-8")  # a new key, the same outputs:
    example.write_text(text.replace(  # a comment in a section that raises nothing
        "# %% symbolic\n", "# %% symbolic\n# executed again, in fresh kernels\n", 1),
        encoding="utf-8")
    warm_build.run("en", env={"KERASDOCS_ZYGOTE": "0"})
    assert warm_build.kernel_starts["en"] == len(page_backends(page)) == 3
    for backend in page_backends(page):
        forked, fresh = site.executed(page, backend), warm_build.executed(page, backend)
        for a, b in zip(forked.cells, fresh.cells, strict=True):
            assert a.get("outputs") == b.get("outputs"), f"{backend}: {a.source[:200]}"
