"""`budget-review chat FILE…`: question loaded reports from the terminal (offline or with an LLM)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command("chat")
    def chat(
        files: list[Path] = typer.Argument(..., help="Report file(s) (.txt, .md, .docx, .pdf, .xlsx)."),
        provider: str | None = typer.Option(None, "--provider",
                                            help="rules (default: offline retrieval answers) or openai "
                                                 "(tool-calling agent); default from [llm] provider in the config."),
        model: str | None = typer.Option(None, "--model", help="Model name for --provider openai."),
        transcripts: Path | None = typer.Option(None, "--transcripts",
                                                help="Folder for JSONL transcripts (default: user data folder)."),
        store: Path | None = typer.Option(None, "--store", help="Index into this Chroma folder instead of memory."),
        chroma_url: str | None = typer.Option(None, "--chroma-url", help="Index into a Chroma server."),
        llm_extract: bool = typer.Option(False, "--llm-extract",
                                         help="Also extract facts with the LLM provider (slower; rules by default)."),
        config: Path | None = typer.Option(None, "--config", help="budget-review.toml to use."),
    ) -> None:
        """Chat about reports: /findings, /explain N, /facts, /search, /calc, /section, /export, questions."""
        from agent.chat.repl import Chat, run_piped, run_terminal
        from agent.chat.session import Session
        from agent.chat.transcript import Transcript
        from agent.config import load_settings

        settings = load_settings(config)
        name = (provider or settings.llm.provider or "rules").strip().lower()
        if model:
            settings.llm.model = model
        session = Session.load(files, settings, extract_provider=name if llm_extract else "rules", model=model,
                               store=str(store) if store else None, chroma_url=chroma_url, chat_provider=name)
        agent = None
        if name != "rules":
            from agent.chat.agent import ChatAgent
            from agent.providers import get_provider

            chat_model = get_provider(name, settings).chat_model(settings)
            if chat_model is None:
                from agent.errors import ConfigError

                raise ConfigError(f"provider {name!r} has no chat model; use --provider openai")
            agent = ChatAgent(session, chat_model)
        folder = transcripts or (Path(settings.transcripts_dir) if settings.transcripts_dir else None)
        try:
            transcript = Transcript(folder, [str(f) for f in files], name)
        except OSError as e:
            typer.echo(f"budget-review: 提示：对话记录已停用（{e}）", err=True)
            transcript = None
        chat_obj = Chat(session, agent, transcript)
        if sys.stdin.isatty() and sys.stdout.isatty():
            run_terminal(chat_obj, str(transcript.folder / ".history") if transcript else None)
        else:
            run_piped(chat_obj)
        if transcript is not None:
            typer.echo(f"对话记录：{transcript.path}", err=True)
