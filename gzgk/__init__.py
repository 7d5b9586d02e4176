"""gzgk: task-division notices (任务分工通知) from text to per-unit returns and back."""

from __future__ import annotations

__all__: list[str] = []
