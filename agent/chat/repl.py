"""The chat loop: slash commands, plain questions, transcripts; prompt_toolkit on a terminal.

Why two front ends over one ``Chat.handle``: on a terminal the reviewer gets history, multi-line
input (end a line with a backslash, or Esc Enter) and Ctrl-C that cancels only the current
answer; when stdin is a pipe every line is a turn and the output is plain text, so sessions can
be scripted (``printf '/findings\\n/quit\\n' | budget-review chat r.txt``) and tested.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from agent.chat import tools as T
from agent.chat.answer import answer

# prompt_toolkit is imported in run_terminal only: piped and scripted sessions never load it.

if TYPE_CHECKING:
    from agent.chat.agent import ChatAgent
    from agent.chat.session import Session
    from agent.chat.transcript import Transcript

HELP = """命令：
  /findings            列出全部审核意见（带编号）
  /explain N           第 N 条意见的原文证据（含章节）、报告数与复核数、算式
  /facts [名称]        与名称匹配的数字及原文引用，例如 /facts 三公经费
  /search 关键词       检索最相关的段落（章节 + 原文引用）
  /calc 算式           精确计算器：数字与 + - × ÷ ( ) %，例如 /calc 1239.52/1220.20*100
  /section 标题        引用某一章节的原文，例如 /section 三公
  /export 文件         导出审核意见：.md 意见书、.docx 原文批注（也支持 .xlsx .json .txt）
  /reword N 文本       改写第 N 条意见的措辞（数字须与原意见一致，导出时使用）
  /recheck             重新运行全部检查（意见只由检查产生，不能手工添加）
  /help                显示本帮助
  /quit                退出（也可按 Ctrl-D）
