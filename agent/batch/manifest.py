"""The batch manifest: one small JSON file per finished report under ``OUT/.manifest/``.

Why one file per report and not one big file: a worker finishing a report writes only its own
entry (atomically), so there is nothing to rewrite, nothing to lock, and workers on several
machines can share the folder.  The entry is written *last*, after the report's outputs, so it
is the commit point: an entry on disk means the outputs it lists are whole.

An entry's key is a sha256 over the report's content hash, its path relative to the batch
root, and the *config fingerprint* (tool version, effective settings, provider, model, rule
selection, language).  Change the file, the settings or the tool and the key changes, so the
report is reviewed again; change nothing and a rerun skips it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from agent.errors import BudgetReviewError
from agent.render.atomic import atomic_write_text

MANIFEST_DIR = ".manifest"
MANIFEST_VERSION = 1

# Settings that do not change what a review produces, so changing them must not redo a batch.
_VOLATILE = {("llm", "api_key"), ("llm", "timeout"), ("llm", "max_retries"), ("llm", "cache_dir"),
             ("transcripts_dir",), ("chroma_url",)}

log = logging.getLogger(__name__)


class ManifestEntry(BaseModel):
    """What one report's review produced (or why it failed)."""

    manifest_version: int = MANIFEST_VERSION
    key: str
    rel: str = Field(description="path of the report relative to the batch root (POSIX separators)")
    source: str = Field(description="absolute path the report was read from")
    sha256: str
    config_hash: str
    tool_version: str
    provider: str | None = None
    model: str | None = None
    status: Literal["ok", "failed"]
    error: str | None = Field(default=None, description="one-line reason when status is failed")
    total: int = 0
    by_severity: dict[str, int] = Field(default_factory=dict)
    by_rule: dict[str, int] = Field(default_factory=dict)
    title: str | None = None
    unit_name: str | None = None
    year: int | None = None
    formats: list[str] = Field(default_factory=list)
    outputs: dict[str, str] = Field(default_factory=dict, description="format -> path relative to OUT")
    coverage: dict[str, int] = Field(default_factory=dict, description="checked/held/failed/not_verified/unread "
                                     "counts of ReviewResult.coverage")
    run_id: str
    finished_at: str
    seconds: float = 0.0
    worker: str = Field(default="", description="host:pid that did the work")
    degraded: bool = Field(default=False, description="an LLM step fell back or was rejected (ReviewResult.tool)")
    notices: list[str] = Field(default_factory=list, description="the LLM notices, in the batch's language")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _drop_volatile(data: dict[str, Any]) -> dict[str, Any]:
    out = json.loads(json.dumps(data, default=str))
    for path in _VOLATILE:
        node = out
        for part in path[:-1]:
            node = node.get(part, {}) if isinstance(node, dict) else {}
        if isinstance(node, dict):
            node.pop(path[-1], None)
    return out


def config_fingerprint(settings_dump: dict[str, Any], *, tool_version: str, provider: str | None,
                       model: str | None, rules: list[str] | None, lang: str) -> str:
    """Hash of everything that changes a review's output, except the file itself and the formats."""
    payload = {
        "manifest_version": MANIFEST_VERSION,
        "tool_version": tool_version,
        "settings": _drop_volatile(settings_dump),
        "provider": provider,
        "model": model,
        "rules": sorted(rules) if rules else None,
        "lang": lang,
    }
    raw = json.dumps(payload, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def entry_key(sha256: str, rel: str, config_hash: str) -> str:
    return hashlib.sha256(f"{sha256}\n{rel}\n{config_hash}".encode()).hexdigest()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1


class BatchLockedError(BudgetReviewError):
    """Another batch is writing into the same OUT."""


@contextlib.contextmanager
def batch_lock(out_dir: str | Path) -> Iterator[None]:
    """Hold an exclusive lock on OUT for the whole run, so two batches never share one OUT.

    ``flock`` rather than a lock file: the kernel drops it when its process dies, even by SIGKILL,
    so a killed batch never leaves a stale lock behind for the rerun.
    """
    try:
        import fcntl
    except ImportError:  # not POSIX (Windows): run unlocked
        yield
        return
    path = Path(out_dir) / MANIFEST_DIR / "lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
            raise BatchLockedError(f"another batch is running on this output folder ({holder})", out_dir) from None
        mine = f"{socket.gethostname()}:{os.getpid()} since {now_iso()}\n".encode()
        os.pwrite(fd, mine, 0)
        os.ftruncate(fd, len(mine))
        yield
    finally:
        os.close(fd)  # releases the lock


class Manifest:
    """The ``OUT/.manifest`` folder."""

    def __init__(self, out_dir: str | Path):
        self.out_dir = Path(out_dir)
        self.dir = self.out_dir / MANIFEST_DIR

    def path(self, key: str) -> Path:
        return self.dir / f"{key}.json"

    def read(self, key: str) -> ManifestEntry | None:
        try:
            return ManifestEntry.model_validate_json(self.path(key).read_bytes())
        except FileNotFoundError:
            return None
        except ValueError as e:
            log.debug("manifest entry %s unreadable, review again: %s", key, e)
            return None  # absent, or unreadable (a foreign file): treated as not done

    def write(self, entry: ManifestEntry, durable: bool = True) -> None:
        atomic_write_text(self.path(entry.key), entry.model_dump_json(indent=1), durable=durable)

    def is_done(self, key: str, formats: list[str]) -> ManifestEntry | None:
        """The entry when the report finished OK with every requested format still on disk."""
        entry = self.read(key)
        if entry is None or entry.status != "ok" or not set(formats) <= set(entry.formats):
            return None
        for fmt, rel in entry.outputs.items():
            if fmt in formats and _size(self.out_dir / rel) <= 0:  # missing, or emptied by a power cut
                return None
        return entry

    def entries(self) -> list[ManifestEntry]:
        if not self.dir.is_dir():
            return []
        out = []
        for name in sorted(os.listdir(self.dir)):
            if name.endswith(".json") and not name.startswith("."):
                e = self.read(name[:-5])
                if e is not None:
                    out.append(e)
        return out
