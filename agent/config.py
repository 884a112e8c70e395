"""Settings from budget-review.toml and BUDGET_REVIEW_* environment variables, in one place."""

from __future__ import annotations

import difflib
import logging
import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from agent.errors import ConfigError

CONFIG_FILENAME = "budget-review.toml"
log = logging.getLogger(__name__)


class CheckSettings(BaseModel):
    """Per-jurisdiction parameters of the checks."""

    low_execution_threshold: float = Field(80.0, description="LOW_EXECUTION fires below this %")
    over_budget_threshold: float = Field(100.0, description="OVER_BUDGET fires above this %")
    excellent_grade_min_rate: float = Field(
        60.0, description="a grade of 优秀 is contradicted by an execution rate below this %"
    )
    disabled_rules: list[str] = Field(default_factory=list)
    duplicate_min_chars: int = Field(30, description="shortest sentence DUPLICATE_TEXT reports")


class LLMSettings(BaseModel):
    provider: str = "rules"
    model: str = "gpt-4o-mini"
    base_url: str | None = None
    api_key: str | None = None
    timeout: float = 60.0
    max_retries: int = 3
    max_validation_retries: int = 2
    token_budget: int = 60000
    cache_dir: str | None = None
    embedding_model: str | None = None
    replies_dir: str | None = None  # --provider scripted: folder of <document stem>.yaml reply files


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BUDGET_REVIEW_", env_nested_delimiter="__", extra="ignore")

    checks: CheckSettings = Field(default_factory=CheckSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    store: str | None = None
    chroma_url: str | None = None
    transcripts_dir: str | None = None
    lang: str = "zh"


# Environment variables of the tool that are not settings (debug switches, test hooks, data folders).
TOOL_ENV_VARS = {"DEBUG", "VERBOSE", "LLM_BACKOFF", "PROMPTS_DIR", "SCRIPTED_REPLIES", "SEEDS_DIR"}
ENV_PREFIX = "BUDGET_REVIEW_"


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise ConfigError("config file not found", path) from e
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"invalid TOML: {e}", path) from e


def _fields(model: type[BaseModel]) -> dict[str, type[BaseModel] | None]:
    """Field name -> its nested settings model (or None for a plain value)."""
    out: dict[str, type[BaseModel] | None] = {}
    for name, info in model.model_fields.items():
        ann = info.annotation
        out[name] = ann if isinstance(ann, type) and issubclass(ann, BaseModel) else None
    return out


def _did_you_mean(key: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(key, choices, n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else f" (known keys: {', '.join(sorted(choices))})"


def _unknown_key(data: dict[str, Any], model: type[BaseModel], prefix: str = "") -> str | None:
    """The first key of ``data`` that ``model`` does not define, as 'section.key (did you mean …?)'."""
    fields = _fields(model)
    for key, value in data.items():
        if key not in fields:
            return f"{prefix}{key}{_did_you_mean(key, list(fields))}"
        sub = fields[key]
        if sub is not None and isinstance(value, dict):
            found = _unknown_key(value, sub, f"{prefix}{key}.")
            if found:
                return found
    return None


def _unknown_env(environ: dict[str, str]) -> str | None:
    """A BUDGET_REVIEW_* variable that looks like a setting but names none (a typo would be ignored)."""
    top = _fields(Settings)
    for var in sorted(environ):
        if not var.startswith(ENV_PREFIX):
            continue
        name = var[len(ENV_PREFIX):]
        if name in TOOL_ENV_VARS:
            continue
        parts = name.lower().split("__")
        if len(parts) == 1:  # a flat name: only a near-miss of a setting is a typo; others may be tool hooks
            if parts[0] not in top and difflib.get_close_matches(parts[0], list(top), n=1, cutoff=0.8):
                return f"{var}{_did_you_mean(parts[0], list(top))}"
            continue
        section = top.get(parts[0])
        if parts[0] not in top or section is None:
            return f"{var}{_did_you_mean(parts[0], [k for k, v in top.items() if v is not None])}"
        if parts[1] not in section.model_fields:
            return f"{var}{_did_you_mean(parts[1], list(section.model_fields))}"
    return None


def _invalid(e: ValidationError) -> tuple[tuple[str, ...], str]:
    """(location, 'checks.low_execution_threshold = 'abc': Input should be a valid number') of the first error."""
    err = e.errors()[0]
    loc = tuple(str(x) for x in err.get("loc", ()))
    value = err.get("input")
    shown = f" = {value!r}" if not isinstance(value, dict) else ""
    return loc, f"invalid value for {'.'.join(loc) or 'settings'}{shown}: {err.get('msg', 'invalid')}"


def load_settings(config_file: str | Path | None = None) -> Settings:
    """Explicit --config file, else ./budget-review.toml if present; env vars override the file.

    Every problem is one ConfigError (exit 4) naming the key and where it came from: an unknown
    key (with the closest known one), or a value of the wrong type.  Typos must not be ignored:
    a misspelt threshold would silently review under the default.
    """
    path: Path | None = None
    if config_file is not None:
        path = Path(config_file)
    elif Path(CONFIG_FILENAME).is_file():
        path = Path(CONFIG_FILENAME)
    data: dict[str, Any] = _read_toml(path) if path is not None else {}
    log.debug("settings from %s and the environment", path or "defaults")
    unknown = _unknown_key(data, Settings)
    if unknown:
        raise ConfigError(f"unknown key {unknown}", path)
    unknown = _unknown_env(dict(os.environ))
    if unknown:
        raise ConfigError(f"unknown setting in the environment: {unknown}")
    try:
        env = Settings()  # environment only
    except ValidationError as e:
        loc, text = _invalid(e)
        raise ConfigError(text, ENV_PREFIX + "__".join(loc).upper()) from None
    try:
        merged = Settings.model_validate(data)
    except ValidationError as e:
        raise ConfigError(_invalid(e)[1], path) from None
    # environment wins over the file, field by field
    out = merged.model_dump()
    for k, v in env.model_dump(exclude_unset=True).items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k].update(v)
        else:
            out[k] = v
    try:
        return Settings.model_validate(out)
    except ValidationError as e:
        raise ConfigError(_invalid(e)[1], path) from None


def with_model(settings: Settings, model: str | None) -> Settings:
    """A copy of ``settings`` using ``model`` (--model): the caller's settings are never changed."""
    if not model:
        return settings
    return settings.model_copy(update={"llm": settings.llm.model_copy(update={"model": model})})
