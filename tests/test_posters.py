"""The built posters: fresh, deterministic, small, stamped from the record, inked, printable."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from jax_cheatsheet.check.runner import Runner
from jax_cheatsheet.check.service import check
from jax_cheatsheet.cli import default_sheet, main
from jax_cheatsheet.model import Sheet
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.poster import fonts
from jax_cheatsheet.poster.build import render_posters
from jax_cheatsheet.poster.export import export
from jax_cheatsheet.poster.layout import MARGIN, PAGE_HEIGHT, PAGE_WIDTH, layout_page
from jax_cheatsheet.poster.stamp import RecordError, stamp
from jax_cheatsheet.poster.theme import THEMES
from jax_cheatsheet.record import FAIL, Record

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "svg"
CACHE = ROOT / "build" / "cache"
NS = {"s": "http://www.w3.org/2000/svg"}


@pytest.fixture(scope="module")
def sheet() -> Sheet:
    return load_sheet(default_sheet())


@pytest.fixture(scope="module")
def record(sheet: Sheet, checker: Runner) -> Record:
    return check(sheet, runner=checker)


@pytest.fixture(scope="module")
def files(sheet: Sheet, record: Record) -> dict[str, str]:
    return render_posters(sheet, record, CACHE)


def test_committed_svgs_equal_a_fresh_render(files: dict[str, str]) -> None:
    committed = {
        p.relative_to(SVG).as_posix(): p.read_text("utf-8") for p in SVG.rglob("*") if p.is_file()
    }
    assert sorted(committed) == sorted(files), "svg/ is stale: run ./dev build"
    stale = [name for name, text in files.items() if committed[name] != text]
    assert stale == [], "svg/ is stale: run ./dev build"


def test_every_poster_file_exists_per_theme(sheet: Sheet, files: dict[str, str]) -> None:
    for theme in THEMES:
        assert f"cheatsheet-{theme.name}.svg" in files
        for panel in sheet.panels:
            assert f"panels/{panel.id}-{theme.name}.svg" in files
    assert len(files) == 2 * (1 + len(sheet.panels)) + 1
    assert "SIL OPEN FONT LICENSE" in files["JetBrainsMono-OFL.txt"].upper()


def test_rendering_is_byte_identical_even_with_a_fresh_font_cache(
    sheet: Sheet, record: Record, files: dict[str, str], tmp_path: Path
) -> None:
    assert render_posters(sheet, record, tmp_path / "cache") == files


def test_whole_sheets_are_small(files: dict[str, str]) -> None:
    for theme in THEMES:
        assert len(files[f"cheatsheet-{theme.name}.svg"].encode()) <= 150_000


def test_every_file_parses_and_is_accessible(sheet: Sheet, files: dict[str, str]) -> None:
    for name, text in files.items():
        if not name.endswith(".svg"):
            continue
        root = ET.fromstring(text.encode("utf-8"))
        assert root.get("role") == "img", name
        desc = root.findtext("s:desc", namespaces=NS) or ""
        panels = (
            sheet.panels
            if name.startswith("cheatsheet-")
            else [p for p in sheet.panels if name.startswith(f"panels/{p.id}-")]
        )
        for panel in panels:
            assert panel.title in desc
            for row in panel.rows:
                assert row.code.splitlines()[-1] in desc
        links = {a.get("href") for a in root.iter("{http://www.w3.org/2000/svg}a")}
        for panel in panels:
            assert f"{sheet.site_url}panels/{panel.id}.html" in links
            assert panel.see.url in links
        # Nothing is fetched: fonts are embedded, and only link targets are URLs.
        style = root.findtext("s:style", namespaces=NS) or ""
        assert "http" not in style and "url(data:font/woff2;base64," in style


def test_the_page_prints_on_a4_and_letter(files: dict[str, str], sheet: Sheet) -> None:
    root = ET.fromstring(files["cheatsheet-light.svg"].encode())
    assert (root.get("width"), root.get("height")) == ("279.4mm", "210mm")
    assert root.get("viewBox") == "0 0 792 595.28"
    page = layout_page(sheet.panels, fonts.metrics(CACHE))
    assert page.size >= 7
    for box in page.boxes:
        assert box.x >= MARGIN and box.x + box.width <= PAGE_WIDTH - MARGIN + 0.01
        assert box.y >= MARGIN and box.y + box.height <= PAGE_HEIGHT - MARGIN + 0.01


def test_the_stamp_comes_from_the_record(sheet: Sheet, record: Record) -> None:
    checked = [r for r in record.results if r.kind == "panel" and r.expected is not None]
    text = stamp(sheet.panels, record)
    jax = record.environment["jax"]
    assert text == f"verified with jax {jax} on cpu: {len(checked)}/{len(checked)} outputs"
    failing = [
        dataclasses.replace(r, verdict=FAIL) if r is checked[0] else r for r in record.results
    ]
    bad = dataclasses.replace(record, results=tuple(failing))
    assert stamp(sheet.panels, bad).endswith(
        f"{len(checked) - 1}/{len(checked)} outputs, 1 row FAILED"
    )


def test_a_stale_record_is_refused(sheet: Sheet, record: Record) -> None:
    first = sheet.panels[0].checked_rows[0]
    changed = [
        dataclasses.replace(r, expected="something else") if r.id == first.id else r
        for r in record.results
    ]
    with pytest.raises(
        RecordError, match=rf"stale: row {first.id} \(.*01-arrays.md:\d+:\d+\) changed"
    ):
        render_posters(sheet, dataclasses.replace(record, results=tuple(changed)), CACHE)


def test_a_missing_record_is_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["posters", "--record", str(tmp_path / "none.json"), "--out", str(tmp_path / "svg")]
    )
    assert code == 2
    missing = tmp_path / "none.json"
    assert capsys.readouterr().err == (
        f"error: no verification record at {missing}: run `jax-cheatsheet doctest` first\n"
    )
    assert not (tmp_path / "svg").exists()


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_the_png_shows_ink_inside_every_panel_box(
    theme: object, sheet: Sheet, tmp_path: Path
) -> None:
    name = f"cheatsheet-{theme.name}"  # type: ignore[attr-defined]
    png = tmp_path / f"{name}.png"
    export(SVG / f"{name}.svg", png, tmp_path / f"{name}.pdf", CACHE, dpi=72)
    assert (tmp_path / f"{name}.pdf").read_bytes().startswith(b"%PDF")
    image = Image.open(png).convert("RGB")
    assert image.size == (792, 595)
    panel_colour = tuple(int(theme.panel[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[attr-defined]
    page = layout_page(sheet.panels, fonts.metrics(CACHE))
    for box in page.boxes:
        inside = (box.x + 3, box.y + 3, box.x + box.width - 3, box.y + box.height - 3)
        pixels = np.asarray(image.crop(tuple(int(v) for v in inside)), dtype=int)
        inked = (np.abs(pixels - np.array(panel_colour)).sum(axis=2) > 120).mean()
        assert inked > 0.02, (box.panel_id, inked)
