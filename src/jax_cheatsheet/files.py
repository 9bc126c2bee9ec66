"""Writing files so that a reader sees the old content or the whole new one, never half."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

#: The date a build stamps where no SOURCE_DATE_EPOCH is set (the earliest a zip can hold).
FIXED_DATE = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
#: Temporary files of ours start with ``.NAME.`` and end with this, beside their target.
TEMP_SUFFIX = ".jcs-tmp"


def write_atomic(path: Path, data: str | bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` through a uniquely named temporary file and one rename.

    Text is written as given (no newline translation), so line endings survive. The file
    keeps its permission bits (``mode`` for a new file, default 0644). The temporary file is
    fsynced before the rename, and removed if anything fails.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if mode is None:
        mode = path.stat().st_mode & 0o7777 if path.exists() else 0o644
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as stream:
            stream.write(data.encode("utf-8") if isinstance(data, str) else data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` unless the file already holds it; return whether it was written."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    write_atomic(path, text)
    return True


def stale_temporaries(path: Path) -> list[Path]:
    """Temporary files an interrupted :func:`write_atomic` of ``path`` left behind."""
    return sorted(path.parent.glob(f".{path.name}.*{TEMP_SUFFIX}"))


def source_date() -> dt.datetime:
    """The date (UTC) a build stamps into the files that hold one: PDFs, zip entries.

    ``SOURCE_DATE_EPOCH`` (seconds since 1970, the reproducible-builds convention) when set;
    otherwise :data:`FIXED_DATE`. Never the clock or a file's time, which differ between two
    builds of the same sources. A malformed value raises ValueError.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return FIXED_DATE
    try:
        return dt.datetime.fromtimestamp(int(value), dt.UTC)
    except (ValueError, OverflowError, OSError) as exc:
        raise ValueError(f"SOURCE_DATE_EPOCH={value!r} is not a date in seconds") from exc
