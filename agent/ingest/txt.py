"""Plain-text reports (.txt / .md) in any of the encodings Chinese offices produce."""

from __future__ import annotations

from charset_normalizer import from_bytes

from agent.errors import CorruptDocumentError, EmptyDocumentError
from agent.ingest.wrap import rejoin_hard_wraps


def decode_text(data: bytes, path: str) -> tuple[str, str]:
    """Decode bytes, returning (text, encoding).  BOMs win; otherwise charset-normalizer decides."""
    if not data.strip():
        raise EmptyDocumentError("file is empty", path)
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(enc), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise CorruptDocumentError("not a text file (binary content or unknown encoding)", path)
    text = str(best)
    encoding = best.encoding
    if encoding in ("gbk", "gb2312"):  # GB18030 is a superset; decode with it to keep rare characters
        text, encoding = data.decode("gb18030", errors="strict"), "gb18030"
    if _looks_binary(text):
        raise CorruptDocumentError("not a text file (binary content or unknown encoding)", path)
    return text, encoding


def _looks_binary(text: str) -> bool:
    if not text:
        return True
    sample = text[:4000]
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f") or 0xE000 <= ord(c) <= 0xF8FF
              or c == "\ufffd")
    cjk = sum(1 for c in sample if "\u4e00" <= c <= "\u9fff")
    printable_ascii = sum(1 for c in sample if 32 <= ord(c) < 127)
    if bad / len(sample) > 0.02:
        return True
    return cjk + printable_ascii + sample.count("\n") < 0.6 * len(sample)


def load_txt(data: bytes, path: str) -> tuple[str, str]:
    text, encoding = decode_text(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyDocumentError("file is empty", path)
    return rejoin_hard_wraps(text), encoding
