"""Bad inputs through the real CLI: one line "budget-review: error: <file>: <cause>", non-zero exit."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLES_DIR, seed
from fpdf import FPDF


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "agent.cli.main", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def _image_only_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    return bytes(pdf.output())


def _truncated_docx() -> bytes:
    data = (SAMPLES_DIR / "dept_self_eval_clean.docx").read_bytes()
    return data[: len(data) // 2]


BAD_INPUTS: dict[str, tuple[bytes | str | None, str]] = {
    # name: (content: bytes to write, "dir", or None for a missing file; expected cause)
    "empty.txt": (b"", "file is empty"),
    "blank.txt": (b"  \n\n\t\n", "file is empty"),
    "junk.txt": (random.Random(7).randbytes(5000), "not a text file"),
    "zero.docx": (b"", "file is empty"),
    "truncated.docx": (None, "not a valid .docx (damaged or truncated zip)"),
    "notes.pdf": ("这只是一个文本文件，不是PDF。\n".encode(), "not a valid PDF"),
    "scan.pdf": (None, "no text layer (scanned?)"),
    "folder.txt": ("dir", "is a directory"),
    "missing.txt": (None, "no such file"),
    "report.doc": (b"some bytes", "unsupported file type '.doc'"),
    "noext": (b"text", "unsupported file type"),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_gives_one_line_and_nonzero_exit(name: str, tmp_path: Path) -> None:
    content, cause = BAD_INPUTS[name]
    path = tmp_path / name
    if name == "truncated.docx":
        content = _truncated_docx()
    elif name == "scan.pdf":
        content = _image_only_pdf()
    if content == "dir":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    result = run_cli("load", name, cwd=tmp_path)
    assert result.returncode == 3, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"budget-review: error: {name}: ")
    assert cause in lines[0]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_debug_flag_shows_the_traceback(tmp_path: Path) -> None:
    (tmp_path / "x.pdf").write_text("not a pdf")
    result = run_cli("--debug", "load", "x.pdf", cwd=tmp_path)
    assert result.returncode != 0
    assert "Traceback" in result.stderr and "CorruptDocumentError" in result.stderr


def test_three_megabyte_report_loads_through_the_cli(tmp_path: Path) -> None:
    text = seed("001").read_text(encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text("\n".join([text] * (3_000_000 // len(text.encode()) + 1)), encoding="utf-8")
    result = run_cli("load", str(big), "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["format"] == "txt" and len(doc["text"]) > 1_000_000


@pytest.mark.parametrize("name", ["dept_self_eval_clean.txt", "dept_self_eval_errors.docx", "final_accounts_clean.txt"])
def test_samples_load_through_the_cli(name: str, tmp_path: Path) -> None:
    result = run_cli("load", str(SAMPLES_DIR / name), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Tables:" in result.stdout
