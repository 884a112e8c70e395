"""Options and helpers shared by command modules."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


class Lang(StrEnum):
    ZH = "zh"
    EN = "en"


class FailOn(StrEnum):
    ERROR = "error"
    WARNING = "warning"


def write_out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


# The output format a file name asks for; `--out memo.docx` alone must write Word, not JSON.
SUFFIX_FORMATS = {".docx": "docx", ".xlsx": "xlsx", ".md": "markdown", ".markdown": "markdown",
                  ".json": "json", ".txt": "text"}


def format_for_out(fmt: str | None, out: Path | None, default: str) -> str:
    """The format to write: ``--format`` if given, else the one ``--out``'s suffix names, else ``default``.

    A ``--format`` that contradicts a known suffix is a usage error (exit 2) rather than a file
    whose name lies about its content.
    """
    from agent.errors import UsageError

    fmt = str(getattr(fmt, "value", fmt)) if fmt is not None else None
    inferred = SUFFIX_FORMATS.get(out.suffix.lower()) if out is not None else None
    if fmt and inferred and fmt != inferred and out is not None:
        raise UsageError(f"--format {fmt} conflicts with --out {out.name} (a {out.suffix} file is {inferred}); "
                         f"drop --format or change the file name")
    return fmt or inferred or default


def with_replies(settings, provider: str | None, replies: Path | None):  # noqa: ANN001, ANN201
    """``--replies DIR``: the scripted provider answering from per-document reply files (docs/llm.md).

    Implies ``--provider scripted``; with another provider it is a usage error, not ignored.
    Returns (settings, provider).
    """
    if replies is None:
        return settings, provider
    from agent.errors import UsageError

    if provider not in (None, "scripted"):
        raise UsageError(f"--replies answers through the scripted provider; drop --provider {provider}")
    if not replies.is_dir():
        raise UsageError(f"--replies {replies}: not a folder of <document stem>.yaml reply files")
    llm = settings.llm.model_copy(update={"provider": "scripted", "replies_dir": str(replies.resolve())})
    return settings.model_copy(update={"llm": llm}), "scripted"
