"""How long a refused connection takes to fail (target < 1 s), now and with the SDK's own retries.

A port is bound and closed so nothing listens on it; the model call goes through the same
``make_chat_model`` + ``call_with_retries`` path as extraction and chat.  For comparison the same
call is made with the SDK retrying (max_retries=3, what the extractor used before), which is what
made a dead endpoint cost seconds before the review fell back.  Also times the whole
``extract_llm`` on a seed against the closed port (retrieval included).

    .venv/bin/python benchmarks/bench_llm_refused.py   # writes benchmarks/results/llm_refused.json
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agent.config import LLMSettings, Settings  # noqa: E402
from agent.extract.llm import extract_llm  # noqa: E402
from agent.ingest import load_document  # noqa: E402
from agent.providers.openai import make_chat_model  # noqa: E402
from agent.providers.retry import call_with_retries, classify  # noqa: E402

SEED = ROOT.parent / "shared" / "seeds" / "001_0a5204197d249eea.txt"
RUNS = 5


def closed_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}/v1"


def timed(fn) -> tuple[float, str]:
    t0 = time.perf_counter()
    try:
        fn()
        kind = "no error"
    except Exception as e:  # noqa: BLE001 - the failure is what is measured
        kind = classify(e)
    return time.perf_counter() - t0, kind


def main() -> None:
    os.environ.setdefault("BUDGET_REVIEW_LOGS", "off")
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(llm=LLMSettings(provider="openai", model="bench", base_url=closed_url(), api_key="k",
                                            cache_dir=tmp, max_retries=3))
        model = make_chat_model(settings)
        ours = [timed(lambda: call_with_retries(lambda: model.invoke("hi"), settings.llm.max_retries)) for _ in range(RUNS)]
        sdk_model = type(model)(model="bench", base_url=settings.llm.base_url, api_key="k", max_retries=3, timeout=60)
        sdk = [timed(lambda: sdk_model.invoke("hi")) for _ in range(2)]
        doc = load_document(SEED)
        t0 = time.perf_counter()
        facts = extract_llm(doc, settings, model, provider="openai")
        whole = time.perf_counter() - t0
    out = {
        "call_fails_in_s": {"median": round(statistics.median(t for t, _ in ours), 3),
                            "max": round(max(t for t, _ in ours), 3), "kind": ours[0][1], "runs": RUNS},
        "with_sdk_retries_s": {"median": round(statistics.median(t for t, _ in sdk), 3), "runs": len(sdk)},
        "extract_llm_on_seed_001_s": round(whole, 2),
        "notices": [n.message_en for n in facts.provenance.notices],
        "loadavg": [round(x, 2) for x in os.getloadavg()],
    }
    dest = ROOT / "benchmarks" / "results" / "llm_refused.json"
    dest.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
