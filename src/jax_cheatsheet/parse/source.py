"""Read a source file as text: UTF-8 (a BOM allowed), any line endings, errors located."""

from __future__ import annotations

import codecs
from pathlib import Path

from jax_cheatsheet.errors import SourceError


def read_source(path: Path) -> str:
    """The file's text with ``\\n`` line endings; a located error if it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as error:
        why = "a symlink loop" if error.errno == 40 else (error.strerror or str(error))
        raise SourceError(path, 1, f"cannot read this file: {why}") from None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1
        byte = data[error.start]
        raise SourceError(path, line, f"not UTF-8 (byte 0x{byte:02x})", column) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
