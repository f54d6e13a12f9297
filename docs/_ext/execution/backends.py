"""Where a Keras backend gets chosen, and which cells run on which backend.

Keras reads ``KERAS_BACKEND`` once, when ``keras`` is first imported; it can't
be changed afterwards. So a backend is chosen per process, before the import:

- ``kernel_environment(backend)``: the environment of every process that runs
  a page's cells on ``backend`` (the zygote that preloads Keras, and the
  kernels it forks or that Jupyter starts);
- the hidden set-up cell (``setup_cell.py``) sets the same variable again as
  its first statement and checks that Keras agrees, so a kernel started any
  other way can't silently run on the wrong backend.

Which backends a cell runs on is declared by its example's header
(``Backends: tensorflow, jax, torch``, see ``example_sections.py``). A cell that
is not an example (a hidden cell that glues numbers for the prose) reads the
variables of the example cell above it, so it runs where that cell runs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from example_sections import BACKENDS

# The backend whose outputs a page shows first (and the only one that runs
# Keras 2 / tf_keras and TensorFlow-only code).
PRIMARY = "tensorflow"
SETUP_TAG = "kerasdocs-setup"  # the hidden first cell's tag
JAX_CACHE = "KERASDOCS_JAX_CACHE"  # read by the set-up cell (kernel_setup.py)


def kernel_environment(backend: str, env: dict[str, str] | None = None,
                       cache: str | None = None) -> dict[str, str]:
    """The environment of a process that runs cells on ``backend``; a page's
    kernel also gets the folder of the execution cache, ``cache``. On JAX, the
    set-up cell keeps JAX's compiled code in its ``jax/`` folder (measured on
    2026-12-07: shared_weights.py's cells took 8.1 s in a new process, 2.0 s
    with what another process had compiled), so compiled code goes where the
    outputs go: a clean build (a new cache) compiles everything again."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown Keras backend {backend!r} (known: {', '.join(BACKENDS)})")
    env = dict(os.environ if env is None else env)
    env["KERAS_BACKEND"] = backend
    # PyTorch's OpenMP threads wait for work by spinning on a core. With three
    # kernels on two cores that is the other kernels' time: shared_weights.py's
    # cells took 3.9 s of CPU on PyTorch beside the other two backends, 1.0 s
    # with the threads sleeping instead (2026-12-07). It changes no result.
    env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    if backend == "jax" and cache:
        env[JAX_CACHE] = str(Path(cache, "jax"))
    return env


@dataclass(frozen=True)
class CellPlan:
    """Where one code cell runs, and what it must raise there."""

    backends: tuple[str, ...]
    raises: dict[str, str] = field(default_factory=dict)  # backend -> exception name
    setup: bool = False

    def describe(self) -> str:
        text = ", ".join(self.backends)
        if self.raises:
            text += "; raises " + ", ".join(f"{b}: {e}" for b, e in self.raises.items())
        return text


def is_setup_cell(cell) -> bool:
    return cell.cell_type == "code" and SETUP_TAG in cell.metadata.get("tags", [])


def plan_cells(docname: str, nb: nbformat.NotebookNode) -> dict[int, CellPlan]:
    """{cell index: plan} for every code cell of a page's notebook."""
    from example_sections import ExampleError, read_header, read_sections

    from . import EXAMPLES, ExecutionSetupError

    plans: dict[int, CellPlan] = {}
    above: CellPlan | None = None
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or is_setup_cell(cell):
            continue
        origin = cell.metadata.get("example")
        if origin:
            file_name, _, section_name = origin.partition("#")
            path = Path(EXAMPLES, file_name)
            try:
                section = {s.name: s for s in read_sections(path)}[section_name]
                declared = read_header(path).backends
            except ExampleError as error:  # an authoring mistake: one sentence
                raise ExecutionSetupError(str(error)) from None
            above = CellPlan(declared, dict(section.raises))
            plans[index] = above
        elif above is None:
            raise ExecutionSetupError(
                f"{docname}: code cell {index} comes before any ':example:' cell, so it has no "
                "backends to run on. Put the code in an example (examples/*.py).")
        else:  # a hidden glue cell: where the example above runs, raising nothing
            plans[index] = CellPlan(above.backends)
    backends = page_backends(plans)
    for index, cell in enumerate(nb.cells):
        if is_setup_cell(cell):
            plans[index] = CellPlan(backends, setup=True)
    return dict(sorted(plans.items()))


def page_backends(plans: dict[int, CellPlan]) -> tuple[str, ...]:
    used = {b for plan in plans.values() for b in plan.backends}
    return tuple(b for b in BACKENDS if b in used)
