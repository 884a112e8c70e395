"""Settings from budget-review.toml and BUDGET_REVIEW_* environment variables, in one place."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from agent.errors import ConfigError

CONFIG_FILENAME = "budget-review.toml"


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


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BUDGET_REVIEW_", env_nested_delimiter="__", extra="ignore")

    checks: CheckSettings = Field(default_factory=CheckSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    store: str | None = None
    chroma_url: str | None = None
    transcripts_dir: str | None = None
    lang: str = "zh"


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise ConfigError("config file not found", path) from e
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"invalid TOML: {e}", path) from e


def load_settings(config_file: str | Path | None = None) -> Settings:
    """Explicit --config file, else ./budget-review.toml if present; env vars override the file."""
    data: dict[str, Any] = {}
    if config_file is not None:
        data = _read_toml(Path(config_file))
    elif Path(CONFIG_FILENAME).is_file():
        data = _read_toml(Path(CONFIG_FILENAME))
    env = Settings()  # environment only
    merged = Settings.model_validate(data) if data else Settings.model_construct()
    # environment wins over the file, field by field
    env_set = env.model_dump(exclude_unset=True)
    out = merged.model_dump() if data else Settings().model_dump()
    for k, v in env_set.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k].update(v)
        else:
            out[k] = v
    try:
        return Settings.model_validate(out)
    except Exception as e:  # pydantic.ValidationError
        raise ConfigError(f"invalid settings: {e}", config_file) from e
