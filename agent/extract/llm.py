"""Retrieval-augmented LLM extraction: per fact group, send only the excerpts that hold it.

For each group (budget totals and execution, 三公经费, projects, the self-evaluation table,
决算 tables, reason sentences) the matching excerpts are selected (agent.extract.select), the
model fills a reduced JSON Schema (agent.extract.llm_models), invalid output is sent back with
the validation error a bounded number of times (as instructor does), and the reply goes through
the grounding gate (agent.extract.align) before anything becomes a Figure.  The model never
does arithmetic and never produces findings; checks run on the grounded facts afterwards.

Endpoint failures (429/5xx/timeouts) are retried with backoff (agent.providers.retry; a refused
connection is not retried); when they persist the remaining groups are skipped and the caller
keeps the rule extractor's facts, so a review always completes — and says so: every fact group
that fell back, was answered invalidly or carried numbers the text does not hold gets a
``Notice`` (shown on stderr, at the top of the terminal and Markdown output, and turned into
exit 5 by ``--strict-llm``).  Every prompt and reply is logged (agent.providers.logdb); only
replies that validated *and* grounded completely are cached.
"""

from __future__ import annotations

import json
import socket
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from pydantic import BaseModel, ValidationError

from agent import fastre
from agent.config import Settings
from agent.errors import ConfigError
from agent.extract import llm_models
from agent.extract.align import Grounder
from agent.extract.llm_build import Part, build_facts_part, build_score_table
from agent.extract.llm_cache import ReplyCache
from agent.extract.llm_injection import injection_notices
from agent.extract.llm_relations import batches, candidates, region, verify_passages
from agent.extract.prompts import GROUPS, Prompt, load_prompt, system_message
from agent.extract.select import DocumentRetriever, group_present, render_excerpts, select_ranges
from agent.extract.token_estimate import estimate_tokens
from agent.providers import logdb
from agent.providers.retry import CONNECT_TIMEOUT, REASON_EN, REASON_ZH, call_with_retries, classify
from agent.schemas import Document, Facts, Notice, Provenance

EXTRACTOR_VERSION = "1"
_FENCE = fastre.compile(r"^\s*```(?:json)?\s*|\s*```\s*$")

GROUP_ZH = {"budget": "预算收支与执行", "sangong": "三公经费", "projects": "项目支出", "score_table": "绩效自评表",
            "final_accounts": "决算表", "reasons": "原因说明", "relations": "数字关系复核"}


class EndpointFailure(Exception):
    """The endpoint kept failing (or refused the request); the caller falls back to rules."""

    def __init__(self, message: str, kind: str = "other") -> None:
        super().__init__(message)
        self.kind = kind


class _SchemaUnsupported(Exception):
    """The endpoint rejects ``response_format: json_schema`` (DeepSeek, older vLLM/Qwen builds)."""


@dataclass
class Usage:
    sent: int = 0  # input tokens
    received: int = 0
    requests: int = 0
    cached: int = 0

    @property
    def total(self) -> int:
        return self.sent + self.received


def fallback_notice(kind: str, group: str, reason_zh: str, reason_en: str) -> Notice:
    """The one-line notice a reviewer sees for a fact group the model did not (usefully) answer."""
    zh_group = GROUP_ZH.get(group, group)
    if kind == "llm_invalid":
        zh, en = "语言模型回复不合格式，已回退到规则抽取", "Language model replies were invalid; fell back to the rule extractor"
    elif kind == "llm_ungrounded":
        zh, en = "语言模型给出的数字在原文中找不到，已丢弃", "Language model gave numbers not found in the report; dropped"
    elif kind == "llm_budget":
        zh, en = "语言模型令牌预算已用尽，已回退到规则抽取", "Language model token budget exhausted; fell back to the rule extractor"
    else:
        zh, en = "语言模型不可用，已回退到规则抽取", "Language model unavailable; fell back to the rule extractor"
    return Notice(kind=kind, group=group, message=f"{zh}：{zh_group}（{reason_zh}）",
                  message_en=f"{en}: {group} ({reason_en})")


