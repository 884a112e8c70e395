"""Load a report file into one ``Document``: verbatim text, section tree, tables, provenance blocks.

Every loader produces text in one convention (paragraphs as lines; a table as one cell per
line behind a tab, rows separated by blank lines — the layout of Word's text export), so the
section and table parsers below, and every later stage, read all formats alike.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from agent.errors import EmptyDocumentError, InputError, MissingFileError, UnsupportedFormatError
from agent.ingest.docx import load_docx
from agent.ingest.loaded import LoadedText
from agent.ingest.pdf import load_pdf
from agent.ingest.sections import build_sections
from agent.ingest.tables import find_tables, title_above
from agent.ingest.txt import load_txt
from agent.ingest.xlsx import load_xlsx
from agent.schemas import Document

__all__ = ["SUPPORTED_SUFFIXES", "LoadedText", "detect_format", "load_document", "load_text"]

SUPPORTED_SUFFIXES = {".txt": "txt", ".md": "md", ".docx": "docx", ".pdf": "pdf", ".xlsx": "xlsx"}


def _read(path: Path) -> bytes:
    if not path.exists():
        raise MissingFileError("no such file", path)
    if path.is_dir():
        raise InputError("is a directory, not a report file", path)
    try:
        return path.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", path) from e


def load_text(path: Path, data: bytes, fmt: str) -> LoadedText:
    p = str(path)
    if fmt in ("txt", "md"):
        text, enc = load_txt(data, p)
        return LoadedText(text=text, encoding=enc)
    if fmt == "docx":
        return load_docx(data, p)
    if fmt == "pdf":
        return load_pdf(data, p)
    if fmt == "xlsx":
        return load_xlsx(data, p)
    raise UnsupportedFormatError(f"unsupported format {fmt!r}", p)


def detect_format(path: Path) -> str:
    fmt = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise UnsupportedFormatError(f"unsupported file type {path.suffix or '(none)'!r} (supported: {supported})", path)
    return fmt


def load_document(path: str | Path) -> Document:
    path = Path(path)
    if not path.exists():
        raise MissingFileError("no such file", path)
    if path.is_dir():
        raise InputError("is a directory, not a report file", path)
    fmt = detect_format(path)
    data = _read(path)
    if not data:
        raise EmptyDocumentError("file is empty (0 bytes)", path)
    loaded = load_text(path, data, fmt)
    if not loaded.text.strip():
        raise EmptyDocumentError("document contains no text", path)
    sha = hashlib.sha256(data).hexdigest()
    if loaded.tables is not None:
        tables = loaded.tables
        for t in tables:
            t.title = t.title or title_above(loaded.text, t.start)
    else:
        tables = find_tables(loaded.text)
    for t in tables:  # PDF tables keep the page they stand on
        t.page = t.page or next((b.page for b in loaded.blocks if b.start <= t.start < b.end), None)
    return Document(
        id=sha[:16],
        path=str(path),
        format=fmt,  # type: ignore[arg-type]
        sha256=sha,
        encoding=loaded.encoding,
        text=loaded.text,
        sections=build_sections(loaded.text),
        tables=tables,
        blocks=loaded.blocks,
    )
