"""A tiny document model (paragraphs and tables) rendered as seed-style .txt or as real .docx.

The .txt layout is Word's text export, as in the seeds: a paragraph per line; a table as one
"\t<cell>" line per cell (continuation lines of a multi-line cell without the tab) and one blank
line between rows.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field


@dataclass
class Table:
    title_lines: list[str]
    rows: list[list[str]]


@dataclass
class Doc:
    blocks: list[str | Table] = field(default_factory=list)

    def p(self, *lines: str) -> None:
        self.blocks.extend(lines)

    def table(self, title_lines: list[str], rows: list[list[str]]) -> None:
        self.blocks.append(Table(title_lines, rows))

    def index_of(self, needle: str) -> int:
        return next(i for i, b in enumerate(self.blocks) if isinstance(b, str) and needle in b)

    def text(self) -> str:
        out: list[str] = []
        for b in self.blocks:
            if isinstance(b, str):
                out.append(b)
                continue
            out.extend(b.title_lines)
            for r, row in enumerate(b.rows):
                if r:
                    out.append("")
                for cell in row:
                    first, *rest = cell.split("\n")
                    out.append("\t" + first)
                    out.extend(rest)
            out.append("")
        return "\n".join(out) + "\n"

    def docx_bytes(self) -> bytes:
        import docx

        d = docx.Document()
        d.core_properties.author = "eval.generator"
        from datetime import datetime

        fixed = datetime(2025, 1, 1)
        d.core_properties.created = fixed
        d.core_properties.modified = fixed
        d.core_properties.last_modified_by = "eval.generator"
        for b in self.blocks:
            if isinstance(b, str):
                d.add_paragraph(b)
                continue
            for t in b.title_lines:
                d.add_paragraph(t.strip("\t").replace("\t", " "))
            width = max(len(r) for r in b.rows)
            tbl = d.add_table(rows=len(b.rows), cols=width)
            for r, row in enumerate(b.rows):
                for c, cell in enumerate(row):
                    tbl.cell(r, c).text = cell
        buf = io.BytesIO()
        d.save(buf)
        return _stable_zip(buf.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """Rewrite the .docx zip with fixed timestamps so the same seed gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in sorted(src.infolist(), key=lambda i: i.filename != "[Content_Types].xml"):
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()
