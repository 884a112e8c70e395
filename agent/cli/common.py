"""Options and helpers shared by command modules."""

from __future__ import annotations

import sys
from enum import StrEnum


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
