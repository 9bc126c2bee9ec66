"""Two builds of the same sources, in two folders at two times, give byte-identical files.

A small sheet goes through the steps of ``./dev build`` (record, posters, site) in two
folders; every file of ``svg/``, ``build/posters/`` and ``build/html/`` is compared.
"""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile
from pathlib import Path

import pytest

from helpers import SAMPLES, panel, write_sheet
from jax_cheatsheet.cli import main
from jax_cheatsheet.poster.export import ExportError, export
from jax_cheatsheet.site.gallery import reproducible_zip

ROOT = Path(__file__).resolve().parents[1]
HELLO = SAMPLES / "fonts_hello.svg"
#: The folders ``./dev build`` writes, relative to the checkout.
OUTPUTS = ("svg", "build/posters", "build/html")
#: Files (relative to the checkout) that two builds cannot make identical, and why. None:
#: Sphinx's pickled doctrees hold absolute paths, so ``./dev build`` keeps them out of the
#: site (``-d build/doctrees``), and this test does the same.
EXCEPTIONS: dict[str, str] = {}

SAMPLE = '''
"""
A sample
========

It prints a sum.
"""
import jax.numpy as jnp

print(jnp.arange(3) + 1)   # add one -> [1 2 3]
'''


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fonts")


def files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too), by path relative to it."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def differing(first: Path, second: Path) -> dict[str, str]:
    """The output files that differ (or exist in one build only), with what differs."""
    found = {}
    for output in OUTPUTS:
        a, b = files(first / output), files(second / output)
        for name in sorted(a.keys() | b.keys()):
            if a.get(name) != b.get(name):
                found[f"{output}/{name}"] = (
                    "only in one" if None in (a.get(name), b.get(name)) else "bytes"
                )
    return found


def test_an_export_a_second_later_is_the_same_bytes(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first, second = tmp_path / "a", tmp_path / "b" / "later"
    export(HELLO, first / "hello.png", first / "hello.pdf", cache)
    time.sleep(1.1)  # cairo's own PDF date has one-second steps
    export(HELLO, second / "hello.png", second / "hello.pdf", cache)
    made, again = files(first), files(second)
    assert sorted(made) == ["hello.pdf", "hello.png"]
    assert [name for name in made if made[name] != again[name]] == []
    assert b"/CreationDate (19800101000000Z)" in (first / "hello.pdf").read_bytes()


def test_source_date_epoch_dates_the_pdf(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    export(HELLO, None, tmp_path / "hello.pdf", cache)
    assert b"/CreationDate (20231114221320Z)" in (tmp_path / "hello.pdf").read_bytes()


def test_a_malformed_source_date_epoch_is_refused(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ExportError, match="^SOURCE_DATE_EPOCH='yesterday' is not a date"):
        export(HELLO, None, tmp_path / "hello.pdf", cache)


def test_zips_of_the_same_files_made_at_two_times_become_identical(tmp_path: Path) -> None:
    def make(path: Path, when: tuple[int, int, int, int, int, int], mode: int) -> None:
        with zipfile.ZipFile(path, "w") as archive:
            for name, text in (("s.py", "print(1)\n"), ("s.ipynb", "{}\n")):
                info = zipfile.ZipInfo(name, date_time=when)
                info.external_attr = mode << 16
                archive.writestr(info, text)

    first, second = tmp_path / "first.zip", tmp_path / "second.zip"
    make(first, (2026, 1, 2, 3, 4, 6), 0o100664)
    make(second, (2026, 5, 6, 7, 8, 10), 0o100600)
    date = dt.datetime(2001, 2, 3, 4, 5, 6, tzinfo=dt.UTC)
    assert reproducible_zip(first, date) and reproducible_zip(second, date)
    assert first.read_bytes() == second.read_bytes()
    assert not reproducible_zip(first, date)  # already so: left alone
    with zipfile.ZipFile(io.BytesIO(first.read_bytes())) as archive:
        assert [(i.filename, i.date_time) for i in archive.infolist()] == [
            ("s.py", (2001, 2, 3, 4, 5, 6)),
            ("s.ipynb", (2001, 2, 3, 4, 5, 6)),
        ]
        assert archive.read("s.py") == b"print(1)\n"


def dev_build(checkout: Path) -> None:
    """What ``./dev build`` does, for the small sheet of ``checkout``: `jax-cheatsheet build`
    (record, posters, site into build/), then the SVG copies in svg/."""
    sheet = checkout / "cheatsheet"
    assert main(["build", str(sheet), "--out", str(checkout / "build")]) == 0
    record = checkout / "build" / "verification" / "cpu.json"
    args = ["posters", str(sheet), "--record", str(record), "--no-export"]
    assert (
        main([*args, "--cache", str(checkout / "build" / "cache"), "--out", str(checkout / "svg")])
        == 0
    )


def checkout(root: Path) -> Path:
    """A folder with a small sheet (one panel and a sample)."""
    sheet = write_sheet(
        root / "cheatsheet",
        {"a.md": panel("jnp.arange(3)   # a range -> [0 1 2]", id="a")},
        {"01_sum.py": SAMPLE},
    )
    (sheet / "samples" / "GALLERY_HEADER.rst").write_text("Samples\n=======\n")
    return root


def test_two_builds_in_two_folders_are_byte_identical(tmp_path: Path) -> None:
    first = checkout(tmp_path / "first")
    second = checkout(tmp_path / "elsewhere" / "second")
    dev_build(first)
    time.sleep(1.1)  # a clock's date, if any were left, would differ
    dev_build(second)
    assert files(first / "build" / "html"), "the site was not built"
    assert any(name.endswith(".zip") for name in files(first / "build" / "html"))
    assert differing(first, second) == dict.fromkeys(EXCEPTIONS, "bytes")
