"""A page's copy for each backend, and the page's outputs merged from them.

A page's notebook (as myst-nb reads it) is never executed as it is. For each
backend some cell of the page runs on, ``backend_copy`` makes a copy: the
set-up cell chooses that backend, and a cell that does not run there becomes
``pass`` (so execution counts, and the tracebacks that quote them, stay the
same on every backend). Each copy executes in its own kernel.

``merge`` then checks each copy's outputs against the page's declarations
(each declared error raised where declared, nothing raised elsewhere, every
glued number equal on every backend) and makes the page's notebook with the
outputs of each cell's first backend (TensorFlow where it runs), plus a
summary that says, per cell, where it ran and whether every backend printed
the same. The page shows one output where they agree, a tab per backend where
they differ (``present.py``).

Within a copy, each example is a unit (``example_units``): its cells and the
hidden glue cells after them. An example never reads what another one left in
the kernel (each prints, standalone, what its page shows: tests/test_examples.py),
so when one example is edited only its cells need to run again: ``unit_key``
names what a unit's outputs depend on, and ``without`` makes the copy that
runs only the units the cache lacks, every other cell ``pass`` (so execution
counts, and the tracebacks that quote them, stay the same).
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import setup_cell
from .backends import CellPlan, is_setup_cell

# The layout of the summary stored with a page's outputs (run.store_page): a
# page stored with another layout executes again.
SUMMARY_FORMAT = 2


def join_streams(outputs: list) -> list:
    """Join consecutive pieces of one stream. How a printed line reaches the
    notebook in pieces depends on timing; joined, two runs store the same
    outputs. (myst-nb's own merging adds a line break after every piece, which
    would split a line that arrived in two.)"""
    joined: list = []
    for output in outputs:
        if (joined and output["output_type"] == "stream" == joined[-1]["output_type"]
                and output["name"] == joined[-1]["name"]):
            joined[-1]["text"] += output["text"]
        else:
            joined.append(copy.deepcopy(output))
    return joined


def backend_copy(nb: nbformat.NotebookNode, backend: str,
                 plans: dict[int, CellPlan]) -> nbformat.NotebookNode:
    """The page's notebook as it runs on ``backend``."""
    nb = copy.deepcopy(nb)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        plan = plans[index]
        tags = [t for t in cell.metadata.get("tags", []) if t != "raises-exception"]
        if is_setup_cell(cell):
            # the versions, and the hashes of the set-up and of imported modules
            stamp = "\n".join(line for line in cell.source.splitlines() if line.startswith("#"))
            cell.source = setup_cell.backend_source(backend, plans, stamp)
        elif backend not in plan.backends:
            cell.source = f"pass  # runs on {', '.join(plan.backends)}, not on {backend}"
        elif plan.raises.get(backend):
            tags.append("raises-exception")  # nbclient goes on after this cell's error
        cell.metadata["tags"] = tags
    return nb


def example_units(nb: nbformat.NotebookNode) -> dict[str, list[int]]:
    """{example file: the indices of its cells, and of the glue cells that
    follow them} for a page's notebook (the set-up cell is in no unit)."""
    units: dict[str, list[int]] = {}
    above = None
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or is_setup_cell(cell):
            continue
        above = cell.metadata.get("example", "").partition("#")[0] or above
        units.setdefault(above, []).append(index)  # plan_cells refuses code above any example
    return units


