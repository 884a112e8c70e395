"""Moved to ``agent.render.atomic``; this name stays importable for ``agent.extract.llm_cache``."""

from agent.render.atomic import (
    TMP_PREFIX,
    atomic_path,
    atomic_write_text,
    fsync_dir,
    sweep_temp_files,
    temp_path_for,
)

__all__ = ["TMP_PREFIX", "atomic_path", "atomic_write_text", "fsync_dir", "sweep_temp_files", "temp_path_for"]
