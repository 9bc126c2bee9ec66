"""The wheel, installed as a user would, works with nothing but itself and its dependencies.

The sdist and wheel are built (no isolation) from a copy of what git holds; the wheel goes,
not editable, into a fresh environment that reuses this one's installed dependencies through a
``.pth`` file (which does not process this environment's own ``.pth`` files, so the editable
install of the checkout stays out of sight). An audit hook in that environment fails any open
or listing of a path in the checkout outside this environment, and logs it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: What a build reads besides the package and the sheet.
BUILD_FILES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE")
PACKAGE, SHEET = "src/jax_cheatsheet", "cheatsheet"
#: Names an empty folder to build into: the release workflow publishes what this test checked.
DIST_OUT = "CHEATSHEET_DIST_OUT"

GUARD = """\
import os, sys
_ROOT, _OURS, _LOG = {root!r}, {ours!r}, {log!r}
def _inside(path):
    inside = path == _ROOT or path.startswith(_ROOT + os.sep)
    return inside and not path.startswith(_OURS + os.sep)
def _guard(event, args):
    if event in ("open", "os.listdir", "os.scandir") and args and args[0] is not None:
        if isinstance(args[0], int):
            return
        path = os.path.abspath(os.fsdecode(args[0]))
        if _inside(path):
            with open(_LOG, "a", encoding="utf-8") as log:
                log.write(path + "\\n")
            raise RuntimeError("read from the checkout: " + path)
sys.addaudithook(_guard)
"""


def _tracked(folder: str) -> list[str]:
    """Files git holds (or would add) under ``folder``, as paths relative to the checkout."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "--", folder],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    return sorted(name for name in listed if name and (ROOT / name).is_file())


