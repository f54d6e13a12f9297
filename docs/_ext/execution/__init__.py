"""Executing the pages: every Keras 3 cell on TensorFlow, JAX and PyTorch.

One package, one concern per module:

- ``backends.py``: where a backend gets chosen (``KERAS_BACKEND``, before Keras
  is imported), and which backends each cell of a page runs on;
- ``setup_cell.py`` and ``kernel_setup.py``: the hidden first cell of every page;
- ``variants.py``: a page's copy per backend, and the page merged from their runs;
- ``kernels.py`` and ``zygote.py``: kernels forked from one preloaded process
  per backend;
- ``run.py``: the build step that executes what the cache lacks, in parallel;
- ``present.py``: how a cell shows its outputs: one output and the backends
  that agree, or a tab per backend;
- ``tracebacks.py``: how a cell shows an error: the reader's frames and the
  exception, the full traceback folded.

The flow is decided in ``run.py``; ``setup()`` below wires it into Sphinx.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

EXAMPLES = Path(__file__).resolve().parent.parent.parent.parent / "examples"


class ExecutionSetupError(Exception):
    """An authoring mistake found before anything runs (a page cell naming an
    example or section that does not exist, an example without ``Backends:``)."""


class BuildFailed(SystemExit):
    """Ends the build after its errors were logged, with no Sphinx crash
    report: what went wrong has been said already, and it is not a Sphinx bug.
    (A SystemExit passes through Sphinx's handlers, which print the report.)"""

    def __init__(self, code: int = 2) -> None:
        super().__init__(code)


def prepare_source(docname: str, text: str) -> tuple[str, list[Path]] | None:
    """A notebook page's source as myst-nb reads it (examples filled in, set-up
    cell added) and the files it depends on; None for a page without code."""
    import kerasdocs

    from . import setup_cell

    if not setup_cell.is_notebook(text):
        return None
    try:
        text, files = kerasdocs.expand_examples(docname, text)
    except Exception as error:  # an authoring mistake: say it, not a crash report
        if type(error).__name__ in ("ExtensionError", "ExampleError"):
            raise ExecutionSetupError(str(error).removeprefix("Extension error:").strip()) \
                from None
        raise
    from example_sections import local_imports

    # Modules of examples/ that the shown examples import but the page does not
    # show (layer_graph.py): an edit of one executes the page again.
    helpers = sorted({m for path in files for m in local_imports(path)} - set(files))
    return setup_cell.inject(text, helpers), [*sorted(files), *helpers, setup_cell.KERNEL_SETUP]


def setup(app: Sphinx) -> dict:
    from . import present, run, tracebacks

    app.connect("env-before-read-docs", run.execute_outdated)
    present.setup(app)
    tracebacks.setup()
    # env_version: doctrees of an older rendering (before folded tracebacks) are read again
    return {"version": "2", "env_version": 2,
            "parallel_read_safe": True, "parallel_write_safe": True}
