"""Generated site pages: hostile snippet text stays text, failures show, copies are code."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

from helpers import panel, write_sheet
from jax_cheatsheet.check.runner import Runner
from jax_cheatsheet.check.service import check
from jax_cheatsheet.cli import default_sheet
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.record import Record
from jax_cheatsheet.site.markup import raw
from jax_cheatsheet.site.pages import GENERATED, panel_program, render_pages

HOSTILE = "s = \"<script>x</script> & ```\"; s   # markup -> '<script>x</script> & ```'"


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
