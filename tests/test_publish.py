"""`jax-cheatsheet build`: any sheet, anywhere, into one folder and nowhere else."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from helpers import panel, write_sheet
from jax_cheatsheet.cli import main

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
