"""Tokens sent per document by the LLM extractor vs sending the whole report (target: ≤ 25 %).

Excerpts are chosen by retrieval through the vector store (agent.extract.select.DocumentRetriever:
the report's chunks in an in-process Chroma, hybrid BM25 + embeddings per fact-group query).
Runs ``extract_llm`` on each seed through langchain's ChatOpenAI against the scripted
OpenAI-compatible test server (tests/llm_server.py, 127.0.0.1, empty replies, cache off), so the
count is what the client really sends: system prompt, few-shot examples, excerpts and the
response JSON Schema.  Token counts use agent.extract.token_estimate on both sides.

Baselines, per document:
  whole_per_group  the same prompts and groups, each with the whole report instead of excerpts
                   (RAG vs no RAG, everything else equal);
  whole_once       one request: the common prompt, one schema and the whole report — the
                   cheapest conceivable "send the report" call.
Two runs: ``rules_known`` (what --provider openai does: excerpts the rule extractor already fully
covers are not sent) and ``rag_only`` (no rule facts).

    .venv/bin/python benchmarks/bench_llm_tokens.py   # prints a table, writes results/llm_tokens.json
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from llm_server import ScriptedLLMServer  # noqa: E402

from agent.config import LLMSettings, Settings  # noqa: E402
from agent.extract import extract_rules, llm_models  # noqa: E402
from agent.extract.llm import build_request, extract_llm, request_tokens  # noqa: E402
from agent.extract.prompts import GROUPS, load_prompt  # noqa: E402
from agent.extract.select import DocumentRetriever, render_excerpts, select_ranges  # noqa: E402
from agent.extract.token_estimate import estimate_tokens  # noqa: E402
from agent.ingest import load_document  # noqa: E402
from agent.providers.openai import make_chat_model  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"


def _request(common, prompt, body: str) -> int:
    schema = llm_models.compact_schema(getattr(llm_models, prompt.response_model), prompt.claim_kinds or None)
    return request_tokens(*build_request(common, prompt, schema, body))


def measure(path: Path, server: ScriptedLLMServer, cache: Path, known: bool) -> dict:
    doc = load_document(path)
    rules = extract_rules(doc) if known else None
    settings = Settings(llm=LLMSettings(provider="openai", model="bench", base_url=server.base_url, api_key="k",
                                        cache_dir=str(cache), max_retries=0, token_budget=10**9))
    before = server.prompt_tokens
    n_before = len(server.requests)
    facts = extract_llm(doc, settings, make_chat_model(settings), provider="openai", known=rules)
    sent = server.prompt_tokens - before
    common = load_prompt("common")
    asked, excerpt, whole_per_group = [], 0, 0
    retriever = DocumentRetriever(doc, settings)  # the same Chroma-backed retrieval extract_llm used
    for g in GROUPS:
        prompt = load_prompt(g)
        ranges = select_ranges(doc, prompt, rules, retriever)
        if ranges:
            asked.append(g)
            excerpt += estimate_tokens(render_excerpts(doc, ranges))
            whole_per_group += _request(common, prompt, doc.text)
    doc_tokens = estimate_tokens(doc.text)
    once = request_tokens([("system", common.template), ("human", doc.text)],
                          {"schema": llm_models.compact_schema(llm_models.FactsOut)})
    return {
        "seed": path.name, "chars": len(doc.text), "doc_tokens": doc_tokens, "groups_asked": asked,
        "requests": len(server.requests) - n_before, "tokens_sent": sent, "excerpt_tokens": excerpt,
        "provenance_tokens": facts.provenance.tokens,
        "whole_per_group_tokens": whole_per_group, "whole_once_tokens": once,
        "excerpt_vs_report": round(excerpt / doc_tokens, 3),
        "sent_vs_whole_per_group": round(sent / whole_per_group, 3) if whole_per_group else 0.0,
        "sent_vs_whole_once": round(sent / once, 3),
    }


def main() -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        sys.exit(f"no seeds in {SEEDS}")
    out: dict = {"estimator": "agent.extract.token_estimate (1 per CJK char, 1 per 4 other chars)",
                 "target": "tokens sent <= 25% of sending the whole report", "runs": {}}
    t0 = time.time()
    with ScriptedLLMServer() as server, tempfile.TemporaryDirectory() as tmp:
        for mode, known in (("rules_known", True), ("rag_only", False)):
            rows = [measure(p, server, Path(tmp) / mode / p.stem, known) for p in seeds]
            total = {k: sum(r[k] for r in rows) for k in ("doc_tokens", "tokens_sent", "excerpt_tokens",
                                                           "whole_per_group_tokens", "whole_once_tokens")}
            total["excerpt_vs_report"] = round(total["excerpt_tokens"] / total["doc_tokens"], 3)
            total["sent_vs_whole_per_group"] = round(total["tokens_sent"] / total["whole_per_group_tokens"], 3)
            total["sent_vs_whole_once"] = round(total["tokens_sent"] / total["whole_once_tokens"], 3)
            out["runs"][mode] = {"seeds": rows, "total": total}
            print(f"\n[{mode}]")
            print(f"{'seed':28} {'doc':>6} {'sent':>6} {'excerpt':>7} {'exc/doc':>7} {'vs/grp':>7} {'vs/once':>7}  groups")
            for r in rows + [dict(total, seed="TOTAL", groups_asked=[])]:
                print(f"{r['seed']:28} {r['doc_tokens']:6} {r['tokens_sent']:6} {r['excerpt_tokens']:7} "
                      f"{r['excerpt_vs_report']:7.1%} {r['sent_vs_whole_per_group']:7.1%} "
                      f"{r['sent_vs_whole_once']:7.1%}  {','.join(r['groups_asked'])}")
    out["seconds"] = round(time.time() - t0, 1)
    dest = ROOT / "benchmarks" / "results" / "llm_tokens.json"
    dest.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {dest}")


if __name__ == "__main__":
    main()
