"""The LLM chat agent: a LangChain chat model with the chat operations bound as tools.

Why an explicit loop instead of a prebuilt agent: every step is visible and testable against a
scripted OpenAI-compatible server — call the model, run each requested tool (bad arguments
become an error message for the model, never an exception), repeat until the model answers,
then check every number of the answer against the report and the tool results and flag the
ones that are not there.  Findings stay Python's: the model can explain, reword (numbers
unchanged) or ask for the checks to run again, but has no tool that creates a finding.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field, ValidationError

from agent.chat import tools as T
from agent.chat.answer import answer
from agent.chat.grounding import GroundingReport, check_numbers, check_quotes, flag, number_set, squash
from agent.errors import ConfigError
from agent.extract.llm_injection import looks_injected
from agent.extract.prompts import load_prompt_file
from agent.providers import logdb
from agent.providers.retry import REASON_ZH, call_with_retries, classify

if TYPE_CHECKING:
    from agent.chat.session import Session

# Function-local imports in this module are deliberate: LangChain loads only when the chat agent runs with a model
# (offline commands and --help stay light; tests/test_cli_lazy_imports.py).

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts" / "chat"
MAX_STEPS = 8
MAX_TOOL_CHARS = 6000


def load_prompt(name: str) -> tuple[str, str]:
    """(template, 'id@version') of prompts/chat/<name>.yaml (read like the extraction prompts)."""
    prompt = load_prompt_file(PROMPTS_DIR / f"{name}.yaml")
    return prompt.template, prompt.ref


# --------------------------------------------------------------------------- tool argument schemas
class SearchArgs(BaseModel):
    query: str = Field(description="搜索词，例如“三公经费”“项目支出执行率”")
    k: int = Field(5, ge=1, le=10, description="返回段落数")


class FactsArgs(BaseModel):
    name: str = Field("", description="数字名称或关键词，例如“三公经费”“项目支出”；留空列出全部")


class NoArgs(BaseModel):
    pass


class FindingArgs(BaseModel):
    n: int = Field(ge=1, description="审核意见序号（list_findings 中的编号）")


class CalcArgs(BaseModel):
    expression: str = Field(description="算式，只含数字、+ - * / ( ) 和 %，例如 1239.52/1220.20*100")


class SectionArgs(BaseModel):
    name: str = Field(description="章节标题中的词，例如“三公”“项目支出”")


class ExportArgs(BaseModel):
    path: str = Field(description="输出文件名，.md（意见书）或 .docx（原文批注）")


class RewordArgs(BaseModel):
    n: int = Field(ge=1, description="审核意见序号")
    text: str = Field(description="改写后的意见全文；数字必须与原意见完全一致")


TOOLS: dict[str, tuple[type[BaseModel], str]] = {
    "search_report": (SearchArgs, "在已加载报告中检索段落，返回章节、字符位置和原文引用。"),
    "get_facts": (FactsArgs, "列出报告中与名称匹配的数字（键、标签、数值、单位、原文引用）。"),
    "list_findings": (NoArgs, "列出规则检查得出的全部审核意见（带编号）。"),
    "explain_finding": (FindingArgs, "解释第 n 条审核意见：原文证据、报告数与复核数、算式。"),
    "calculate": (CalcArgs, "精确的十进制计算器（只含数字与 + - * / ( ) %）。"),
    "quote_section": (SectionArgs, "按标题引用报告某一章节的原文。"),
    "export": (ExportArgs, "把审核意见导出为 .md 意见书或 .docx 批注文件。"),
    "recheck_findings": (NoArgs, "重新运行全部规则检查（审核意见只能由检查产生，不能手工添加）。"),
    "reword_finding": (RewordArgs, "改写第 n 条审核意见的措辞；数字必须与原意见一致，否则被拒绝。"),
}


def run_tool(session: Session, name: str, args: Any) -> tuple[str, bool]:
    """(result text, ok).  Unknown tools, invalid arguments and tool errors come back as text."""
    spec = TOOLS.get(name)
    if spec is None:
        return f"error: unknown tool {name!r}; available: {', '.join(TOOLS)}", False
    if isinstance(args, str):
        try:
            args = json.loads(args or "{}")
        except json.JSONDecodeError:
            return f"error: arguments of {name} are not valid JSON: {args[:200]!r}", False
    try:
        a = spec[0].model_validate(args or {})
    except ValidationError as e:
        problems = "; ".join(f"{'.'.join(map(str, err['loc'])) or 'arguments'}: {err['msg']}" for err in e.errors())
        return f"error: bad arguments for {name}: {problems}", False
    try:
        out = _dispatch(session, name, a)
    except T.ToolError as e:
        return f"error: {e}", False
    except Exception as e:  # noqa: BLE001 - a tool failure must reach the model, not end the chat
        return f"error: {name} failed: {type(e).__name__}: {e}", False
    if len(out) > MAX_TOOL_CHARS:
        out = out[:MAX_TOOL_CHARS] + "\n……（结果过长已截断，请缩小查询范围）"
    return out, True


def _dispatch(session: Session, name: str, a: Any) -> str:
    if name == "search_report":
        return T.search_report(session, a.query, a.k)
    if name == "get_facts":
        return T.get_facts(session, a.name)
    if name == "list_findings":
        return T.list_findings(session)
    if name == "explain_finding":
        return T.explain_finding(session, a.n)
    if name == "calculate":
        return T.calculate_expr(a.expression)
    if name == "quote_section":
        return T.quote_section(session, a.name)
    if name == "export":
        return T.export(session, a.path)
    if name == "recheck_findings":
        return T.recheck(session)
    return T.reword_finding(session, a.n, a.text)


def langchain_tools() -> list[Any]:
    """The tool definitions bound to the model (schemas only: execution goes through run_tool)."""
    from langchain_core.tools import StructuredTool

    def unused(**_: Any) -> str:  # the loop executes tools itself, so bad arguments never raise
        raise RuntimeError("executed by ChatAgent.run_tool")

    return [StructuredTool.from_function(func=unused, name=n, description=d, args_schema=s)
            for n, (s, d) in TOOLS.items()]


# --------------------------------------------------------------------------- the loop
@dataclass
class AgentAnswer:
    text: str
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    grounding: GroundingReport = field(default_factory=GroundingReport)
    prompt_id: str = ""
    citations: list[str] = field(default_factory=list)  # the report passages the answer is built on
    mode: str = "llm"  # llm | offline (the model failed or its reply was not used)

    @property
    def display(self) -> str:
        """What the reviewer sees: the answer, then the report citations it rests on."""
        if not self.citations:
            return self.text
        return self.text + "\n\n依据（报告原文）：\n" + "\n".join(f"  {c}" for c in self.citations)


# Tools whose results quote the report (with section and offsets): an answer is built on these.
_CITING_TOOLS = ("search_report", "get_facts", "quote_section", "explain_finding", "list_findings",
                 "recheck_findings")
_NO_FINDINGS = re.compile(r"(没有|无|未发现|不存在|零个?|0\s*个?)(任何)?(审核)?(问题|意见|错误|发现)|"
                          r"\b(zero|no)\s+findings\b", re.IGNORECASE)
MAX_CITATIONS = 4


class ChatAgent:
    def __init__(self, session: Session, chat_model: Any, max_steps: int = MAX_STEPS) -> None:
        from langchain_core.messages import SystemMessage

        template, self.prompt_id = load_prompt("agent")
        docs = "；".join(f"{r.label}" for r in session.reports)
        self.session = session
        try:
            self.model = chat_model.bind_tools(langchain_tools())
        except NotImplementedError as e:
            raise ConfigError(f"the chat model {type(chat_model).__name__} does not support tool calling; "
                              "use --provider openai") from e
        self.max_steps = max_steps
        self.messages: list[Any] = [SystemMessage(template.replace("{documents}", docs))]
        self.known: set[Decimal] = number_set(*(r.doc.text for r in session.reports))
        self.quotable: list[str] = [squash(r.doc.text) for r in session.reports]  # what a 「quote」 may cite
        self.citations: list[str] = []  # report passages the conversation has read so far

    def ask(self, question: str) -> AgentAnswer:
        """One user turn; on KeyboardInterrupt the turn is rolled back and the interrupt re-raised.

        A model that keeps failing (429/5xx/timeouts, after retries with backoff) or that answers
        without the report citations its answer is built on — or with injected instructions — is
        not shown as the answer: the offline retrieval answer is, under a notice saying why.
        """
        from langchain_core.messages import HumanMessage, ToolMessage

        mark = len(self.messages)
        self.messages.append(HumanMessage(question))
        self.known |= number_set(question)
        calls: list[dict[str, Any]] = []
        retries = self.session.settings.llm.max_retries
        try:
            for _ in range(self.max_steps):
                try:
                    ai = call_with_retries(lambda: self._invoke(), retries)
                except KeyboardInterrupt:
                    raise
                except Exception as e:  # noqa: BLE001 - any endpoint failure ends in the offline answer
                    del self.messages[mark:]
                    reason = REASON_ZH.get(classify(e), "调用失败")
                    tried = f"，已重试 {retries} 次" if classify(e) in ("rate_limit", "server", "timeout") else ""
                    return self._offline(question, f"语言模型暂时不可用（{reason}{tried}）", calls)
                self.messages.append(ai)
                pending = [(tc["name"], tc.get("args"), tc.get("id")) for tc in ai.tool_calls]
                # arguments that were not even JSON: answered with an error like any other bad call
                pending += [(b.get("name") or "?", b.get("args") or "", b.get("id")) for b in ai.invalid_tool_calls or []]
                if not pending:
                    break
                for name, args, call_id in pending:
                    result, ok = run_tool(self.session, name, args)
                    self.known |= number_set(result)
                    self.quotable.append(squash(result))
                    calls.append({"name": name, "args": args, "ok": ok, "result": result[:2000]})
                    self.messages.append(ToolMessage(result, tool_call_id=call_id or name))
            else:
                text = f"（已达到 {self.max_steps} 步工具调用上限，未得到最终回答；请把问题问得更具体。）"
                return AgentAnswer(text, calls, GroundingReport(), self.prompt_id)
        except KeyboardInterrupt:
            del self.messages[mark:]
            raise
        content = ai.content if isinstance(ai.content, str) else _text_of(ai.content)
        # a follow-up ("还有呢？") rests on the passages the conversation already read
        cites = _citations(calls) or self.citations
        rejected = self._reject(content, cites)
        if rejected:
            del self.messages[mark:]
            return self._offline(question, rejected, calls)
        self.citations = cites
        rep = check_quotes(content, check_numbers(content, self.known), "\x00".join(self.quotable))
        return AgentAnswer(flag(content, rep), calls, rep, self.prompt_id, citations=cites)

    def _invoke(self) -> Any:
        entry = logdb.Entry("chat", [(type(m).__name__, str(m.content)) for m in self.messages],
                            model=getattr(self.model, "model_name", None))
        try:
            ai = self.model.invoke(self.messages)
        except Exception as e:
            logdb.record(entry, response=None, status="error", error=f"{type(e).__name__}: {e}"[:500])
            raise
        logdb.record(entry, response=str(ai.content) + (f" [tool_calls: {ai.tool_calls}]" if ai.tool_calls else ""),
                     status="ok")
        return ai

    def _reject(self, content: str, cites: list[str]) -> str | None:
        """Why the model's final text must not be shown as the answer, or None."""
        if looks_injected(content):
            return "语言模型的回答含有疑似被注入的指令，未采用"
        if _NO_FINDINGS.search(content) and self.session.numbered():
            return "语言模型的回答称没有审核意见，与规则检查结果不符，未采用"
        has_numbers = bool(number_set(content))
        if (has_numbers or len(content) > 40) and not cites:
            return "语言模型的回答没有引用报告原文，未采用"
        return None

    def _offline(self, question: str, why: str, calls: list[dict[str, Any]]) -> AgentAnswer:
        text = f"（{why}；以下为离线检索回答，直接摘自报告原文。）\n" + answer(self.session, question)
        return AgentAnswer(text, calls, GroundingReport(), self.prompt_id, mode="offline")


def _citations(calls: list[dict[str, Any]]) -> list[str]:
    """Report locations named in the successful results of the citing tools, in order, at most a few."""
    out: list[str] = []
    for c in calls:
        if not c["ok"] or c["name"] not in _CITING_TOOLS:
            continue
        lines = [ln.strip() for ln in c["result"].splitlines()]
        for i, line in enumerate(lines):
            if "字符" not in line:
                continue
            if "「" not in line and i + 1 < len(lines) and lines[i + 1].startswith("「"):
                line = f"{lines[i + 1]} — {line}"  # search results: place on one line, quote on the next
            if "「" in line and line not in out:
                out.append(line if len(line) <= 200 else line[:199] + "…")
            if len(out) >= MAX_CITATIONS:
                return out
    return out


def _text_of(content: Any) -> str:
    parts = [c.get("text", "") if isinstance(c, dict) else str(c) for c in content or []]
    return "".join(parts)
