"""Counts kernel starts, for the tests and the benchmark (never on in a normal
build). With this folder on PYTHONPATH, every Python process started imports
this file; a Jupyter kernel (``python -m ipykernel_launcher -f ...``, or a
process forked by docs/_ext/execution/zygote.py) appends its process id to the
file named by KERASDOCS_KERNEL_LOG. That counts
executions without relying on the log wording of Sphinx, myst-nb or
jupyter-cache.

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


def _record() -> None:
    with open(_log, "a") as f:
        f.write(f"{os.getpid()}\n")


_log = os.environ.get("KERASDOCS_KERNEL_LOG")
if _log and "ipykernel_launcher" in sys.orig_argv:
    _record()  # a kernel started the usual way
if _log and any(arg.endswith("execution/zygote.py") for arg in sys.orig_argv):
    os.register_at_fork(after_in_child=_record)  # each fork becomes a kernel
