"""Counts kernel starts, for the tests and the benchmark (never on in a normal
build). With this folder on PYTHONPATH, every Python process started imports
this file; a Jupyter kernel (``python -m ipykernel_launcher -f ...``, or a
process forked by docs/_ext/execution/zygote.py) appends a line to the file
named by KERASDOCS_KERNEL_LOG: its process id, and its parent's (a zygote's,
for a forked kernel). That counts
executions without relying on the log wording of Sphinx, myst-nb or
jupyter-cache.

KERASDOCS_PROCESS_LOG names a file where every Python process started
appends its command line (tests/test_serve.py: a rebuild in `nox -s serve` is
forked, not started).

KERASDOCS_FAKE_VERSION=numpy=9.9.9 makes ``importlib.metadata.version`` report
an upgrade, so a test can check that one re-executes every page.
"""

import os
import sys

_fake = os.environ.get("KERASDOCS_FAKE_VERSION")
if _fake:
    import importlib.metadata as _md

    _fake_name, _fake_version = _fake.split("=")
    _real_version = _md.version
    _md.version = lambda dist: _fake_version if dist == _fake_name else _real_version(dist)


def _record(log: str) -> None:
    with open(log, "a") as f:
        f.write(f"{os.getpid()} {os.getppid()}\n")  # the kernel, and what started it


def _forked() -> None:
    """In a process a zygote forked: it becomes a kernel by taking the
    environment of the build that asked for it. Record it in the log that this
    environment names, so that a zygote serving one build after another
    (`nox -s serve`, the test session) counts each build's kernels in that
    build's log; a build that counts nothing names none."""
    done = False

    def hook(event: str, args: tuple) -> None:
        nonlocal done
        if event == "os.putenv" and not done and \
                os.fsdecode(args[0]) == "KERASDOCS_KERNEL_LOG":
            done = True
            _record(os.fsdecode(args[1]))

    sys.addaudithook(hook)


if os.environ.get("KERASDOCS_PROCESS_LOG"):
    with open(os.environ["KERASDOCS_PROCESS_LOG"], "a") as _log:
        _log.write(" ".join(sys.orig_argv) + "\n")
if "ipykernel_launcher" in sys.orig_argv and os.environ.get("KERASDOCS_KERNEL_LOG"):
    _record(os.environ["KERASDOCS_KERNEL_LOG"])  # a kernel started the usual way
if any(arg.endswith("execution/zygote.py") for arg in sys.orig_argv):
    os.register_at_fork(after_in_child=_forked)  # each fork becomes a kernel
