"""The hidden first cell of every executed page.

The page's notebook, as myst-nb reads it, starts with a cell that names the
installed versions. jupyter-cache keys outputs on the code alone, so that line
makes an upgrade execute every page again. The cell is never run as it is:
each backend's copy of the page gets its own set-up instead: where each cell
runs (its backends and the errors it must raise, so that a changed
``Backends:`` line or ``(raises ...)`` mark executes the page again), the same
stamp and hashes, the line that chooses the backend, then ``kernel_setup.py``.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import platform
import re
import tomllib
from pathlib import Path

from .backends import SETUP_TAG, CellPlan

HERE = Path(__file__).parent
ROOT = HERE.parent.parent.parent
KERNEL_SETUP = HERE / "kernel_setup.py"
FRONT_MATTER_RE = re.compile(r"\A---\n(?P<yaml>.*?)\n---[ \t]*\n", re.S)
PLACEHOLDER = (
    "raise RuntimeError('This page runs once per Keras backend, through the build step in '\n"
    "                   'docs/_ext/execution; it is not meant to be executed as it is.')"
)


def is_notebook(text: str) -> bool:
    match = FRONT_MATTER_RE.match(text)
    return bool(match and "kernelspec" in match["yaml"])


def environment_stamp() -> str:
    """Python and the installed versions of what the examples import (the
    pyproject "examples" group), as a comment line."""
    with (ROOT / "pyproject.toml").open("rb") as f:
        group = tomllib.load(f)["dependency-groups"]["examples"]
    names = sorted(re.split(r"[\s=<>!~\[;]", req, maxsplit=1)[0]
                   for req in group if isinstance(req, str))
    versions = ", ".join(f"{name} {importlib.metadata.version(name)}" for name in names)
    return f"# executed with Python {platform.python_version()}, {versions}"


def inject(text: str, helpers: list[Path] = ()) -> str:
    """Add the page's set-up cell after the front matter: the stamp, the hash
    of the set-up every copy runs and of each module of examples/ that the
    page's examples import without showing it (an edit of one of them executes
    the page again), and a body that refuses to run."""
    match = FRONT_MATTER_RE.match(text)
    assert match
    hashes = "".join(f"# {path.name} {hashlib.sha256(path.read_bytes()).hexdigest()[:16]}\n"
                     for path in (KERNEL_SETUP, *helpers))
    cell = (f"```{{code-cell}} ipython3\n:tags: [remove-cell, {SETUP_TAG}]\n"
            f"{environment_stamp()}\n{hashes}{PLACEHOLDER}\n```\n\n")
    return text[: match.end()] + "\n" + cell + text[match.end() :]


def plan_lines(plans: dict[int, CellPlan]) -> str:
    return "\n".join(f"# cell {index}: {plan.describe()}"
                     for index, plan in plans.items() if not plan.setup)


def backend_source(backend: str, plans: dict[int, CellPlan], stamp: str) -> str:
    """The set-up cell of the page's copy for one backend."""
    return (f"# Where each cell runs:\n{plan_lines(plans)}\n{stamp}\n"
            f'import os\n\n_BACKEND = "{backend}"\nos.environ["KERAS_BACKEND"] = _BACKEND\n'
            + KERNEL_SETUP.read_text(encoding="utf-8"))
