"""The release pages: the matrix (rows x releases, since when each holds) and drift by step."""

from __future__ import annotations

import html
from dataclasses import replace
from pathlib import Path

from playwright.sync_api import Browser

from conftest import ROOT
from jax_cheatsheet.matrix import build_matrix
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.record import ERROR, FAIL, PASS, RAN, Record, RowResult, read_record
from jax_cheatsheet.site.comparisons import comparisons
from jax_cheatsheet.site.releases import drift_steps, matrix_page, since_text
from jax_cheatsheet.upgrade import declared_bound


def _record(jax: str, rows: list[tuple[str, str, str]], backend: str = "cpu") -> Record:
    """Rows of (code, printed, verdict) in one panel ``p``."""
    results = tuple(
        RowResult(f"p:{n}", "p", "panel", "p.md", 10 + n, code, "[1 2]", printed, verdict)
        for n, (code, printed, verdict) in enumerate(rows, 1)
    )
    return Record({"jax": jax, "backend": backend}, "S", results)


OLD = _record(
    "0.4.30",
    [("f(1)", "[1 2]", PASS), ("g(<b>)", "[9 9]", FAIL), ("h()", "", ERROR), ("k()", "", RAN)],
)
NEW = _record(
    "0.5.3",
    [("f(1)", "[1 2]", PASS), ("g(<b>)", "[1 2]", PASS), ("h()", "[1 2]", PASS), ("k()", "", RAN)],
)


def test_each_row_names_since_when_it_holds_in_words_and_signs() -> None:
    old = replace(
        OLD,
        results=(
            *OLD.results[:2],
            replace(
                OLD.results[2], raised="AttributeError", detail="raised AttributeError: no such API"
            ),
            OLD.results[3],
        ),
    )
    matrix = build_matrix(NEW, [old, replace(NEW, environment={"jax": "0.5.3", "backend": "gpu"})])
    page = matrix_page(matrix)
    assert page.startswith("# Rows across JAX releases")
    assert "2 rows do not hold on every release; every row holds from jax 0\\.5\\.3 on" in page
    rows = page.split('<tr id="')[1:]
    assert [r.split('"')[0] for r in rows] == [f"m-row-p-{n}" for n in range(1, 5)]
    assert "<td>all</td>" in rows[0] and "<td>since jax 0.5.3</td>" in rows[1]
    # A failing cell: sign, word and why, and the value printed where it differs.
    assert '<span aria-hidden="true">✗ </span>FAILS</span><br><code>[9 9]</code>' in rows[1]
    assert "ERROR</span><br><small>raised AttributeError: no such API</small>" in rows[2]
    assert '<span aria-hidden="true">✓ </span>holds</span>' in rows[0]
    # Code is escaped; each row links to its place on its panel page.
    assert html.escape("g(<b>)") in rows[1] and "g(<b>)" not in page
    assert 'href="panels/p.html#row-p-2"' in rows[1]
    assert "0.5.3<br><small>gpu</small>" in page
    assert [since_text(row, matrix) for row in matrix.rows] == [
        "",
        "since jax 0.5.3",
        "since jax 0.5.3",
        "",
    ]


def test_a_row_failing_at_the_pin_says_so() -> None:
    broken = replace(NEW, results=(replace(NEW.results[0], verdict=FAIL), *NEW.results[1:]))
    matrix = build_matrix(broken, [OLD])
    assert since_text(matrix.rows[0], matrix) == "fails on jax 0.5.3"
    assert "every row holds" not in matrix_page(matrix)


def test_drift_has_one_section_per_release_step() -> None:
    mid = replace(NEW, environment={"jax": "0.5.0", "backend": "cpu"})
    page = drift_steps([OLD, mid, NEW])
    sections = page.split("\n## ")[1:]
    assert [s.splitlines()[0] for s in sections] == [
        "jax 0\\.4\\.30 to 0\\.5\\.0 on cpu",
        "jax 0\\.5\\.0 to 0\\.5\\.3 on cpu",
    ]
    summary = "2 of 4 rows print differently (jax 0.4.30 on cpu to jax 0.5.0 on cpu):"
    assert f'aria-label="{summary}"' in sections[0]
    assert "<td><code>[9 9]</code><br><em>FAILS</em></td><td><code>[1 2]</code></td>" in sections[0]
    assert "(no output)<br><em>ERROR</em>" in sections[0]
    assert sections[1].splitlines()[2].startswith("No row prints differently")


def test_record_text_on_the_drift_page_is_never_markup() -> None:
    """A row's code or output holding backticks and tags shows as text."""
    code = "f(`x`) # <script>alert(1)</script>"
    hostile = replace(OLD, results=(replace(OLD.results[0], code=code, actual="<b>`1`</b>"),))
    fixed = replace(NEW, results=(replace(NEW.results[0], code=code),))
    page = drift_steps([hostile, fixed])
    assert "<script>" not in page and "<b>" not in page
    assert html.escape(code) in page and html.escape("<b>`1`</b>") in page


def test_a_row_that_changed_links_to_its_line_in_the_matrix(browser: Browser, base: str) -> None:
    """On the built site: the random panel's draws say "since jax X" (X the measured bound),
    and following the link lands on that row of the matrix, which shows the old release's
    verdict in words."""
    bound = declared_bound(ROOT / "pyproject.toml")
    page = browser.new_page()
    try:
        page.goto(f"{base}panels/random.html")
        since = page.locator("a.cs-since")
        assert since.count() == 5
        assert " ".join(since.first.inner_text().split()) == (
            f"since jax {bound} : this row in the release matrix"
        )
        assert page.locator("a.cs-releases").count() == 3  # the key, split and fold_in rows
        since.first.click()
        page.wait_for_load_state()
        assert page.url.endswith("matrix.html#m-row-random-3")
        row = page.locator("tr:target")
        assert row.locator("td").nth(1).inner_text() == f"since jax {bound}"
        first = row.locator("td").nth(2).inner_text()  # the oldest release on record
        assert first.startswith("✗ FAILS") and "[ 1.8160863" in first
        assert row.locator("td").nth(2).evaluate("e => e.getBoundingClientRect().top") >= 0
    finally:
        page.close()


def test_a_record_older_than_the_sheet_is_named_on_the_matrix_page(tmp_path: Path) -> None:
    sheet = load_sheet(ROOT / "cheatsheet")
    pin = read_record(ROOT / "docs" / "records" / "jax-0.10.2-cpu.json")
    old = read_record(ROOT / "docs" / "records" / "jax-0.5.3-cpu.json")
    old.write(tmp_path / "fresh.json")
    assert "Older than the sheet" not in comparisons(tmp_path, sheet, pin)[1]["matrix.md"]
    replace(old, results=old.results[1:]).write(tmp_path / "fresh.json")  # a row since added
    page = comparisons(tmp_path, sheet, pin)[1]["matrix.md"]
    assert "**Older than the sheet:** jax 0\\.5\\.3 on cpu (1 row added, removed or edited" in page
    assert "<td>(not in this record)</td>" in page
