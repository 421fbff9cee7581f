"""Where generated documents go, and writing them so a reader never sees half a file."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from vendor_eval import config
from vendor_eval.errors import InputError


def output_path(project_key: str, output: Path | None, suffix: str, option: str) -> Path:
    """The file the user named (checked), or `reports/<project>-<suffix>` by default."""
    if output is None:
        folder = Path(config.REPORTS_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{project_key}-{suffix}"
    return checked_target(output, f"{project_key}-{suffix}", option)


def checked_target(output: Path, example: str, option: str = "--output") -> Path:
    """The file a user named to write, refused early if it is a folder or its folder is missing."""
    target = Path(output).expanduser()
    if target.is_dir():
        raise InputError(f"is a folder; give a file name such as {example}",
                         file=str(target), column=option)
    if not target.parent.is_dir():
        raise InputError(f"folder {target.parent} does not exist", file=str(target),
                         column=option)
    return target


def write_file(output: Path, content: bytes, example: str, option: str = "--output") -> Path:
    """Write `content` to the file a user named, all at once: a reader never sees half a file,
    and a failed write leaves an earlier file intact."""
    target = checked_target(output, example, option)
    temporary: Path | None = None
    try:
        temporary = write_beside(target, content)
        os.replace(temporary, target)
    except OSError as exc:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        raise InputError(f"cannot write the file ({exc.strerror})", file=str(target)) from None
    return target


def write_beside(target: Path, content: bytes) -> Path:
    """A fully written temporary file in the target's folder, so os.replace is atomic."""
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary
