"""The example scripts in ``examples/``: their header and their sections.

Every page's code comes from these files (the only copy). A file starts with a
keras-io style header, then ``# %% name`` sections::

    \"\"\"
    Title: One layer, one set of weights
    Page: docs/shared-layers.md
    Backends: tensorflow, jax, torch
    Description: ...
    \"\"\"

    # %% second-call
    ...
    # %% bad-index (raises tensorflow: InvalidArgumentError; torch: IndexError)

``Backends:`` names the Keras 3 backends the file runs on, in the order
tensorflow, jax, torch. A file that runs on fewer says why, in brackets:
``Backends: tensorflow (Keras 2: tf_keras runs on TensorFlow only)``.

A section may be marked as raising: ``(raises ValueError)`` on every backend the
file runs on, or ``(raises tensorflow: X; torch: Y)``, where each backend named
raises its error and every other one raises nothing. Only the file's last
section may raise: a script stops at its first uncaught error.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

# Keras 3's backends, in the order the site shows them, with their display names.
BACKENDS = {"tensorflow": "TensorFlow", "jax": "JAX", "torch": "PyTorch"}


class ExampleError(Exception):
    """An example file that breaks the rules above (the build reports it as an
    authoring mistake, naming the file)."""


SECTION_RE = re.compile(
    r"^# %% (?P<name>[a-z0-9][a-z0-9-]*)(?: \(raises (?P<raises>[^)]+)\))?[ \t]*$", re.M
)
HEADER_RE = re.compile(r'\A"""\n(?P<body>.*?)\n"""\n', re.S)
FIELD_RE = re.compile(r"^(?P<key>[A-Z][a-z]+): (?P<value>.*(?:\n    .*)*)", re.M)
BACKENDS_RE = re.compile(r"^(?P<names>[a-z]+(?:, [a-z]+)*)(?: \((?P<reason>.+)\))?$", re.S)


@dataclass(frozen=True)
class Section:
    file: str
    name: str
    code: str
    # backend -> the name of the exception this section raises there
    raises: dict[str, str] = field(default_factory=dict)

    def raises_on(self, backend: str) -> str | None:
        return self.raises.get(backend)


@dataclass(frozen=True)
class Header:
    title: str
    page: str
    backends: tuple[str, ...]
    reason: str | None  # why the file runs on fewer than every backend
    description: str


def read_header(path: Path) -> Header:
    """The header of an example; ExampleError when a field is missing or wrong."""
    text = path.read_text(encoding="utf-8")
    match = HEADER_RE.match(text)
    if not match:
        raise ExampleError(f"{path.name}: no header (a docstring with Title, Page, "
                           "Backends and Description) at the top")
    fields = {m["key"]: " ".join(m["value"].split()) for m in FIELD_RE.finditer(match["body"])}
    missing = [k for k in ("Title", "Page", "Backends", "Description") if k not in fields]
    if missing:
        raise ExampleError(f"{path.name}: the header has no {', '.join(missing)} line")
    declared = BACKENDS_RE.match(fields["Backends"])
    names = declared["names"].split(", ") if declared else []
    unknown = [n for n in names if n not in BACKENDS]
    if not declared or unknown or not names:
        raise ExampleError(f"{path.name}: 'Backends: {fields['Backends']}' should list some of "
                           f"{', '.join(BACKENDS)} (comma-separated), then a reason in "
                           "brackets if not all of them")
    if names != [b for b in BACKENDS if b in names]:
        raise ExampleError(f"{path.name}: list the backends in the order {', '.join(BACKENDS)}")
    if len(names) < len(BACKENDS) and not declared["reason"]:
        raise ExampleError(f"{path.name}: runs on {', '.join(names)} only: say why, "
                           f"'Backends: {', '.join(names)} (reason)'")
    return Header(fields["Title"], fields["Page"], tuple(names), declared["reason"],
                  fields["Description"])


def _parse_raises(path: Path, spec: str | None, backends: tuple[str, ...]) -> dict[str, str]:
    if not spec:
        return {}
    if ":" not in spec:  # one error on every backend
        if not re.fullmatch(r"\w+", spec):
            raise ExampleError(f"{path.name}: '(raises {spec})' is not an exception name")
        return dict.fromkeys(backends, spec)
    raises = {}
    for part in spec.split(";"):
        backend, _, error = (s.strip() for s in part.partition(":"))
        if backend not in backends or not re.fullmatch(r"\w+", error):
            raise ExampleError(f"{path.name}: '(raises {spec})': each part is 'backend: Error', "
                               f"for a backend the file declares ({', '.join(backends)})")
        raises[backend] = error
    return raises


def read_sections(path: Path) -> list[Section]:
    """The ``# %% name`` sections of an example file, in order."""
    backends = read_header(path).backends
    text = path.read_text(encoding="utf-8")
    marks = list(SECTION_RE.finditer(text))
    if not marks:
        raise ExampleError(f"{path.name}: no '# %% name' section markers")
    sections = []
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        end = following.start() if following else len(text)
        code = text[mark.end() : end].strip("\n")
        raises = _parse_raises(path, mark["raises"], backends)
        sections.append(Section(path.name, mark["name"], code, raises))
    names = [s.name for s in sections]
    if len(set(names)) != len(names):
        raise ExampleError(f"{path.name}: section names repeat: {names}")
    raising = [s.name for s in sections if s.raises]
    if raising and raising != [names[-1]]:
        raise ExampleError(f"{path.name}: only the last section may raise (the script stops "
                           f"there), but these do: {raising}")
    return sections


def imported_modules(source: str, folder: Path) -> list[Path]:
    """The modules of `folder` that `source` imports, in order of appearance."""
    found: list[Path] = []
    for node in ast.walk(ast.parse(source)):
        names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                 else [node.module] if isinstance(node, ast.ImportFrom) and node.module
                 else [])
        for name in names:
            module = folder / f"{name.split('.')[0]}.py"
            if module.is_file() and module not in found:
                found.append(module)
    return found


def local_imports(path: Path) -> list[Path]:
    """The examples/ modules a script imports (layer_graph.py, ...), recursively."""
    found: list[Path] = []
    todo = [path]
    while todo:
        for module in imported_modules(todo.pop().read_text(encoding="utf-8"), path.parent):
            if module not in found and module != path:
                found.append(module)
                todo.append(module)
    return found
