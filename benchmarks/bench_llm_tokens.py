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

Two more parts (``--only learning,relations`` runs just these, keeping the seeds' figures):
  learning   the learning set (eval/data/learning, 152 short reports), counting the prompts the
             pipeline builds (retrieval per fact group with the rule facts known, plus one relations
             prompt per candidate passage) against the same prompts with the whole report and one
             whole-report request; recall is the rules' (1.000 on this set, no relation asked);
  relations  the relations stage "for the same recall": each document with a scripted reply file
             (tests/data/scripted_replies: seeds and the rules-blind set) is asked passage by passage,
             as the pipeline does, and once with the whole report; the relations Python verifies
             either way are counted, so the token ratio is read next to the recall it buys.

    .venv/bin/python benchmarks/bench_llm_tokens.py   # prints a table, writes results/llm_tokens.json
    .venv/bin/python benchmarks/bench_llm_tokens.py --only learning,relations
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


LEARNING = ROOT / "eval" / "data" / "learning"
REPLIES = ROOT / "tests" / "data" / "scripted_replies"


def _ratio(a: int, b: int) -> float:
    return round(a / b, 3) if b else 0.0


def count_prompts(path: Path, settings: Settings) -> dict:
    """Tokens of the prompts the pipeline builds for one report (no endpoint): fact groups with the
    rule facts known, then one relations prompt per candidate passage."""
    from agent.extract.llm_relations import batches, candidates

    doc = load_document(path)
    rules = extract_rules(doc, settings)
    common = load_prompt("common")
    retriever = DocumentRetriever(doc, settings)
    sent = excerpt = whole_per_group = 0
    for g in GROUPS:
        prompt = load_prompt(g)
        ranges = select_ranges(doc, prompt, rules, retriever)
        if ranges:
            body = render_excerpts(doc, ranges)
            sent += _request(common, prompt, body)
            excerpt += estimate_tokens(body)
            whole_per_group += _request(common, prompt, doc.text)
    rel = load_prompt("relations")
    groups = batches(doc, candidates(rules, doc), rel.max_chars)
    for regions, _ in groups:
        body = render_excerpts(doc, regions)
        sent += _request(common, rel, body)
        excerpt += estimate_tokens(body)
    if groups:
        whole_per_group += _request(common, rel, doc.text)
    once = request_tokens([("system", common.template), ("human", doc.text)],
                          {"schema": llm_models.compact_schema(llm_models.FactsOut)})
    return {"doc": path.name, "doc_tokens": estimate_tokens(doc.text), "tokens_sent": sent, "excerpt_tokens": excerpt,
            "relations_prompts": len(groups), "whole_per_group_tokens": whole_per_group, "whole_once_tokens": once}


def learning_part(settings: Settings) -> dict:
    rows = [count_prompts(p, settings) for p in sorted(LEARNING.glob("*.txt"))]
    total = {k: sum(r[k] for r in rows) for k in ("doc_tokens", "tokens_sent", "excerpt_tokens", "relations_prompts",
                                                   "whole_per_group_tokens", "whole_once_tokens")}
    total |= {"documents": len(rows),
              "excerpt_vs_report": _ratio(total["excerpt_tokens"], total["doc_tokens"]),
              "sent_vs_whole_per_group": _ratio(total["tokens_sent"], total["whole_per_group_tokens"]),
              "sent_vs_whole_once": _ratio(total["tokens_sent"], total["whole_once_tokens"]),
              "recall": "rules 1.000 (eval --dataset eval/data/learning/labels.yaml); the same with --replies"}
    print(f"\n[learning] {len(rows)} reports: report text sent {total['excerpt_vs_report']:.1%}, "
          f"vs same prompts with whole report {total['sent_vs_whole_per_group']:.1%}, "
          f"vs one whole-report request {total['sent_vs_whole_once']:.1%}; "
          f"relation prompts {total['relations_prompts']}")
    return {"documents": rows, "total": total}


def _key(claim) -> str:  # noqa: ANN001 - a Claim
    return f"{type(claim).__name__}:{claim.span.start}:{claim.span.end}"


def relations_one(doc_path: Path, replies: Path, settings: Settings) -> dict:
    """Passage by passage (the pipeline) vs one whole-report prompt, for one document's reply file."""
    from agent.extract.llm_models import RelationsOut
    from agent.extract.llm_relations import _Verifier, batches, candidates, verify_passages
    from agent.providers.scripted_replies import DocumentReplies

    doc = load_document(doc_path)
    rules = extract_rules(doc, settings)
    common, prompt = load_prompt("common"), load_prompt("relations")
    answers = DocumentReplies.for_document(replies, doc.path)
    sent = excerpt = 0
    verified: set[str] = set()
    for regions, _ in batches(doc, candidates(rules, doc), prompt.max_chars):  # as extract_relations asks
        body = render_excerpts(doc, regions)
        messages, fmt = build_request(common, prompt, llm_models.compact_schema(RelationsOut), body)
        sent += request_tokens(messages, fmt)
        excerpt += estimate_tokens(body)
        reply = RelationsOut.model_validate_json(answers.next_reply(messages, "relations"))
        verified |= {_key(c) for c in verify_passages(doc, regions, reply)[0]}
    whole_msgs, whole_fmt = build_request(common, prompt, llm_models.compact_schema(RelationsOut),
                                          render_excerpts(doc, [(0, len(doc.text))]))
    whole = DocumentReplies.for_document(replies, doc.path)
    reply = RelationsOut.model_validate_json(whole.next_reply(whole_msgs, "relations"))
    v = _Verifier(doc, (0, len(doc.text)))
    whole_verified = {_key(c) for r in reply.relations if (c := v.claim(r)) is not None}
    return {"doc": doc_path.name, "doc_tokens": estimate_tokens(doc.text), "prompts": len(answers.requests),
            "tokens_sent": sent, "excerpt_tokens": excerpt, "whole_tokens": request_tokens(whole_msgs, whole_fmt),
            "relations_written": len(answers.relations), "verified_by_passage": len(verified),
            "verified_whole_report": len(whole_verified)}


def relations_part(settings: Settings) -> dict:
    docs = [(p, REPLIES / "seeds") for p in sorted(SEEDS.glob("*.txt")) if (REPLIES / "seeds" / f"{p.stem}.yaml").exists()]
    docs += [(p, REPLIES / "rules_blind") for p in sorted((REPLIES / "rules_blind").glob("*.txt"))]
    rows = [relations_one(p, r, settings) for p, r in docs]
    total = {k: sum(r[k] for r in rows) for k in ("doc_tokens", "prompts", "tokens_sent", "excerpt_tokens",
                                                   "whole_tokens", "relations_written", "verified_by_passage",
                                                   "verified_whole_report")}
    total |= {"sent_vs_whole": _ratio(total["tokens_sent"], total["whole_tokens"]),
              "excerpt_vs_report": _ratio(total["excerpt_tokens"], total["doc_tokens"])}
    print(f"\n[relations] {'doc':34} {'doc':>6} {'prompts':>7} {'sent':>6} {'whole':>6} {'verified p/w':>12}")
    for r in rows + [dict(total, doc="TOTAL")]:
        print(f"            {r['doc']:34} {r['doc_tokens']:6} {r['prompts']:7} {r['tokens_sent']:6} "
              f"{r['whole_tokens']:6} {r['verified_by_passage']:>5}/{r['verified_whole_report']}")
    return {"documents": rows, "total": total}


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="seeds,learning,relations", help="comma-separated parts to run")
    parts = set(ap.parse_args().only.split(","))
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        sys.exit(f"no seeds in {SEEDS}")
    dest = ROOT / "benchmarks" / "results" / "llm_tokens.json"
    out: dict = json.loads(dest.read_text(encoding="utf-8")) if dest.exists() else {}
    out |= {"estimator": "agent.extract.token_estimate (1 per CJK char, 1 per 4 other chars)",
            "target": "tokens sent <= 25% of sending the whole report"}
    t0 = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(llm=LLMSettings(cache_dir=str(Path(tmp) / "cache")))
        if "learning" in parts:
            out["learning"] = learning_part(settings)
        if "relations" in parts:
            out["relations"] = relations_part(settings)
    if "seeds" in parts:
        out["runs"] = {}
        _seeds_part(out, seeds)
    out["seconds"] = round(time.time() - t0, 1)
    dest.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {dest}")


def _seeds_part(out: dict, seeds: list[Path]) -> None:
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


if __name__ == "__main__":
    main()