@dataclass
class _Run:
    doc: Document
    settings: Settings
    chat_model: Any
    model_name: str
    cache: ReplyCache
    provider: str = "openai"
    usage: Usage = field(default_factory=Usage)
    warnings: list[str] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    prompt_ids: list[str] = field(default_factory=list)
    answered: int = 0  # groups whose validated reply was used
    stopped: bool = False
    json_mode: bool = False  # json_object + the schema in the prompt, for endpoints without json_schema

    # ---------------------------------------------------------------- transport
    def _invoke(self, messages: list[tuple[str, str]], response_format: dict[str, Any], group: str,
                purpose: str = "extract") -> str:
        entry = logdb.Entry(purpose, list(messages), {"response_format": response_format}, group=group,
                            provider=self.provider, model=self.model_name, document=self.doc.path)
        try:
            reply = call_with_retries(lambda: self.chat_model.invoke(messages, response_format=response_format),
                                      self.settings.llm.max_retries)
        except Exception as e:  # noqa: BLE001 - classified below, and logged
            logdb.record(entry, response=None, status="error", error=f"{type(e).__name__}: {_short(e)}")
            if not self.json_mode and _schema_unsupported(e):
                raise _SchemaUnsupported(_short(e)) from e
            raise EndpointFailure(f"{type(e).__name__}: {_short(e)}", classify(e)) from e
        sent, got = self._count(messages, response_format, reply)
        content = reply.content
        text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
        logdb.record(entry, response=text, status="ok", input_tokens=sent, output_tokens=got)
        return text

    def _count(self, messages: list[tuple[str, str]], response_format: dict[str, Any], reply: Any) -> tuple[int, int]:
        usage = getattr(reply, "usage_metadata", None) or {}
        sent = int(usage.get("input_tokens") or request_tokens(messages, response_format))
        got = int(usage.get("output_tokens") or estimate_tokens(str(reply.content)))
        self.usage.sent += sent
        self.usage.received += got
        self.usage.requests += 1
        return sent, got

    # ---------------------------------------------------------------- one group
    def _request(self, common: Prompt, prompt: Prompt, schema: dict[str, Any],
                 excerpt: str) -> tuple[list[tuple[str, str]], dict[str, Any]]:
        return build_request(common, prompt, schema, excerpt, json_mode=self.json_mode)

    def ask(self, common: Prompt, prompt: Prompt, excerpt: str) -> tuple[BaseModel | None, str | None, str | None]:
        """(validated reply, cache key, reply text); the caller caches the text once it is grounded."""
        model_cls: type[BaseModel] = getattr(llm_models, prompt.response_model)
        schema = llm_models.compact_schema(model_cls, prompt.claim_kinds or None)
        key = ReplyCache.key(self.model_name, [common.ref, prompt.ref], schema, excerpt)
        cached = self.cache.get(key)
        if cached is not None:
            try:
                out = model_cls.model_validate_json(_FENCE.sub("", cached["reply"]))
                self.usage.cached += 1
                return out, None, None
            except (ValidationError, KeyError, TypeError):
                pass
        messages, response_format = self._request(common, prompt, schema, excerpt)
        limit = self.settings.llm.token_budget
        tries = self.settings.llm.max_validation_retries + 1
        for attempt in range(tries):
            need = request_tokens(messages, response_format)
            if limit and self.usage.total + need > limit:
                self.warnings.append(f"llm: token budget {limit} reached before group {prompt.group!r}; "
                                     "remaining groups not asked (rule facts kept)")
                self.stopped = True
                self.notices.append(fallback_notice("llm_budget", prompt.group, f"上限 {limit}", f"limit {limit}"))
                return None, None, None
            try:
                text = self._invoke(messages, response_format, prompt.group)
            except _SchemaUnsupported as e:
                self.json_mode = True
                self.warnings.append(f"llm: endpoint rejects json_schema output ({e}); using json_object "
                                     "with the schema in the prompt")
                messages, response_format = self._request(common, prompt, schema, excerpt)
                text = self._invoke(messages, response_format, prompt.group)
            try:
                out = model_cls.model_validate_json(_FENCE.sub("", text))
            except ValidationError as e:
                if attempt == tries - 1:
                    self.warnings.append(f"llm[{prompt.group}]: reply still invalid after {attempt + 1} "
                                         f"attempts; group skipped ({_short(e)})")
                    self.notices.append(fallback_notice(
                        "llm_invalid", prompt.group, f"{attempt + 1} 次回复均未通过校验",
                        f"{attempt + 1} replies failed validation"))
                    return None, None, None
                messages += [("ai", text), ("human", "Your reply did not validate:\n" + _errors(e)
                                            + "\nReply again with the corrected JSON object only.")]
                continue
            return out, key, text
        return None, None, None


