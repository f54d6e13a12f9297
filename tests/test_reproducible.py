"""Two clean builds, each with a fresh cache, give the same site, byte for
byte, in both languages: seeded examples, and no timings, addresses or paths in
any output. The only date in the site follows SOURCE_DATE_EPOCH."""

from __future__ import annotations

import calendar
import time

from conftest import LANGUAGES, executed_docs, new_build


def files(root):
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


def test_two_clean_builds_are_identical(site, tmp_path):
    again = new_build(tmp_path)  # its own, empty cache: everything executes again
    for language in LANGUAGES:
        again.run(language, env={"SOURCE_DATE_EPOCH": str(int(time.time()))})
    assert again.kernel_starts["en"] == len(executed_docs())

    for page in executed_docs():
        first, second = site.executed(page), again.executed(page)
        for a, b in zip(first.cells, second.cells, strict=True):
            assert a.get("outputs") == b.get("outputs"), f"{page}: {a.source[:200]}"

    assert files(site.out) == files(again.out)
    differ = [str(f) for f in files(site.out)
              if (site.out / f).read_bytes() != (again.out / f).read_bytes()]
    assert not differ, differ


def test_source_date_epoch_sets_the_year(warm_build):
    epoch = calendar.timegm((2030, 6, 1, 0, 0, 0))
    warm_build.run("en", env={"SOURCE_DATE_EPOCH": str(epoch)})
    assert warm_build.kernel_starts["en"] == 0
    assert "2026–2030, The Keras, run and explained authors" in warm_build.html("en", "index")


def test_forked_kernels_give_the_outputs_of_fresh_ones(site, tmp_path):
    """The site's pages run in kernels forked from a process that imported
    TensorFlow once (docs/_ext/kernel_zygote.py). With KERASDOCS_JOBS=0 myst-nb
    runs each page itself, in a kernel started from scratch: same outputs."""
    from parallel_execute import join_streams

    plain = new_build(tmp_path)
    plain.run("en", env={"KERASDOCS_JOBS": "0"})
    assert plain.kernel_starts["en"] == len(executed_docs())
    for page in executed_docs():
        forked, fresh = site.executed(page), plain.executed(page)
        for a, b in zip(forked.cells, fresh.cells, strict=True):
            if a.cell_type == "code":
                assert a.outputs == join_streams(b.outputs), f"{page}: {a.source[:200]}"
