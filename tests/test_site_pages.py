"""Generated site pages: hostile snippet and sheet text stays text, failures show, copies are code.

The site built from a wholly hostile sheet is tested in test_site_hostile.py.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from helpers import panel, write_sheet
from jax_cheatsheet.check.runner import Runner
from jax_cheatsheet.check.service import check
from jax_cheatsheet.cli import default_sheet
from jax_cheatsheet.model import Table
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.record import Record
from jax_cheatsheet.site.markup import PROSE, md_code, md_link, md_text, prose, raw
from jax_cheatsheet.site.pages import GENERATED, panel_program, quickref, render_pages

HOSTILE = "s = \"<script>x</script> & ```\"; s   # markup -> '<script>x</script> & ```'"
#: Sheet text that means markup to HTML, XML, CommonMark or MyST, each meant literally.
LITERAL = [
    "<script>alert(1)</script> & \"q\" 'q' ]]>",
    "# *a* _b_ `c` [d](https://example.org/) <e> {f}`g` $h$ | \\ &amp; ~~i~~ (j)= %k",
    "**bold** __b__ ``code`` <https://example.org/> [^1] [x]: https://example.org/",
    "1. not a list",
    "- not a list either",
    "> not a quote",
    "+++ %not a comment {{ sub }} :::{note} ~~~",
    "&#60; &lt; &copy; &nbsp;",
    "ends in a backslash \\",
    "\\| a pipe \\\\| after backslashes",
    "`tick",
    "tick`",
]
URL = "https://docs.jax.dev/a_(b)*c?d=1&e=2#f"
#: MyST's own Markdown parser, rendering to HTML (its syntax extensions and raw HTML on).
MYST = create_md_parser(MdParserConfig(), RendererHTML)


def inner(rendered: str, *tags: str) -> str:
    """The text inside ``tags`` (outermost first), which make all of ``rendered``: no markup."""
    opening, closing = "".join(f"<{t}>" for t in tags), "".join(f"</{t}>" for t in tags[::-1])
    found = re.fullmatch(f"{opening}(.*){closing}", rendered.strip(), re.S)
    assert found and "<" not in found[1], rendered
    return html.unescape(found[1])


def build(tmp_path: Path, snippet: str, checker: Runner) -> tuple[dict[str, str], Record]:
    sheet = load_sheet(write_sheet(tmp_path, {"a.md": panel(snippet, id="a")}))
    record = check(sheet, runner=checker)
    return render_pages(sheet, record), record


def test_snippet_markup_is_shown_as_text(tmp_path: Path, checker: Runner) -> None:
    pages, record = build(tmp_path, HOSTILE, checker)
    assert record.ok, record.failures
    for name in ("panels/a.md", "verification.md"):
        blocks = re.findall(r"(`{3,}){raw} html\n(.*?)\n\1\n", pages[name], re.S)
        assert blocks, name
        for _, markup in blocks:
            assert "<script>" not in markup, name
        assert any("&lt;script&gt;x&lt;/script&gt; &amp;" in markup for _, markup in blocks)
    # Outside raw HTML the code only appears in a literal code block, which Sphinx escapes.
    program = pages["panels/a.md"].split("````python\n", 1)[1].split("\n````", 1)[0]
    assert program.endswith('s = "<script>x</script> & ```"; s')
    # The raw block's fence is longer than any run of backticks inside it.
    assert "````{raw} html" in pages["panels/a.md"]


def test_a_failing_row_is_shown_failed(tmp_path: Path, checker: Runner) -> None:
    pages, record = build(tmp_path, "1 + 1   # arithmetic -> 3", checker)
    assert [r.verdict for r in record.results] == ["fail"]
    assert 'class="cs-row cs-fail"' in pages["panels/a.md"]
    assert "JAX printed: <code>2</code>" in pages["panels/a.md"]
    assert '<span class="cs-status cs-fail">FAILED</span>' in pages["verification.md"]
    assert "0 of 1 documented outputs hold" in pages["verification.md"]
    assert all(name.split("/")[0] in GENERATED for name in pages)  # what serve and .gitignore skip


def test_copyable_code_holds_no_output(tmp_path: Path, checker: Runner) -> None:
    pages, _ = build(tmp_path, "jnp.arange(3)   # a range -> [0 1 2]", checker)
    blocks = re.findall(r"<pre>(.*?)</pre>", pages["panels/a.md"], re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "", blocks[0]))
    assert text.strip() == "jnp.arange(3)"
    program = pages["panels/a.md"].split("````python\n", 1)[1].split("\n````", 1)[0]
    assert program.endswith("jnp.arange(3)") and "->" not in program


@pytest.mark.parametrize("text", LITERAL)
def test_sheet_text_in_markdown_reads_as_written(text: str) -> None:
    """As a paragraph, heading, tagline, code span or link text, nothing in it is markup."""
    assert inner(MYST.render(md_text(text)), "p") == text
    assert inner(MYST.render(f"# {md_text(text)}"), "h1") == text
    assert inner(MYST.render(f"*{md_text(text)}*"), "p", "em") == text
    assert inner(MYST.render(md_code(text)), "p", "code") == text
    link = re.fullmatch(
        r'<p><a href="([^"<]*)">(.*)</a></p>', MYST.render(md_link(text, URL)).strip()
    )
    assert link and html.unescape(link[1]) == URL and inner(link[2]) == text


def test_sheet_text_in_a_line_folds_its_breaks() -> None:
    assert inner(MYST.render(md_text("two\n  lines\r\n")), "p") == "two lines"
    assert md_code("") == "" and md_text("  ") == ""


def test_a_link_keeps_its_address() -> None:
    odd = 'https://example.org/a b?q="<x>"&y=1\\z'
    link = re.fullmatch(r'<p><a href="([^"<]*)">x</a></p>', MYST.render(md_link("x", odd)).strip())
    assert link and html.unescape(link[1]) == "https://example.org/a%20b?q=%22%3Cx%3E%22&y=1%5Cz"


def test_quickref_cells_read_as_written(tmp_path: Path) -> None:
    sheet = load_sheet(write_sheet(tmp_path, {"a.md": panel("1 + 1   # sum -> 2", id="a")}))
    table = Table(
        LITERAL[0], tuple(LITERAL[:3]), tuple(zip(LITERAL, LITERAL[1:], LITERAL[2:], strict=False))
    )
    page = MYST.render(quickref(replace(sheet, tables=(table,))))
    assert inner(re.findall(r"<h2>.*</h2>", page)[0], "h2") == table.caption
    assert [inner(th, "th") for th in re.findall(r"<th>.*?</th>", page)] == list(table.columns)
    cells = re.findall(r"<td>.*?</td>", page, re.S)
    first = [inner(c, "td", "code") for c in cells[:: len(table.columns)]]
    rest = [inner(c, "td") for n, c in enumerate(cells) if n % len(table.columns)]
    assert first == [row[0] for row in table.rows]
    assert rest == [cell for row in table.rows for cell in row[1:]]


def test_prose_goes_into_the_prose_directive() -> None:
    text = "Some *prose*.\n\n```python\nx = 1\n```"
    assert prose(text) == f"````{{{PROSE}}}\n{text}\n````\n"
    assert prose("\n  \n") == ""


def test_raw_fence_outgrows_backticks() -> None:
    assert raw("a ``` b").startswith("````{raw} html\n")
    assert raw("plain").startswith("```{raw} html\n")


def test_each_whole_panel_program_runs_top_to_bottom(tmp_path: Path) -> None:
    """Run every panel's copyable program as a script, the way a reader would."""
    sheet = load_sheet(default_sheet())
    programs = {p.id: panel_program(sheet, p) for p in sheet.panels}
    driver = tmp_path / "driver.py"
    driver.write_text(
        "import contextlib, io, json, sys\n"
        f"programs = {programs!r}\n"
        "results = {}\n"
        "for name, program in programs.items():\n"
        "    out = io.StringIO()\n"
        "    try:\n"
        "        with contextlib.redirect_stdout(out):\n"
        "            exec(compile(program, name, 'exec'), {'__name__': '__main__'})\n"
        "        results[name] = ['ok', out.getvalue()]\n"
        "    except Exception as error:\n"
        "        results[name] = [type(error).__name__ + ': ' + str(error), out.getvalue()]\n"
        "print(json.dumps(results))\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, str(driver)], capture_output=True, text=True, check=True)
    results = json.loads(done.stdout.splitlines()[-1])
    for panel_ in sheet.panels:
        status, printed = results[panel_.id]
        assert status == "ok", (panel_.id, status)
        raising = [r for r in panel_.rows if r.expectation and r.expectation.values[-1].raises]
        expected = [r.expectation.values[-1].raises for r in raising if r.expectation]
        assert printed.split() == expected, panel_.id  # each documented exception, in order
