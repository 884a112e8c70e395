"""Chat transcripts as JSONL, one object per turn, so a review conversation can be audited later.

Why JSONL: appending a line per turn survives a crash mid-session and needs no reader library.
The folder is ``--transcripts DIR``, else ``settings.transcripts_dir``, else the platform's user
data folder (``platformdirs.user_data_dir('budget-review')/transcripts``).
"""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir


def default_dir() -> Path:
    return Path(user_data_dir("budget-review")) / "transcripts"


class Transcript:
    def __init__(self, folder: str | Path | None, documents: list[str], provider: str) -> None:
        self.folder = Path(folder).expanduser() if folder else default_dir()
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        self.path = self.folder / f"chat-{stamp}-{os.getpid()}.jsonl"
        self.documents = documents
        self.provider = provider
        self.failed = False

    def record(self, user: str, answer: str, *, mode: str, tool_calls: list[dict[str, Any]] | None = None,
               grounded: list[str] | None = None, ungrounded: list[str] | None = None,
               bad_quotes: list[str] | None = None, cancelled: bool = False) -> None:
        row = {
            "time": datetime.now(UTC).isoformat(timespec="seconds"),
            "documents": self.documents,
            "provider": self.provider,
            "mode": mode,  # command | retrieval | llm
            "user": user,
            "answer": answer,
            "tool_calls": tool_calls or [],
            "grounded_numbers": grounded or [],
            "ungrounded_numbers": ungrounded or [],
            "unverified_quotes": bad_quotes or [],
            "cancelled": cancelled,
        }
        try:
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        except OSError as e:  # a full disk must not end the review session
            if not self.failed:
                print(f"budget-review: note: cannot write transcript {self.path}: {e}", file=sys.stderr)
            self.failed = True
