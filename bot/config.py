"""Typed configuration: `config.yaml` for settings, the environment (and `.env`) for secrets.

Secrets are `SecretStr`: they print as `**********` and never reach a log line.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from dotenv import dotenv_values
from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

from bot.storage.database import sqlite_url

DEFAULT_CONFIG = Path("config.yaml")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HttpSettings(_Section):
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=1, le=65535)


class StorageSettings(_Section):
    data_dir: Path = Path("data")
    #: From DATABASE_URL; when unset, SQLite in `data_dir`.
    database_url: SecretStr | None = None


class TelegramSettings(_Section):
    token: SecretStr | None = None
    api_base: str = "https://api.telegram.org"
    #: Bot API allows 30 messages per second overall; stay a little below.
    max_messages_per_second: float = 28.0
    poll_timeout_seconds: int = Field(default=30, ge=0, le=50)

    @field_validator("api_base")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")


class DemoSettings(_Section):
    seed_communities: bool = True


class LoggingSettings(_Section):
    level: str = "INFO"


class Settings(_Section):
    http: HttpSettings = HttpSettings()
    storage: StorageSettings = StorageSettings()
    telegram: TelegramSettings = TelegramSettings()
    demo: DemoSettings = DemoSettings()
    logging: LoggingSettings = LoggingSettings()

    def database_url(self) -> str:
        if self.storage.database_url is not None:
            return self.storage.database_url.get_secret_value()
        return sqlite_url(self.storage.data_dir)


#: Environment variables and where they go. Secrets live only here, never in config.yaml.
ENVIRONMENT = {
    "JOSOOR_DATA_DIR": ("storage", "data_dir"),
    "DATABASE_URL": ("storage", "database_url"),
    "TELEGRAM_BOT_TOKEN": ("telegram", "token"),
    "TELEGRAM_API_BASE": ("telegram", "api_base"),
    "JOSOOR_HOST": ("http", "host"),
    "JOSOOR_PORT": ("http", "port"),
    "JOSOOR_LOG_LEVEL": ("logging", "level"),
}
SECRET_KEYS = {("storage", "database_url"), ("telegram", "token")}


class ConfigError(ValueError):
    pass


def load_settings(
    path: Path | None = None,
    environ: Mapping[str, str] | None = None,
    dotenv: Path | None = Path(".env"),
) -> Settings:
    """Merge config.yaml, then `.env`, then the real environment (which wins)."""
    path = path or Path(os.environ.get("JOSOOR_CONFIG", DEFAULT_CONFIG))
    data: dict[str, Any] = {}
    if path.exists():
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(loaded, dict):
            raise ConfigError(f"{path}: expected a mapping of sections")
        data = loaded
    for section, key in SECRET_KEYS:
        if key in (data.get(section) or {}):
            raise ConfigError(
                f"{path}: {section}.{key} is a secret; set it in the environment instead"
            )
    env: dict[str, str] = {}
    if dotenv is not None and dotenv.exists():
        env.update({k: v for k, v in dotenv_values(dotenv).items() if v is not None})
    env.update(os.environ if environ is None else environ)
    for variable, (section, key) in ENVIRONMENT.items():
        value = env.get(variable)
        if value:
            data.setdefault(section, {})
            data[section] = {**data[section], key: value}
    try:
        return Settings.model_validate(data)
    except ValueError as error:
        raise ConfigError(str(error)) from None
