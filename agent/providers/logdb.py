"""A log of every prompt sent to a model and every reply (or failure), in SQLite, as simonw/llm keeps one.

Why: a reviewer who sees "语言模型回复不合格式" must be able to look at what was sent and what came
back (``budget-review logs``), and a maintainer needs the same to tune prompts.  The database is
``logs.db`` in the user data folder (platformdirs); BUDGET_REVIEW_LOGS_DB names another file and
BUDGET_REVIEW_LOGS=off turns logging off.  A log that cannot be written never fails a review: the
reason is logged through ``logging`` and the call goes on.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    datetime_utc TEXT NOT NULL,
    purpose TEXT NOT NULL,          -- extract | relations | chat | polish
    grp TEXT,                       -- fact group, when extracting
    provider TEXT,
    model TEXT,
    prompt_json TEXT NOT NULL,      -- the messages, as [[role, text], ...]
    options_json TEXT,              -- response_format and other request options
    response TEXT,                  -- the reply text (null when the call failed)
    status TEXT NOT NULL,           -- ok | invalid | ungrounded | error | cached
    error TEXT,
    duration_ms INTEGER,
    input_tokens INTEGER,
    output_tokens INTEGER,
    document TEXT
);
CREATE INDEX IF NOT EXISTS responses_datetime ON responses(datetime_utc);
"""


def default_log_path() -> Path:
    return Path(user_data_dir("budget-review")) / "logs.db"


def log_path() -> Path | None:
    """The database file, or None when logging is off."""
    if os.environ.get("BUDGET_REVIEW_LOGS", "").strip().lower() in ("off", "0", "false", "no"):
        return None
    env = os.environ.get("BUDGET_REVIEW_LOGS_DB")
    return Path(env) if env else default_log_path()


@dataclass
class Entry:
    purpose: str
    messages: list[tuple[str, str]]
    options: dict[str, Any] | None = None
    group: str | None = None
    provider: str | None = None
    model: str | None = None
    document: str | None = None
    started: float = 0.0

    def __post_init__(self) -> None:
        self.started = self.started or time.monotonic()


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=5)
    conn.executescript(SCHEMA)
    return conn


def record(entry: Entry, *, response: str | None, status: str, error: str | None = None,
           input_tokens: int | None = None, output_tokens: int | None = None) -> None:
    """Append one prompt/reply row; failures to write are logged, never raised."""
    path = log_path()
    if path is None:
        return
    row = (time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()), entry.purpose, entry.group, entry.provider,
           entry.model, json.dumps([list(m) for m in entry.messages], ensure_ascii=False),
           json.dumps(entry.options, ensure_ascii=False) if entry.options else None, response, status, error,
           int((time.monotonic() - entry.started) * 1000), input_tokens, output_tokens, entry.document)
    try:
        with _connect(path) as conn:
            conn.execute(
                "INSERT INTO responses (datetime_utc, purpose, grp, provider, model, prompt_json, options_json, "
                "response, status, error, duration_ms, input_tokens, output_tokens, document) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", row)
        conn.close()
    except (OSError, sqlite3.Error) as e:
        log.warning("cannot write the prompt log %s: %s", path, e)


def recent(n: int = 3, path: Path | None = None) -> list[dict[str, Any]]:
    """The last ``n`` rows, newest first, as dicts (prompt/options decoded)."""
    path = path or log_path()
    if path is None or not path.is_file():
        return []
    conn = _connect(path)
    conn.row_factory = sqlite3.Row
    try:
        rows = conn.execute("SELECT * FROM responses ORDER BY id DESC LIMIT ?", (max(0, n),)).fetchall()
    finally:
        conn.close()
    out = []
    for r in rows:
        d = dict(r)
        d["group"] = d.pop("grp")
        d["prompt"] = json.loads(d.pop("prompt_json"))
        opts = d.pop("options_json")
        d["options"] = json.loads(opts) if opts else None
        out.append(d)
    return out
