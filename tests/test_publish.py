"""`jax-cheatsheet build`: any sheet, anywhere, into one folder and nowhere else."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from helpers import panel, write_sheet
from jax_cheatsheet.check.runner import Runner
from jax_cheatsheet.check.service import check
from jax_cheatsheet.cli import main
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.record import FAIL

ROOT = Path(__file__).resolve().parents[1]

PANELS = {
    "a.md": panel("jnp.linalg.det(jnp.eye(2))   # -> 1.0", id="linalg"),
    "b.md": panel("jax.scipy.special.gamma(5.0)   # -> 24.0", id="special"),
    "c.md": panel("jnp.arange(3, dtype=jnp.int8).dtype   # -> int8", id="dtypes"),
    "d.md": panel("grad(lambda x: x ** 2)(3.0)   # ∇ of x² at 3 -> 6.0", id="markup").replace(
        "title: Panel markup", 'title: Markup <tags> & "quotes"'
    ),
}


def _status() -> str:
    return subprocess.run(
        ["git", "status", "--porcelain", "--ignored", "--untracked-files=all"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_build_makes_site_and_posters_of_any_sheet_in_one_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = write_sheet(tmp_path / "sheet", PANELS)
    (sheet / "sheet.yaml").write_text(
        (sheet / "sheet.yaml").read_text(encoding="utf-8").replace("Test sheet", "Linear Notes"),
        encoding="utf-8",
    )
    before_sheet = {p: p.read_bytes() for p in sheet.rglob("*")}
    before_repo = _status()
    out = tmp_path / "out"
    assert main(["build", str(sheet), "--out", str(out)]) == 0
    assert capsys.readouterr().out.rstrip().endswith(f"site: {out / 'html' / 'index.html'}")
    assert {p: p.read_bytes() for p in sheet.rglob("*")} == before_sheet
    assert _status() == before_repo  # nothing written into the repository
    html = out / "html"
    index = (html / "index.html").read_text(encoding="utf-8")
    assert "<title>Linear Notes" in index
    assert "JAX Cheatsheet" not in index
    assert not (html / "gallery").exists()  # no samples, no gallery
    assert not (html / "drift.html").exists() and not (html / "matrix.html").exists()
    markup = (html / "panels" / "markup.html").read_text(encoding="utf-8")
    assert "Markup &lt;tags&gt; &amp; &quot;quotes&quot;" in markup or (
        'Markup &lt;tags&gt; &amp; "quotes"' in markup
    )
    light = (out / "posters" / "cheatsheet-light.svg").read_text(encoding="utf-8")
    assert "∇" in light
    for name in ("cheatsheet-light.png", "cheatsheet-dark.pdf"):
        assert (out / "posters" / name).stat().st_size > 0
    assert (out / "verification" / "cpu.json").is_file()


def test_records_beside_the_pages_give_any_sheet_its_release_pages(
    tmp_path: Path, checker: Runner
) -> None:
    """A sheet of one's own, with pages that are only records: the generated home lists the
    matrix and drift pages, the rows link to their line, and the stamp names the range."""
    sheet = write_sheet(tmp_path / "sheet", {"a.md": PANELS["a.md"], "b.md": PANELS["b.md"]})
    now = check(load_sheet(sheet), runner=checker)
    older = [replace(r, verdict=FAIL, actual="0.99") if r.code.startswith("jnp.linalg") else r
             for r in now.results]  # fmt: skip
    records = tmp_path / "pages" / "records"
    replace(now, environment={**now.environment, "jax": "0.4.30"}, results=tuple(older)).write(
        records / "jax-0.4.30-cpu.json"
    )
    out = tmp_path / "out"
    assert main(["build", str(sheet), "--docs", str(tmp_path / "pages"), "--out", str(out)]) == 0
    html = out / "html"
    index = (html / "index.html").read_text(encoding="utf-8")
    assert 'href="matrix.html"' in index and 'href="drift.html"' in index
    panel_page = (html / "panels" / "linalg.html").read_text(encoding="utf-8")
    jax = now.environment["jax"]
    assert f'href="../matrix.html#m-row-linalg-1">since jax {jax}' in panel_page
    stamp = f"holds on jax 0.4.30-{jax} (2 releases) except 1 row; all rows from {jax}"
    assert stamp in (out / "posters" / "cheatsheet-light.svg").read_text(encoding="utf-8")