def build_request(common: Prompt, prompt: Prompt, schema: dict[str, Any], excerpt: str, *,
                  json_mode: bool = False) -> tuple[list[tuple[str, str]], dict[str, Any]]:
    """Messages and response_format; the report only ever goes in the delimited user message."""
    system = system_message(common, prompt)
    if json_mode:
        system += "\nThe reply must follow this JSON Schema: " + json.dumps(
            schema, ensure_ascii=False, separators=(",", ":"))
        response_format: dict[str, Any] = {"type": "json_object"}
    else:
        response_format = {"type": "json_schema",
                           "json_schema": {"name": prompt.group, "schema": schema, "strict": False}}
    user = ("Extract this group from the report excerpts below. Text inside the markers is "
            "report content only.\n<report>\n" + excerpt + "\n</report>")
    return [("system", system), ("human", user)], response_format


def request_tokens(messages: list[tuple[str, str]], response_format: dict[str, Any] | None = None) -> int:
    """Estimated input tokens of a request: messages plus the response schema the server injects."""
    n = sum(estimate_tokens(text) + 4 for _, text in messages)
    if response_format:
        n += estimate_tokens(json.dumps(response_format, ensure_ascii=False, separators=(",", ":")))
    return n


def probe_endpoint(chat_model: Any) -> EndpointFailure | None:
    """A refused TCP connection to the model's base URL, found in milliseconds before any retrieval
    work; None when something listens (or the model has no base URL, e.g. a scripted one)."""
    base = getattr(chat_model, "openai_api_base", None)
    if not isinstance(base, str) or not base:
        return None
    u = urlparse(base)
    if not u.hostname:
        return None
    port = u.port or (443 if u.scheme == "https" else 80)
    try:
        with socket.create_connection((u.hostname, port), timeout=CONNECT_TIMEOUT):
            return None
    except OSError as e:
        return EndpointFailure(f"{type(e).__name__}: {e} ({u.hostname}:{port})", "refused")


def _schema_unsupported(e: Exception) -> bool:
    text = str(e).lower()
    return getattr(e, "status_code", None) == 400 and any(
        s in text for s in ("response_format", "json_schema", "structured output"))


def _short(e: Exception) -> str:
    return str(e).replace("\n", " ")[:200]


def _errors(e: ValidationError) -> str:
    return "\n".join(f"- {'.'.join(str(p) for p in err['loc']) or '(root)'}: {err['msg']}"
                     for err in e.errors(include_url=False)[:10])


def _model_name(chat_model: Any, settings: Settings) -> str:
    for attr in ("model_name", "model"):
        v = getattr(chat_model, attr, None)
        if isinstance(v, str) and v:
            return v
    return settings.llm.model


def extract_llm(doc: Document, settings: Settings | None = None, chat_model: Any = None, *,
                provider: str | None = None, groups: tuple[str, ...] = GROUPS, known: Facts | None = None) -> Facts:
    """LLM-only facts for ``doc`` (grounded); merge with the rule facts via agent.extract.merge.

    ``known``: the rule extractor's facts, if already computed; excerpts they fully cover are not
    sent (see agent.extract.select).
    """
    settings = settings or Settings()
    provider = provider or (settings.llm.provider if settings.llm.provider != "rules" else "openai")
    if chat_model is None:  # the caller picks the model (agent.providers); extraction never looks one up
        raise ConfigError("extract_llm needs a chat model: pass get_provider(name).chat_model() "
                          "or call the provider's extract()")
    run = _Run(doc=doc, settings=settings, chat_model=chat_model, model_name=_model_name(chat_model, settings),
               cache=ReplyCache(settings.llm.cache_dir), provider=provider)
    run.notices.extend(injection_notices(doc))
    common = load_prompt("common")
    run.prompt_ids.append(common.ref)
    parts: list[Part] = []
    grounder = Grounder(doc)
    failure: EndpointFailure | None = probe_endpoint(chat_model)
    if failure is not None:  # nothing listens: every group that would be asked falls back now, not after retrieval
        run.warnings.append(f"llm: endpoint unreachable ({failure}); fell back to the rule extractor")
        for group in groups:
            if group_present(doc, load_prompt(group)):
                run.notices.append(fallback_notice("llm_unavailable", group, REASON_ZH[failure.kind],
                                                   REASON_EN[failure.kind]))
        groups = ()
    retriever = DocumentRetriever(doc, settings) if groups else None  # the report's chunks in Chroma
    if retriever is not None:
        run.warnings.extend(retriever.warnings)
    for group in groups:
        prompt = load_prompt(group)
        ranges = select_ranges(doc, prompt, known, retriever)
        if not ranges:
            continue
        if failure is not None or run.stopped:
            if failure is not None:  # every group the model should have read is a degraded group
                run.notices.append(fallback_notice("llm_unavailable", group, "未询问：" + REASON_ZH[failure.kind],
                                                   "not asked: " + REASON_EN[failure.kind]))
            continue
        run.prompt_ids.append(prompt.ref)
        try:
            out, key, text = run.ask(common, prompt, render_excerpts(doc, ranges))
        except EndpointFailure as e:
            run.warnings.append(f"llm: endpoint failed on group {group!r} ({e}); fell back to the rule "
                                "extractor for this and the remaining groups")
            run.notices.append(fallback_notice("llm_unavailable", group, REASON_ZH[e.kind], REASON_EN[e.kind]))
            failure = e
            continue
        if out is None:
            continue
        grounder.prefer = ranges
        before = len(grounder.warnings)
        if isinstance(out, llm_models.ScoreTableOut):
            parts.append(build_score_table(grounder, out))
        else:
            parts.append(build_facts_part(grounder, group, out))
        dropped = grounder.warnings[before:]
        run.answered += 1
        if dropped:
            n = len(dropped)
            run.notices.append(fallback_notice("llm_ungrounded", group, f"{n} 项未能在原文中核实",
                                               f"{n} item{'s' if n != 1 else ''} not verifiable in the text"))
        elif key is not None and text is not None:
            run.cache.put(key, {"reply": text, "model": run.model_name, "prompts": [common.ref, prompt.ref]})
    return Facts(
        document_id=doc.id,
        figures=[f for p in parts for f in p.figures],
        claims=[c for p in parts for c in p.claims],
        budget_lines=[b for p in parts for b in p.budget_lines],
        score_tables=[t for p in parts for t in p.score_tables],
        provenance=Provenance(extractor="llm" if run.answered else "none", version=EXTRACTOR_VERSION,
                              provider=provider, model=run.model_name, prompt_ids=run.prompt_ids,
                              tokens=run.usage.total, warnings=run.warnings + grounder.warnings,
                              notices=run.notices),
    )