def unit_key(nb: nbformat.NotebookNode, cells: list[int], imports: list[Path]) -> str:
    """What the outputs of a unit's `cells` in a backend's copy `nb` depend on:
    the set-up cell, their code and tags, where each code cell stands (prose
    between them does not count), and the modules of examples/ the unit's
    example imports (``example_sections.local_imports``)."""
    parts: list = [[path.name, path.read_text(encoding="utf-8")] for path in imports]
    code = ((i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code")
    for ordinal, (index, cell) in enumerate(code):
        if index in cells or is_setup_cell(cell):
            parts.append([ordinal, cell.source, sorted(cell.metadata.get("tags", []))])
        else:
            parts.append(ordinal)
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def without(nb: nbformat.NotebookNode, cells: set[int]) -> nbformat.NotebookNode:
    """A copy of `nb` that runs every code cell but `cells` (whose outputs the
    cache has): each of those is ``pass``."""
    nb = copy.deepcopy(nb)
    for index in cells:
        nb.cells[index].source = "pass  # executed before: its outputs come from the cache"
        nb.cells[index].metadata["tags"] = []
    return nb


def code_cells(nb: nbformat.NotebookNode) -> list:
    """A notebook's code cells, in order (the cache stores only those)."""
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def glued(outputs: list) -> dict[str, object]:
    """{key: data} of the outputs that glue a value (myst_nb.glue)."""
    found = {}
    for output in outputs:
        key = output.get("metadata", {}).get("scrapbook", {}).get("name")
        if key:
            found[key] = output.get("data")
    return found


@dataclass
class Merged:
    notebook: nbformat.NotebookNode
    summary: dict  # {"cells": {index: {"backends": [...], "same": bool}}, ...}
    problems: list[str]  # what went against the declarations, one sentence each


def merge(nb: nbformat.NotebookNode, plans: dict[int, CellPlan],
          runs: dict[str, nbformat.NotebookNode]) -> Merged:
    """The page with the outputs of ``runs`` ({backend: executed copy})."""
    merged = copy.deepcopy(nb)
    for key in ("kernelspec", "language_info"):  # what myst-nb takes from a run
        for run in runs.values():
            if key in run.metadata:
                merged.metadata[key] = run.metadata[key]
                break
    cells: dict[str, dict] = {}
    problems: list[str] = []
    ran = {b: code_cells(run) for b, run in runs.items()}
    for ordinal, (index, cell) in enumerate(
            (i, c) for i, c in enumerate(merged.cells) if c.cell_type == "code"):
        plan = plans[index]
        outputs = {b: join_streams(ran[b][ordinal].get("outputs", [])) for b in plan.backends}
        where = f"cell {index} ({cell.metadata.get('example', 'hidden cell')})"
        if plan.setup:  # the versions each backend glued; Keras's own once
            seen: dict[str, object] = {}
            cell.outputs = []
            for backend in plan.backends:
                for output in outputs[backend]:
                    key = glued([output]).keys()
                    if not key or next(iter(key)) not in seen:
                        seen.update(glued([output]))
                        cell.outputs.append(output)
            continue
        for backend in plan.backends:
            errors = [o for o in outputs[backend] if o["output_type"] == "error"]
            expected = plan.raises.get(backend)
            if expected and not errors:
                problems.append(f"{where} should raise {expected} on {backend}, "
                                "but raised nothing")
            elif errors and errors[0]["ename"] != expected:
                problems.append(f"{where} raised {errors[0]['ename']} on {backend}, "
                                f"but declares {expected or 'no error there'}")
        values = {b: glued(outputs[b]) for b in plan.backends}
        first = plan.backends[0]
        for backend in plan.backends[1:]:
            for key in values[first]:
                if values[backend].get(key) != values[first][key]:
                    problems.append(
                        f"{where} glues {key!r} for the prose, but its value differs between "
                        f"backends: {first} {_plain(values[first][key])}, "
                        f"{backend} {_plain(values[backend].get(key))}. Glue only what holds "
                        "on every backend the example runs on.")
        cell.outputs = outputs[first]
        cell.execution_count = ran[first][ordinal].get("execution_count")
        same = all(outputs[b] == outputs[first] for b in plan.backends)
        cells[str(index)] = {"backends": list(plan.backends), "same": same, "code": ordinal}
    return Merged(merged, {"cells": cells}, problems)


def _plain(data) -> str:
    if isinstance(data, dict):
        return str(data.get("text/plain", data))
    return str(data)


def plan_summary(plans: dict[int, CellPlan]) -> list[str]:
    """Where each cell runs, as stored with the page's outputs: a changed
    declaration makes the stored outputs stale."""
    return [f"{index}: {plan.describe()}" for index, plan in plans.items()]
