"""Errors are values with a one-line, user-facing message; the CLI turns them into exit codes.

Exit codes (documented in the README):
  1  findings at or above --fail-on were reported (not an error)
  2  usage error (bad flag or argument)
  3  input error: the file is missing, unreadable, empty, of an unsupported type or damaged
  4  configuration error
  5  provider (LLM endpoint) error that could not be recovered
  6  vector store error
"""

from __future__ import annotations

from pathlib import Path


class BudgetReviewError(Exception):
    exit_code = 3

    def __init__(self, cause: str, path: str | Path | None = None):
        self.cause = cause
        self.path = str(path) if path is not None else None
        super().__init__(self.one_line())

    def one_line(self) -> str:
        return f"{self.path}: {self.cause}" if self.path else self.cause


class UsageError(BudgetReviewError):
    """Options that contradict each other (e.g. ``--format json --out memo.docx``)."""

    exit_code = 2


class InputError(BudgetReviewError):
    """The input file cannot be loaded."""


class MissingFileError(InputError):
    pass


class UnsupportedFormatError(InputError):
    pass


class EmptyDocumentError(InputError):
    pass


class CorruptDocumentError(InputError):
    pass


class NoTextLayerError(InputError):
    pass


class EncryptedDocumentError(InputError):
    pass


class ConfigError(BudgetReviewError):
    exit_code = 4


class ProviderError(BudgetReviewError):
    exit_code = 5


class StoreError(BudgetReviewError):
    exit_code = 6
