"""From a user's file to text, once: missing files, the byte-order mark, emptiness and UTF-8.

Every reader (tables, pilot files, matrices, pairwise judgements, profiles, exports) starts
here, so the same mistake gets the same sentence and names the same place: the file, and for
bad bytes the line they stand on.
"""

from __future__ import annotations

from pathlib import Path

from vendor_eval.errors import InputError

BOM = b"\xef\xbb\xbf"  # what Excel's "CSV UTF-8" puts first; not part of the content


def read_bytes(path: Path | str) -> bytes:
    """A file's content, or an error naming it: missing, a folder, or unreadable."""
    path = Path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", file=str(path)) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", file=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", file=str(path)) from None


def content(raw: bytes, name: str, expected: str) -> bytes:
    """`raw` without a byte-order mark; refused when nothing but blanks is left."""
    if raw.startswith(BOM):
        raw = raw[len(BOM):]
    if not raw.strip():
        raise InputError(f"is empty; expected {expected}", file=name)
    return raw


def utf8_text(raw: bytes, name: str, expected: str) -> str:
    """The text of a file: see `content`; bytes that are not UTF-8 are refused by line."""
    return _decoded(content(raw, name, expected), name)


def utf8_bytes(raw: bytes, name: str, expected: str) -> bytes:
    """`utf8_text`'s checks, keeping the bytes (for readers that parse bytes themselves)."""
    raw = content(raw, name, expected)
    _decoded(raw, name)
    return raw


def _decoded(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(f"is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8 "
                         f"(in Excel: 'CSV UTF-8')", file=name, row=line) from None


def read_text(path: Path | str, expected: str) -> str:
    """A UTF-8 file's text, or an error naming the file (and the line of a bad byte)."""
    return utf8_text(read_bytes(path), str(path), expected)
