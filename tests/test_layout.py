"""The package layout a newcomer navigates: pipeline stages as folders, no dead code, portable tests."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AGENT = ROOT / "agent"


def test_batch_is_a_package_of_one_job_modules():
    names = {p.stem for p in (AGENT / "batch").glob("*.py")}
    assert {"runner", "engines", "manifest", "summary", "worker"} <= names
    assert (AGENT / "render" / "atomic.py").is_file()  # written outputs: below both render and batch
    assert not list(AGENT.glob("batch*.py")), "batch modules belong in agent/batch/"
    assert not (AGENT / "polish.py").exists() and (AGENT / "render" / "polish.py").is_file()


def test_public_batch_names_still_import():
    from agent.batch import BatchObserver, BatchOptions, discover, exit_code_for, normalise_formats, run_batch
    from agent.batch.runner import run_batch as runner_run_batch

    assert run_batch is runner_run_batch
    assert all(callable(x) for x in (BatchObserver, BatchOptions, discover, exit_code_for, normalise_formats))


def test_the_old_atomic_name_is_only_a_re_export():
    import agent.atomic
    import agent.render.atomic

    assert agent.atomic.atomic_path is agent.render.atomic.atomic_path
    assert agent.atomic.atomic_write_text is agent.render.atomic.atomic_write_text
    import ast

    body = ast.parse((AGENT / "atomic.py").read_text(encoding="utf-8")).body
    kinds = {type(node).__name__ for node in body}
    assert kinds <= {"Expr", "ImportFrom", "Assign"}, kinds  # docstring, re-export, __all__: no logic


def test_dead_code_is_gone():
    from agent.extract.rules import tokens
    from eval import solver

    assert not hasattr(tokens, "percent_tokens")
    assert not hasattr(solver, "file_exists")  # ScriptedSolver is the eval tests' replay solver


def test_tests_run_from_any_virtualenv_and_never_skip_on_own_modules():
    venv_python = "/".join([".venv", "bin", "python"])
    own = re.compile(r"importorskip\(\s*[\"'](agent|eval|vectorstore)\b")
    for path in (ROOT / "tests").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert venv_python not in text, path.name
        assert not own.search(text), path.name


# --------------------------------------------------------------------------- import graph

OWNED = ("agent.render", "agent.batch", "agent.cli", "agent.config")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, name: str) -> set[str]:
    """Every module ``path`` imports (module level and inside functions; not under TYPE_CHECKING),
    with the packages an import executes (importing a.b.c runs a/__init__ and a/b/__init__)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip |= {id(n) for n in ast.walk(node)}
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found |= {f"{base}.{a.name}" for a in node.names}
    out: set[str] = set()
    for mod in found:
        parts = mod.split(".")
        out |= {".".join(parts[:i]) for i in range(1, len(parts) + 1)}
    # a module's own enclosing packages are already being imported when it runs: not an edge
    own = name.split(".")
    return out - {".".join(own[:i]) for i in range(1, len(own))}


def _owned(name: str) -> bool:
    return any(name == o or name.startswith(o + ".") for o in OWNED)


def test_no_import_cycles_among_the_output_cli_batch_and_config_modules():
    files = {_module_name(p): p for p in AGENT.rglob("*.py")}
    graph = {name: {m for m in _imports(path, name) if m in files and _owned(m) and m != name}
             for name, path in files.items() if _owned(name)}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert "agent.batch.runner" in graph and "agent.render.common" in graph
