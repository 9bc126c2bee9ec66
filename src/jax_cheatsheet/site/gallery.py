"""Sample output on the gallery pages: what the checker captured, under each code block.

sphinx-gallery lays a sample out as text and code blocks but does not run it (conf.py turns
that off): the output shown comes from the verification record, so what a reader sees is
what was checked. A build writes each sample's block outputs to a small JSON file, only when
they changed; reading a gallery page puts them into its doctree. The samples' zip downloads
are rewritten with one date, so two builds offer the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
import textwrap
import zipfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from docutils import nodes  # type: ignore[import-untyped]
from sphinx_gallery.py_source_parser import (
    remove_config_comments,
    remove_ignore_blocks,
    split_code_and_text_blocks,
)

from jax_cheatsheet.files import write_atomic, write_if_changed
from jax_cheatsheet.model import Sample, Sheet
from jax_cheatsheet.record import Record

#: The class sphinx-gallery gives a block's captured output (its stylesheet knows it).
OUTPUT_CLASS = "sphx-glr-script-out"
#: The earliest date a zip entry can hold (MS-DOS time).
ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class BlockOutput:
    """One code block of a sample, as sphinx-gallery splits it, and what its rows printed."""

    line: int  # the block's first line in the sample
    code: str  # the block's code, as written
    output: str  # the captured stdout of the record's rows inside the block, in order


def block_outputs(sample: Sample, record: Record) -> tuple[BlockOutput, ...]:
    """Each code block of ``sample`` with the output the checker captured for its rows."""
    _, blocks = split_code_and_text_blocks(str(sample.location.path))
    rows = [r for r in record.results if r.kind == "sample" and r.unit == sample.id]
    ends = [int(block.lineno) for block in blocks[1:]] + [sys.maxsize]  # up to the next block
    return tuple(
        BlockOutput(
            line=int(block.lineno),
            code=str(block.content),
            # A statement never straddles two blocks, so its record line (its last) suffices.
            output="".join(r.stdout for r in rows if block.lineno <= r.line < end),
        )
        for block, end in zip(blocks, ends, strict=True)
        if block.type == "code"
    )


def write_outputs(folder: Path, sheet: Sheet, record: Record) -> None:
    """One ``<sample file stem>.json`` per sample in ``folder`` (the gallery page's name).

    A file is rewritten only when its content changed, so only pages whose output changed
    are read again; files of samples that are gone are removed.
    """
    names = set()
    for sample in sheet.samples:
        name = f"{sample.location.path.stem}.json"
        names.add(name)
        data = {"sample": sample.id, "blocks": [asdict(b) for b in block_outputs(sample, record)]}
        write_if_changed(folder / name, json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    for old in folder.glob("*.json"):
        if old.name not in names:
            old.unlink()


def read_outputs(path: Path) -> tuple[BlockOutput, ...]:
    """The block outputs :func:`write_outputs` wrote to ``path``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return tuple(BlockOutput(**block) for block in data["blocks"])


def show_outputs(doctree: nodes.Node, blocks: Sequence[BlockOutput]) -> tuple[BlockOutput, ...]:
    """Put each block's output, if any, under its code on the page; the outputs left unplaced.

    Code blocks are matched in order, by their text as the page shows it.
    """
    pending = list(blocks)
    unplaced: list[BlockOutput] = []
    for code in list(doctree.findall(nodes.literal_block)):
        if str(code.get("language", "")).lower() != "python" or code.parent is None:
            continue
        shown = _normal(code.astext())
        found = next((i for i, b in enumerate(pending) if _normal(b.code) == shown), None)
        if found is None:
            continue
        block = pending[found]
        unplaced += pending[:found]
        del pending[: found + 1]
        if block.output:
            code.parent.insert(code.parent.index(code) + 1, output_node(block.output))
    return tuple(b for b in [*unplaced, *pending] if b.output)


def output_node(text: str) -> nodes.literal_block:
    """Captured output as sphinx-gallery renders it: plain text in an output block."""
    return nodes.literal_block(text, text, classes=[OUTPUT_CLASS], language="none")


def forget_runs(folder: Path) -> None:
    """Remove sphinx-gallery's execution stamps (``*.md5``) under a gallery folder.

    With execution off it writes none; a stamp left by an earlier build that ran the samples
    makes it keep that run's page (its output, its running time) while the sample is unchanged.
    """
    for stamp in folder.rglob("*.md5"):
        stamp.unlink()


def reproducible_zip(path: Path, date: dt.datetime) -> bool:
    """Rewrite the zip at ``path`` with every entry dated ``date`` (UTC) and mode 0644; whether
    its bytes changed.

    sphinx-gallery zips each sample with the files' modification times and modes, which
    differ between two builds (and umasks) of the same sources. Names, order and contents
    stay as they are.
    """
    stamp = max(date, ZIP_EPOCH).astimezone(dt.UTC).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(buffer, "w") as new:
        for info in old.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = info.compress_type
            entry.create_system = 3  # Unix, whatever the platform: the mode below is Unix's
            entry.external_attr = (0o40755 << 16 | 0x10) if info.is_dir() else 0o100644 << 16
            new.writestr(entry, old.read(info))
    data = buffer.getvalue()
    if data == path.read_bytes():
        return False
    write_atomic(path, data)
    return True


def _normal(code: str) -> str:
    """Code as a page shows it: no sphinx-gallery comments, tabs expanded, no trailing space."""
    text = remove_config_comments(remove_ignore_blocks(code)).expandtabs()
    return textwrap.dedent("\n".join(line.rstrip() for line in text.splitlines())).strip("\n")
