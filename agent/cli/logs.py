"""`budget-review logs [--json] [-n N]`: the prompts sent to language models and their replies.

Like simonw/llm's ``llm logs``: every model call (extraction, relation proposals, chat) is kept
in SQLite in the user data folder, so a reviewer who saw a notice can see exactly what happened.
"""

from __future__ import annotations

import typer

from agent.cli.common import write_out


def register(app: typer.Typer) -> None:
    @app.command("logs")
    def logs(
        n: int = typer.Option(3, "-n", "--count", min=0, help="How many of the latest entries (0: all)."),
        as_json: bool = typer.Option(False, "--json", help="JSON array instead of text."),
        path: bool = typer.Option(False, "--path", help="Print the database file's path and exit."),
    ) -> None:
        """Show the latest model prompts and replies (newest first), with status and timing."""
        import json

        from agent.providers import logdb

        db = logdb.log_path()
        if path:
            write_out(str(db) if db else "logging is off (BUDGET_REVIEW_LOGS=off)")
            return
        rows = logdb.recent(n or 1_000_000_000, db)
        if as_json:
            write_out(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not rows:
            write_out(f"no logged model calls yet ({db})" if db else "logging is off (BUDGET_REVIEW_LOGS=off)")
            return
        out: list[str] = []
        for r in rows:
            head = (f"#{r['id']}  {r['datetime_utc']}Z  {r['purpose']}"
                    + (f"[{r['group']}]" if r["group"] else "")
                    + f"  {r['provider'] or ''}/{r['model'] or ''}  {r['status']}  {r['duration_ms']} ms")
            out.append(head)
            if r.get("document"):
                out.append(f"  document: {r['document']}")
            for role, text in r["prompt"]:
                body = text if len(text) <= 600 else text[:600] + f"… ({len(text)} chars)"
                out.append(f"  [{role}] " + body.replace("\n", "\n    "))
            if r["response"] is not None:
                out.append("  [reply] " + r["response"].replace("\n", "\n    "))
            if r["error"]:
                out.append(f"  [error] {r['error']}")
            out.append("")
        write_out("\n".join(out))
