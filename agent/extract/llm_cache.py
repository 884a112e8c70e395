"""On-disk cache of validated model replies, so eval reruns and repeated reviews cost nothing.

The key is the model, the prompt versions, the response schema and the exact excerpt text:
change any of them and the request is made again.  Only replies that passed validation are
stored; entries are small JSON files written atomically.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir

from agent.atomic import atomic_write_text


def default_cache_dir() -> Path:
    return Path(user_cache_dir("budget-review")) / "llm"


class ReplyCache:
    def __init__(self, directory: str | Path | None = None, enabled: bool = True) -> None:
        self.dir = Path(directory) if directory else default_cache_dir()
        self.enabled = enabled

    @staticmethod
    def key(model: str, prompt_refs: list[str], schema: dict[str, Any], excerpt: str) -> str:
        raw = json.dumps([model, prompt_refs, schema, hashlib.sha256(excerpt.encode()).hexdigest()],
                         ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(raw.encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        if not self.enabled:
            return None
        try:
            return json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, key: str, value: dict[str, Any]) -> None:
        if not self.enabled:
            return
        try:  # no fsync: a cache entry lost in a power cut is only a missed saving
            atomic_write_text(self._path(key), json.dumps(value, ensure_ascii=False), durable=False)
        except OSError:
            pass  # a cache that cannot be written is only a missed saving
