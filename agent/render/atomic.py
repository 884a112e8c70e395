"""Crash-safe file writes: a reader (or a rerun after SIGKILL) sees the old file or the new one, never half.

Every output of a batch goes through here.  The data is written to a temporary file in the
*same directory* (so ``os.replace`` is a rename on one file system, which POSIX makes atomic),
flushed and (by default) fsynced, then renamed over the target; the directory is fsynced too so
the rename survives a power cut, not only a killed process.  ``durable=False`` keeps only the
rename (enough against killed processes); ``sync_dir=False`` lets a caller fsync a folder once
after several files.  Temporary files carry the ``.brtmp-`` prefix,
so a batch can sweep the ones a killed run left behind (they are never mistaken for outputs).
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

TMP_PREFIX = ".brtmp-"

log = logging.getLogger(__name__)


def fsync_dir(directory: Path) -> None:
    """Make the renames in ``directory`` durable."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError as e:  # some network file systems refuse to open directories
        log.debug("cannot open %s to fsync it: %s", directory, e)
        return
    try:
        os.fsync(fd)
    except OSError as e:
        log.debug("fsync of directory %s failed: %s", directory, e)
    finally:
        os.close(fd)


def temp_path_for(path: Path) -> Path:
    """A fresh temporary name beside ``path`` that keeps its suffix (writers that check it stay happy)."""
    return path.with_name(f"{TMP_PREFIX}{secrets.token_hex(4)}-{path.name}")


def commit(tmp: Path, path: Path, *, durable: bool = True, sync_dir: bool = True) -> None:
    """Fsync ``tmp`` and rename it over ``path`` (sync_dir=False: the caller fsyncs the directory once
    for several files)."""
    if durable:
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
    os.replace(tmp, path)
    if durable and sync_dir:
        fsync_dir(path.parent)


def atomic_write_bytes(path: str | Path, data: bytes, *, durable: bool = True, sync_dir: bool = True) -> None:
    with atomic_path(path, durable=durable, sync_dir=sync_dir) as tmp:
        tmp.write_bytes(data)


def atomic_write_text(path: str | Path, text: str, *, durable: bool = True, sync_dir: bool = True) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), durable=durable, sync_dir=sync_dir)


@contextlib.contextmanager
def atomic_path(path: str | Path, *, durable: bool = True, sync_dir: bool = True) -> Iterator[Path]:
    """Yield a temporary path for a writer that wants a file name (docx, xlsx); commit it on success."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path_for(path)
    try:
        yield tmp
        if not tmp.exists():
            raise OSError(f"writer produced no file at {tmp}")
        commit(tmp, path, durable=durable, sync_dir=sync_dir)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def sweep_temp_files(root: str | Path) -> int:
    """Delete temporary files a killed run left under ``root``; returns how many."""
    root = Path(root)
    if not root.is_dir():
        return 0
    n = 0
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            if TMP_PREFIX in name:  # ours, or a writer's own temp file beside one of ours
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(dirpath, name))
                    n += 1
    return n
