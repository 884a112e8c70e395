"""The interactive REPL end to end in a real terminal: tmux send-keys / capture-pane.

Covers what only a TTY shows: the prompt_toolkit prompt, multi-line input (trailing backslash),
Ctrl-C clearing the line or cancelling a running answer without ending the session, history
(Up arrow), and Ctrl-D exiting.  Skipped when tmux is not installed (.ci/run installs it).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from chat_support import ToolCallServer, call, tool_calls
from conftest import ROOT, seed
from llm_server import Sleep

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None,
                                reason="tmux not installed (apt-get install -y tmux; .ci/run installs it)")
WAIT = 90.0  # generous upper bound for a step; tests poll, they never assert on durations


class Tmux:
    def __init__(self, tmp: Path) -> None:
        self.socket = f"br-chat-{uuid.uuid4().hex[:8]}"
        self.tmp = tmp

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True).stdout

    def start(self, argv: list[str], env: dict[str, str]) -> None:
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        cmd = f"cd {shlex.quote(str(ROOT))} && env {exports} {' '.join(shlex.quote(a) for a in argv)}"
        self.tmux("new-session", "-d", "-s", "chat", "-x", "220", "-y", "60", cmd)
        self.tmux("set-option", "-t", "chat", "remain-on-exit", "on")

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", "chat", *(["-l"] if literal else []), *keys)

    def type_line(self, text: str) -> None:
        self.keys(text, literal=True)
        self.keys("Enter")

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-J", "-t", "chat", "-S", "-2000")

    def wait_for(self, text: str, count: int = 1) -> str:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            out = self.screen()
            if out.count(text) >= count:
                return out
            time.sleep(0.2)
        raise AssertionError(f"{text!r} (x{count}) did not appear; screen:\n{self.screen()}")

    def wait_prompt(self) -> None:
        """Until the last line on screen is an empty prompt (keys sent earlier could hit the tty
        between two prompts, where a Ctrl-D is swallowed by the line discipline)."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            lines = [x for x in self.screen().splitlines() if x.strip()]
            if lines and lines[-1].strip() == "审核>":
                return
            time.sleep(0.2)
        raise AssertionError(f"no empty prompt; screen:\n{self.screen()}")

    def dead(self) -> bool:
        return self.tmux("display-message", "-p", "-t", "chat", "#{pane_dead}").strip() == "1"

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def term(tmp_path):
    t = Tmux(tmp_path)
    yield t
    t.kill()


def _env(tmp: Path) -> dict[str, str]:
    return {"XDG_DATA_HOME": str(tmp / "data"), "TERM": "xterm-256color", "PYTHONIOENCODING": "utf-8",
            "PATH": os.environ.get("PATH", "")}


def test_interactive_repl_offline(term, tmp_path):
    transcripts = tmp_path / "tr"
    term.start([sys.executable, "-m", "agent.cli.main", "chat", str(seed("001")),
                "--transcripts", str(transcripts)], _env(tmp_path))
    term.wait_prompt()
    assert "已加载：部门整体支出预算绩效自评报告" in term.screen()

    term.type_line("/calc 1239.52/1220.20*100")
    term.wait_for("= 101.583347 ≈ 101.58")

    # multi-line: a trailing backslash continues the question on the next line
    term.keys("三公经费\\", literal=True)
    term.keys("Enter")
    term.wait_for("…")
    term.type_line("为什么超了？")
    term.wait_for("检索回答")
    term.wait_for("“三公经费”控制率=9.60/9.72*100%=98.77%")

    # Ctrl-C at the prompt clears the line; the session goes on
    term.wait_prompt()
    term.keys("garbage text", literal=True)
    term.wait_for("garbage text")
    term.keys("C-c")
    term.wait_prompt()
    term.type_line("/findings")
    out = term.wait_for("1. [错误] RATIO_MISMATCH")
    assert "garbage text" not in out.split("审核> ")[-1]

    # history: Up recalls the previous line
    term.keys("Up")
    term.wait_for("审核> /findings", count=2)
    term.keys("C-c")

    term.wait_prompt()
    term.keys("C-d")
    term.wait_for("再见。")
    deadline = time.monotonic() + WAIT
    while not term.dead() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert term.dead()
    rows = next(transcripts.glob("chat-*.jsonl")).read_text(encoding="utf-8").splitlines()
    assert any('"user": "三公经费\\n为什么超了？"' in r for r in rows)
    assert (transcripts / ".history").exists()


def test_ctrl_c_cancels_a_running_llm_answer(term, tmp_path):
    with ToolCallServer() as srv:
        srv.enqueue(Sleep(300, "too late"), tool_calls(call("get_facts", {"name": "三公"})),
                    "三公经费实际支出9.60万元「我局实际支出数为9.60万元」。")
        env = {**_env(tmp_path), "OPENAI_BASE_URL": srv.base_url, "OPENAI_API_KEY": "test",
               "BUDGET_REVIEW_LLM__MAX_RETRIES": "0", "BUDGET_REVIEW_LLM__TIMEOUT": "600"}
        term.start([sys.executable, "-m", "agent.cli.main", "chat", str(seed("001")), "--provider",
                    "openai", "--model", "test", "--transcripts", str(tmp_path / "tr")], env)
        term.wait_for("审核>")
        term.type_line("三公经费是多少？")
        deadline = time.monotonic() + WAIT
        while not srv.requests and time.monotonic() < deadline:
            time.sleep(0.1)
        assert srv.requests, "the question never reached the model"
        term.keys("C-c")
        term.wait_for("（已取消本次回答）")
        term.type_line("三公经费是多少？")
        term.wait_for("三公经费实际支出9.60万元")
        assert "未核实" not in term.screen()
        term.type_line("/quit")
        term.wait_for("再见。")