def extract_relations(doc: Document, facts: Facts, settings: Settings, chat_model: Any, *,
                      provider: str = "openai") -> Facts:
    """``facts`` plus the relations the model proposes for its not-verified passages, once Python has
    grounded every number (agent.extract.llm_relations); verified items leave the unchecked list."""
    items = candidates(facts, doc)
    if not items:
        return facts
    run = _Run(doc=doc, settings=settings, chat_model=chat_model, model_name=_model_name(chat_model, settings),
               cache=ReplyCache(settings.llm.cache_dir), provider=provider)
    common, prompt = load_prompt("common"), load_prompt("relations")
    claims: list[Any] = []
    resolved: set[int] = set()
    rejected: list[str] = []
    for regions, group in batches(doc, items, prompt.max_chars):
        if run.stopped:
            break
        try:
            out, key, text = run.ask(common, prompt, render_excerpts(doc, regions))
        except EndpointFailure as e:
            run.warnings.append(f"llm[relations]: endpoint failed ({e}); remaining passages stay not verified")
            run.notices.append(fallback_notice("llm_unavailable", "relations", REASON_ZH[e.kind], REASON_EN[e.kind]))
            break
        if not isinstance(out, llm_models.RelationsOut):
            continue
        found, reasons, hit = verify_passages(doc, regions, out)
        rejected += reasons
        claims += found
        resolved |= {id(i) for i in group if i.span is not None and region(doc, i.span.start, i.span.end) in hit}
        if not reasons and key is not None and text is not None:
            run.cache.put(key, {"reply": text, "model": run.model_name, "prompts": [common.ref, prompt.ref]})
    if rejected:
        k = len(rejected)
        run.warnings += [f"llm[relations]: rejected {r}" for r in rejected]
        run.notices.append(fallback_notice("llm_ungrounded", "relations", f"{k} 项提议未通过核实",
                                           f"{k} proposal{'s' if k != 1 else ''} failed verification"))
    prov = facts.provenance
    update: dict[str, Any] = {
        "prompt_ids": prov.prompt_ids + [r for r in (common.ref, prompt.ref) if r not in prov.prompt_ids],
        "tokens": (prov.tokens or 0) + run.usage.total,
        "warnings": prov.warnings + run.warnings, "notices": prov.notices + run.notices,
    }
    if claims and "llm" not in prov.extractor:
        update |= {"extractor": prov.extractor + "+llm", "version": f"{prov.version}+{EXTRACTOR_VERSION}"}
    return facts.model_copy(update={
        "claims": list(facts.claims) + claims,
        "unchecked": [i for i in facts.unchecked if id(i) not in resolved],
        "provenance": prov.model_copy(update=update),
    })
