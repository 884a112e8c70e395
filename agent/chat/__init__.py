"""The chat agent: a reviewer questions loaded reports from the terminal.

Layers, each usable alone:

* ``calc``       a safe Decimal calculator (``ast``, never ``eval``);
* ``session``    the loaded reports: documents, facts, review results, retrieval;
* ``tools``      the operations (search, facts, findings, explain, calculate, section, export),
                 plain functions returning text, shared by slash commands and the LLM tools;
* ``answer``     the offline answer to a plain question (retrieval + facts, no generation);
* ``grounding``  which numbers of an answer the report or the tool results back;
* ``agent``      the LangChain tool-calling loop (only with an LLM provider);
* ``transcript`` JSONL, one object per turn;
* ``repl``       the prompt_toolkit loop (or line-per-turn reading when stdin is piped).
"""