def _build(source: Path, out: Path, *flags: str) -> None:
    command = [sys.executable, "-m", "build", "--no-isolation", *flags, "--outdir", str(out)]
    done = subprocess.run([*command, str(source)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of what the sdist is made from, as git holds it (no caches, no build leftovers)."""
    source = tmp_path_factory.mktemp("source")
    for name in [*BUILD_FILES, *_tracked(PACKAGE), *_tracked(SHEET)]:
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    return source


@pytest.fixture(scope="module")
def dist(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist, and the wheel built from it (``python -m build``)."""
    out = Path(os.environ[DIST_OUT]) if DIST_OUT in os.environ else tmp_path_factory.mktemp("d")
    out.mkdir(parents=True, exist_ok=True)
    assert not any(out.iterdir()), f"{DIST_OUT}: {out} is not empty"
    _build(source, out)
    return out


def _wheel(dist: Path) -> Path:
    (wheel,) = dist.glob("*.whl")
    return wheel


def test_wheel_holds_the_package_its_data_and_the_built_in_sheet(dist: Path) -> None:
    with zipfile.ZipFile(_wheel(dist)) as wheel:
        library = {n for n in wheel.namelist() if ".dist-info/" not in n}
    package = {
        f"jax_cheatsheet/{Path(n).relative_to(PACKAGE).as_posix()}" for n in _tracked(PACKAGE)
    }
    sheet = {
        f"jax_cheatsheet/sheet/{Path(n).relative_to(SHEET).as_posix()}" for n in _tracked(SHEET)
    }
    assert "jax_cheatsheet/site/static/cheatsheet.css" in package
    assert "jax_cheatsheet/sheet/sheet.yaml" in sheet
    assert library == package | sheet


def test_sdist_builds_the_same_wheel_as_the_tree(source: Path, dist: Path, tmp_path: Path) -> None:
    def contents(path: Path) -> dict[str, bytes]:
        with zipfile.ZipFile(path) as wheel:
            return {n: wheel.read(n) for n in wheel.namelist()}

    _build(source, tmp_path, "--wheel")
    assert contents(_wheel(dist)) == contents(_wheel(tmp_path))


def test_twine_and_check_wheel_contents_pass(dist: Path) -> None:
    files = [str(_wheel(dist)), *map(str, dist.glob("*.tar.gz"))]
    twine = [sys.executable, "-m", "twine", "check", "--strict", *files]
    twined = subprocess.run(twine, capture_output=True, text=True, check=False)
    assert twined.returncode == 0, twined.stdout + twined.stderr
    # From the checkout: its pyproject.toml holds check-wheel-contents' settings.
    contents = [sys.executable, "-m", "check_wheel_contents", str(_wheel(dist))]
    checked = subprocess.run(contents, cwd=ROOT, capture_output=True, text=True, check=False)
    assert checked.returncode == 0 and checked.stdout.strip().endswith(": OK"), checked.stdout


@pytest.fixture(scope="module")
def fresh(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new environment: the wheel (no dependencies), this one's packages, the guard."""
    env = tmp_path_factory.mktemp("env")
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
    subprocess.run([*pip, "--no-deps", str(_wheel(dist))], check=True)
    lib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ours = sysconfig.get_path("purelib")
    (Path(lib) / "_pinned.pth").write_text(f"{ours}\nimport _checkout_guard\n", encoding="utf-8")
    guard = GUARD.format(root=str(ROOT), ours=sys.prefix, log=str(env / "checkout-reads.log"))
    (Path(lib) / "_checkout_guard.py").write_text(guard, encoding="utf-8")
    return env


def _run(
    fresh: Path, folder: Path, *command: str, code: int = 0
) -> subprocess.CompletedProcess[str]:
    """``command`` run in ``folder`` with the fresh environment's programs, nothing else;
    it must exit with ``code``."""
    drop = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env |= {"PATH": f"{fresh / 'bin'}{os.pathsep}{env.get('PATH', '')}", "PYTHONNOUSERSITE": "1"}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    done = subprocess.run(
        command, cwd=folder, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == code, f"{command}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def test_installed_package_is_the_wheel_not_the_checkout(fresh: Path, tmp_path: Path) -> None:
    code = (
        "import sys, jax_cheatsheet, jax_cheatsheet.cli as c; "
        "print(jax_cheatsheet.__file__); print(c.default_sheet()); print(sys.path)"
    )
    package, sheet, path = _run(fresh, tmp_path, "python", "-c", code).stdout.splitlines()
    assert Path(package).is_relative_to(fresh) and Path(sheet).is_relative_to(fresh)
    assert str(ROOT) not in path.replace(sys.prefix, "")
    reads = fresh / "checkout-reads.log"
    assert not reads.exists()
    # The guard is on: a read from the checkout fails, and is logged.
    probe = f"try: open({str(ROOT / 'README.md')!r})\nexcept RuntimeError: print('refused')"
    assert _run(fresh, tmp_path, "python", "-c", probe).stdout == "refused\n"
    assert reads.read_text(encoding="utf-8") == f"{ROOT / 'README.md'}\n"
    reads.unlink()


def test_installed_wheel_checks_builds_and_tests_in_an_empty_folder(
    fresh: Path, tmp_path: Path
) -> None:
    doctest = _run(fresh, tmp_path, "jax-cheatsheet", "doctest").stdout
    assert re.search(r"^OK: (\d+)/\1 documented outputs hold", doctest, re.M), doctest
    # Into build/, as the README's build does: the check reuses the doctest's compilation cache.
    _run(fresh, tmp_path, "jax-cheatsheet", "build", "--out", "build")
    out = tmp_path / "build"
    assert "panels/index.html" in (out / "html" / "index.html").read_text(encoding="utf-8")
    assert (out / "html" / "_static" / "cheatsheet.css").is_file()
    for name in ("cheatsheet-light.svg", "cheatsheet-dark.png", "cheatsheet-light.pdf"):
        assert (out / "posters" / name).stat().st_size > 0
    packaged = next((fresh / "lib").glob("python*/site-packages/jax_cheatsheet/sheet"))
    before = sorted(packaged.parent.rglob("*"))
    # The installed sheet is only read: its posters go to svg/ here; update refuses it.
    _run(fresh, tmp_path, "jax-cheatsheet", "posters", "--no-export")
    assert (tmp_path / "svg" / "cheatsheet-light.svg").is_file()
    refused = _run(fresh, tmp_path, "jax-cheatsheet", "update", code=2).stderr
    assert "update a copy" in refused
    assert sorted(packaged.parent.rglob("*")) == before
    shutil.copytree(packaged, tmp_path / "copy")
    tested = _run(fresh, tmp_path, "python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "copy")
    assert re.search(r"^\d+ passed in ", tested.stdout, re.M), tested.stdout
    assert not (fresh / "checkout-reads.log").exists()
