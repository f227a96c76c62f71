import hashlib
import json
import os
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

sys.path.insert(0, str(ROOT / "tools"))
from project_copy import copy_project as _copy_project  # noqa: E402
from project_copy import make_in  # noqa: E402,F401


@pytest.fixture
def write_csv(tmp_path):
    """Write a small CSV (dedented) into tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def shared_dir():
    """The research dossier beside the repository; tests that compare against it skip without it."""
    if not (SHARED / "research").exists():
        pytest.skip("../shared/research not available (only in the development checkout)")
    return SHARED


def session_dir(tmp_path_factory) -> Path:
    """A folder shared by every worker of this test session.

    Under pytest-xdist each worker has its own base temporary folder inside the session's; without
    xdist the session's own is used. What is built here once (under a file lock) serves all workers.
    """
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def tree(folder: Path, *, skip: set[str] = frozenset()) -> dict[str, str]:
    """Every file (SHA-256 of its bytes) and symbolic link (its target) under ``folder``."""
    out = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if rel in skip or rel.split("/", 1)[0] in skip:
            continue
        if p.is_symlink():
            out[rel] = "-> " + os.readlink(p)
        elif p.is_file():
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


@pytest.fixture(scope="session")
def project_copy(tmp_path_factory):
    """A scratch project copy; nothing built yet."""
    return _copy_project(tmp_path_factory.mktemp("project") / "cohen-analysis")


#: The built site's state right after its clean build (file digests and link targets).
CLEAN_BUILD_STATE = "clean-build.json"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """A scratch project copy in which `make -j2 reports` has run: returns its root.

    Built once per test session, whatever the number of xdist workers (the first to ask builds it,
    under a file lock; the others wait and reuse it). Its state right after the clean build is kept
    beside it (:data:`CLEAN_BUILD_STATE`, see :func:`clean_build_state`): later tests may add
    screenshots or rebuild reports in it, putting back what they change.
    """
    from filelock import FileLock

    shared = session_dir(tmp_path_factory)
    folder = shared / "built-site"
    with FileLock(str(shared / "built-site.lock")):
        project = folder / "cohen-analysis"
        state = folder / CLEAN_BUILD_STATE
        if not state.exists():
            if project.exists():  # a build interrupted by an error: start again from nothing
                import shutil

                shutil.rmtree(project)
            _copy_project(project)
            make_in(project, "reports")
            recorded = {
                "reports": tree(project / "reports"),
                "processed": tree(project / "data" / "processed"),
            }
            tmp = state.with_suffix(".tmp")
            tmp.write_text(json.dumps(recorded, indent=1, sort_keys=True), encoding="utf-8")
            os.replace(tmp, state)
    return project


@pytest.fixture(scope="session")
def clean_build_state(built_site) -> dict:
    """{"reports": tree, "processed": tree} of the built site right after its clean build."""
    return json.loads((built_site.parent / CLEAN_BUILD_STATE).read_text(encoding="utf-8"))


# ---- parallel runs (pytest-xdist) -------------------------------------------------------------
#
# `pytest` runs on every core (`-n auto`, pyproject.toml), with the work units set here. A unit goes
# to one worker whole: each notebook's nbval cells (they share one kernel), each test module
# (module fixtures are then set up once), and the modules that use the built site (they add
# screenshots to it or rebuild parts of it and put them back). The notebook test modules' tests
# are independent notebook runs: each is a unit of its own. The long units are handed out first.
# (pytest 9 ignores the node ids `--dist loadgroup` rewrites, hence a scheduler of our own.)

#: Modules that use the built site, run as one unit.
BUILT_SITE_MODULES = ("tests/test_browser.py", "tests/test_build_site.py", "tests/test_reader_output.py")
#: A test that builds a second clone: a unit of its own, so that both full builds run at once.
SECOND_BUILD = "tests/test_build_site.py::test_two_clean_builds_in_clones_at_different_paths_are_identical"
#: Modules whose tests are independent notebook runs: one unit per test.
SPREAD_PREFIX = "tests/test_notebook_"
#: Units started first, longest first (the rest follow in collection order).
FIRST = [SECOND_BUILD, "built-site", "tests/test_cli.py", "tests/test_build.py", "tests/test_integrity.py"]


def work_unit(nodeid: str) -> str:
    """The xdist work unit of a test: tests of one unit run on one worker, in order."""
    path = nodeid.split("::", 1)[0]
    if nodeid == SECOND_BUILD:
        return SECOND_BUILD
    if path in BUILT_SITE_MODULES:
        return "built-site"
    if path.startswith(SPREAD_PREFIX):
        return nodeid
    return path


#: In the built-site unit, the tests that rebuild parts of the site (and put them back) run last.
CHANGES_BUILT_SITE = "tests/test_build_site.py"


def _rank(item) -> tuple[int, int]:
    unit = work_unit(item.nodeid)
    later = int(item.nodeid.startswith(CHANGES_BUILT_SITE))
    if unit in FIRST:
        return FIRST.index(unit), later
    if unit.startswith(SPREAD_PREFIX):
        return len(FIRST), 0
    if unit.endswith(".ipynb"):
        return len(FIRST) + 1, 0
    return len(FIRST) + 2, 0


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class WorkUnits(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    return WorkUnits(config, log)


def pytest_collection_modifyitems(config, items):
    if os.environ.get("PYTEST_XDIST_WORKER"):
        # a stable sort: every unit keeps its own order (nbval runs a notebook's cells in order);
        # the scheduler hands units out in this order (--no-loadscope-reorder)
        items.sort(key=_rank)