直接输入问题（如“三公经费为什么超了？”）：{mode}
多行输入：行末输入 \\ 后回车，或按 Esc 再按回车；Ctrl-C 取消当前回答。"""


@dataclass
class Turn:
    answer: str
    mode: str = "command"
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    grounded: list[str] = field(default_factory=list)
    ungrounded: list[str] = field(default_factory=list)
    quit: bool = False
    bad_quotes: list[str] = field(default_factory=list)


class Chat:
    """Turns a line of input into an answer; knows nothing about terminals."""

    def __init__(self, session: Session, agent: ChatAgent | None = None,
                 transcript: Transcript | None = None) -> None:
        self.session = session
        self.agent = agent
        self.transcript = transcript

    def banner(self) -> str:
        lines = []
        for r in self.session.reports:
            s = r.result.summary.by_severity
            lines.append(f"已加载：{r.label} — {r.result.summary.total} 条审核意见"
                         f"（错误 {s.get('error', 0)} · 警示 {s.get('warning', 0)} · 提示 {s.get('info', 0)}）")
        mode = "语言模型问答（工具调用，数字逐一核对）" if self.agent else "离线检索问答（不生成文字）"
        lines.append(f"模式：{mode}。输入 /help 查看命令，/quit 退出。")
        return "\n".join(lines)

    def help(self) -> str:
        mode = ("由语言模型调用工具作答，回答中的数字会与报告核对" if self.agent
                else "离线时从原文检索作答：相关段落、数字、算式和审核意见")
        return HELP.format(mode=mode)

    def handle(self, line: str) -> Turn:
        line = line.strip()
        if not line:
            return Turn("")
        if line.startswith("/"):
            return self._command(line)
        if self.agent is not None:
            ans = self.agent.ask(line)
            return Turn(ans.display, ans.mode, ans.tool_calls, ans.grounding.grounded, ans.grounding.ungrounded,
                        bad_quotes=ans.grounding.bad_quotes)

        return Turn(answer(self.session, line), "retrieval")

    def _command(self, line: str) -> Turn:
        cmd, _, arg = line.partition(" ")
        cmd, arg = cmd.lower(), arg.strip()
        s = self.session
        try:
            if cmd in ("/quit", "/exit", "/q"):
                return Turn("再见。", quit=True)
            if cmd in ("/help", "/h", "/?"):
                return Turn(self.help())
            if cmd == "/findings":
                return Turn(T.list_findings(s))
            if cmd == "/explain":
                if not arg:
                    raise T.ToolError("用法：/explain N（N 为 /findings 中的编号）")
                return Turn(T.explain_finding(s, arg))
            if cmd == "/facts":
                return Turn(T.get_facts(s, arg or None))
            if cmd == "/search":
                return Turn(T.search_report(s, arg))
            if cmd == "/calc":
                return Turn(T.calculate_expr(arg))
            if cmd == "/section":
                return Turn(T.quote_section(s, arg))
            if cmd == "/export":
                return Turn(T.export(s, arg))
            if cmd == "/recheck":
                return Turn(T.recheck(s))
            if cmd == "/reword":
                n, _, text = arg.partition(" ")
                if not n or not text.strip():
                    raise T.ToolError("用法：/reword N 新的意见措辞（数字须与原意见一致）")
                return Turn(T.reword_finding(s, n, text))
        except T.ToolError as e:
            return Turn(f"错误：{e}")
        return Turn(f"未知命令 {cmd}；输入 /help 查看命令。")

    def run_turn(self, line: str) -> Turn:
        """handle() plus the transcript line; a Ctrl-C during the answer cancels only this turn."""
        try:
            turn = self.handle(line)
        except KeyboardInterrupt:
            turn = Turn("（已取消本次回答）", "cancelled")
            if self.transcript:
                self.transcript.record(line, turn.answer, mode="cancelled", cancelled=True)
            return turn
        if self.transcript and line.strip():
            self.transcript.record(line.strip(), turn.answer, mode=turn.mode, tool_calls=turn.tool_calls,
                                   grounded=turn.grounded, ungrounded=turn.ungrounded, bad_quotes=turn.bad_quotes)
        return turn


def run_piped(chat: Chat, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout) -> None:
    """Each input line is a turn (a trailing backslash continues it); plain text out."""
    out.write(chat.banner() + "\n")
    pending = ""
    for raw in stdin:
        line = raw.rstrip("\n")
        if line.endswith("\\"):
            pending += line[:-1] + "\n"
            continue
        line, pending = pending + line, ""
        if not line.strip():
            continue
        out.write(f"\n> {line}\n")
        turn = chat.run_turn(line)
        if turn.answer:
            out.write(turn.answer + "\n")
        out.flush()
        if turn.quit:
            return


def run_terminal(chat: Chat, history_path: str | None) -> None:
    """prompt_toolkit loop: history, multi-line, Ctrl-C cancels the answer/line, Ctrl-D exits."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory, InMemoryHistory
    from prompt_toolkit.key_binding import KeyBindings

    kb = KeyBindings()

    @kb.add("enter")
    def _enter(event) -> None:  # noqa: ANN001 - prompt_toolkit callback
        buf = event.current_buffer
        if buf.text.endswith("\\"):
            buf.delete_before_cursor(1)
            buf.insert_text("\n")
        else:
            buf.validate_and_handle()

    @kb.add("escape", "enter")
    def _newline(event) -> None:  # noqa: ANN001
        event.current_buffer.insert_text("\n")

    history = FileHistory(history_path) if history_path else InMemoryHistory()
    prompt = PromptSession(history=history, multiline=True, key_bindings=kb, prompt_continuation="… ")
    print(chat.banner())
    while True:
        try:
            line = prompt.prompt("审核> ")
        except KeyboardInterrupt:
            continue  # Ctrl-C at the prompt clears the line, not the session
        except EOFError:
            print("再见。")
            return
        if not line.strip():
            continue
        try:
            turn = chat.run_turn(line)
            if turn.answer:
                print(turn.answer)
        except KeyboardInterrupt:  # a Ctrl-C landing outside handle(), e.g. while printing
            print("（已取消本次回答）")
            continue
        if turn.quit:
            return
