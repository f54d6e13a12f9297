"""Sessions: `nox -s docs` builds the site, `nox -s tests` runs every test."""

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"  # dependencies are still synced on every run
nox.options.sessions = ["docs", "tests"]

PYTHON = "3.11"
OTHER_BACKENDS = ("jax", "torch")  # Keras 3's backends besides TensorFlow
PYPROJECT = nox.project.load_toml("pyproject.toml")


def install(session: nox.Session, group: str) -> None:
    session.install(*nox.project.dependency_groups(PYPROJECT, group))
    # Python keeps the bytecode of what it imports, even where the machine sets
    # PYTHONDONTWRITEBYTECODE (many container images do): every build, kernel
    # and test process imports TensorFlow, which takes 9 s compiled from source
    # and 4 s from bytecode (measured on 2026-12-06). It goes to the session's
    # own folder, never next to the sources (`nox -s serve` watches them).
    session.env["PYTHONDONTWRITEBYTECODE"] = None
    # An absolute path: nox's env_dir is relative, and builds and tests run
    # processes from other folders (docs/, scratch copies of the sources).
    session.env["PYTHONPYCACHEPREFIX"] = str(session.env_dir.resolve() / "pycache")


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the English and the Chinese site into build/html/."""
    install(session, "docs")
    session.run("python", "tools/sitebuild.py", *session.posargs)


@nox.session(python=PYTHON)
def serve(session: nox.Session) -> None:
    """Live-reload the English site while editing (http://127.0.0.1:8000)."""
    install(session, "serve")
    session.run("python", "tools/sitebuild.py", "--serve", *session.posargs)


@nox.session(python=PYTHON)
def translations(session: nox.Session) -> None:
    """Refresh docs/locales/zh_CN/LC_MESSAGES/*.po from the English pages."""
    install(session, "docs")
    session.run("python", "tools/sitebuild.py", "--gettext", *session.posargs)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the whole test suite: it builds the site once, into a temporary
    folder, and checks it; then the topic pages' claims again on JAX and PyTorch."""
    install(session, "test")
    # Two pytest-xdist workers, each given whole test modules: a module's
    # example runs (module-scoped fixtures) happen once. The site is built once
    # (conftest's `site`); while one worker drives the browser, whose page
    # checks keep one core busy, the other builds, runs and checks.
    workers = ("--numprocesses=2", "--dist=loadscope")
    session.run("pytest", *workers, *session.posargs)  # TensorFlow, and the site on every backend
    for backend in OTHER_BACKENDS:
        session.run("pytest", *workers, "-m", "claims", *session.posargs,
                    env={"KERAS_BACKEND": backend}, success_codes=[0, 5])  # 5: none selected


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Time cold, no-op and edited rebuilds against a naive myst-nb build
    (`-- --quick`: no naive build, kernel counts only), and edits in `nox -s serve`."""
    install(session, "serve")
    session.run("python", "tools/bench.py", *session.posargs)
