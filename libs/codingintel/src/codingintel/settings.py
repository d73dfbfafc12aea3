"""Typed settings read once from the environment (pydantic-settings).

Each service declares its own settings class; `load` turns a bad value into one
line that names the variable, and exits.
"""

from __future__ import annotations

import sys
from typing import TypeVar

from pydantic import ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/codingintel"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


class ServiceSettings(BaseSettings):
    """Settings every service has. Field names are the variable names."""

    model_config = SettingsConfigDict(case_sensitive=False, extra="ignore", frozen=True)

    log_level: str = "INFO"
    # Seconds that in-flight calls get to finish after SIGTERM.
    shutdown_grace_seconds: float = 10.0


class StoreSettings(BaseSettings):
    model_config = SettingsConfigDict(case_sensitive=False, extra="ignore", frozen=True)

    database_url: str = DEFAULT_DATABASE_URL
    database_pool_min: int = 1
    database_pool_max: int = 10


class QueueSettings(BaseSettings):
    model_config = SettingsConfigDict(case_sensitive=False, extra="ignore", frozen=True)

    redis_url: str = DEFAULT_REDIS_URL
    queue_name: str = "reports"


S = TypeVar("S", bound=BaseSettings)


def describe_errors(exc: ValidationError) -> str:
    # Name the variable and what is wrong with it; the value itself is left out.
    parts = []
    for error in exc.errors():
        name = str(error["loc"][0]).upper() if error["loc"] else "?"
        parts.append(f"{name}: {error['msg']}")
    return "; ".join(parts)


def load(cls: type[S]) -> S:
    """Read settings from the environment, or exit with a message naming the variable."""
    try:
        return cls()
    except ValidationError as exc:
        print(f"configuration error: {describe_errors(exc)}", file=sys.stderr)
        raise SystemExit(2) from None
