"""Typed configuration: `config.yaml` for settings, the environment (and `.env`) for secrets.

Secrets are `SecretStr`: they print as `**********` and never reach a log line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, Self

import yaml
from dotenv import dotenv_values
from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

from bot.core.common.durations import Duration
from bot.core.welcome.scores import Weights

DEFAULT_CONFIG = Path("config.yaml")


def sqlite_url(data_dir: Path) -> str:
    """The embedded database in the data directory (no server needed)."""
    return f"sqlite+aiosqlite:///{(data_dir / 'josoor.sqlite3').resolve()}"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HttpSettings(_Section):
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=1, le=65535)


class StorageSettings(_Section):
    data_dir: Path = Path("data")
    #: From DATABASE_URL; when unset, SQLite in `data_dir`.
    database_url: SecretStr | None = None
    #: From JOSOOR_HMAC_KEY: the key of keyed hashes and web chat cookies. When unset, a key
    #: made on first run is kept in the database (shared by every worker on it).
    hmac_key: SecretStr | None = None

    @field_validator("hmac_key")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < 32:
            raise ValueError("JOSOOR_HMAC_KEY must have at least 32 characters")
        return value


class TelegramSettings(_Section):
    token: SecretStr | None = None
    api_base: str = "https://api.telegram.org"
    #: Bot API allows 30 messages per second overall; stay a little below.
    max_messages_per_second: float = 28.0
    poll_timeout_seconds: int = Field(default=30, ge=0, le=50)
    #: `polling` needs no public URL; `webhook` receives updates at /webhooks/telegram.
    mode: Literal["polling", "webhook"] = "polling"
    #: Public HTTPS base URL of this server (webhook mode), e.g. https://bot.example.org
    webhook_url: str | None = None
    #: From TELEGRAM_WEBHOOK_SECRET; Telegram sends it back in every webhook request.
    webhook_secret: SecretStr | None = None

    @field_validator("api_base")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @model_validator(mode="after")
    def _webhook_needs_url_and_secret(self) -> Self:
        if self.mode != "webhook":
            return self
        if not (self.webhook_url or "").startswith("https://"):
            raise ValueError("telegram.webhook_url must be an https:// URL in webhook mode")
        secret = self.webhook_secret.get_secret_value() if self.webhook_secret else ""
        if not _TELEGRAM_SECRET.fullmatch(secret):
            raise ValueError(
                "TELEGRAM_WEBHOOK_SECRET is required in webhook mode "
                "(1-256 characters: A-Z, a-z, 0-9, _ and -)"
            )
        return self


_TELEGRAM_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


# --- WhatsApp ---------------------------------------------------------------------------------


class WhatsAppTemplate(_Section):
    """A message template approved in WhatsApp Manager, for one language."""

    name: str
    #: WhatsApp's language code of the template (en, en_GB, ar, fa, de, nl, uk, ...).
    language: str
    #: Names of the template's body parameters, in order; filled from `Reply.template_params`.
    parameters: tuple[str, ...] = ()
    #: The template has our one quick-reply button ("Show me"), whose payload opens the notice.
    quick_reply: bool = False


class WhatsAppSettings(_Section):
    """WhatsApp Cloud API. The channel runs when `token` and `phone_id` are set."""

    token: SecretStr | None = None
    phone_id: str | None = None
    #: Signs every webhook POST (X-Hub-Signature-256); without it every POST is refused.
    app_secret: SecretStr | None = None
    #: Answers Meta's GET verification of the webhook URL.
    verify_token: SecretStr | None = None
    api_base: str = "https://graph.facebook.com"
    api_version: str = "v23.0"
    #: The WhatsApp Business Account (WABA) whose message templates `josoor whatsapp
    #: templates --push/--check` create and read; not a secret, but set per deployment.
    business_account_id: str | None = None
    #: Cloud API throughput per phone number (messages per second).
    max_messages_per_second: float = Field(default=60.0, gt=0)
    #: Broadcasts to one person are spaced at least this far apart (Meta's pair rate limit).
    bulk_spacing_seconds: float = Field(default=6.0, ge=0)
    #: templates.<template_key>.<our language code> → the template to send outside the window.
    templates: dict[str, dict[str, WhatsAppTemplate]] = Field(default_factory=dict)

    @field_validator("api_base")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @property
    def enabled(self) -> bool:
        return self.token is not None and bool(self.phone_id)


class ReminderSettings(_Section):
    #: ISO 8601 durations before a meetup: calendar parts (P1D) on the local wall clock,
    #: clock parts (PT3H) in real time.
    offsets: tuple[str, ...] = ("P1D", "PT3H")
    #: How often the outbox is swept (seconds).
    sweep_seconds: int = Field(default=30, ge=1, le=3600)

    @field_validator("offsets")
    @classmethod
    def _valid_durations(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(Duration.parse(text).text for text in value)

    def durations(self) -> tuple[Duration, ...]:
        return tuple(Duration.parse(text) for text in self.offsets)


class NluConfig(_Section):
    """Free-text understanding: the in-process classifier, or a Rasa server's /model/parse."""

    backend: Literal["local", "rasa"] = "local"
    rasa_url: str | None = None
    timeout_seconds: float = Field(default=2.0, gt=0, le=30)
    #: Where trained models are cached; default `$XDG_CACHE_HOME/josoor/nlu` (~/.cache).
    cache_dir: Path | None = None


# --- Welcome Groups (issue 8) ----------------------------------------------------------------


class MatchWeights(_Section):
    """Weights of the matching score (see bot/core/welcome/scores.py): all four are required,
    each a number ≥ 0, so a typo cannot silently switch a part of the score off."""

    interests: float
    needs: float
    age: float
    family: float

    @model_validator(mode="before")
    @classmethod
    def _complete_and_not_negative(cls, data: Any) -> Any:
        names = ("interests", "needs", "age", "family")
        if not isinstance(data, Mapping):
            raise ValueError(f"welcome_groups.weights must give {', '.join(names)}")
        missing = [name for name in names if data.get(name) is None]
        if missing:
            raise ValueError(
                f"welcome_groups.weights: missing {', '.join(missing)} (give all of "
                f"{', '.join(names)}, each a number ≥ 0)"
            )
        for name in names:
            value = data[name]
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"welcome_groups.weights.{name} must be a number, got {value!r}")
            if not 0 <= value < float("inf"):
                raise ValueError(
                    f"welcome_groups.weights.{name} must be a number ≥ 0, got {value!r}"
                )
        return data

    def as_weights(self) -> Weights:
        return Weights(self.interests, self.needs, self.age, self.family)


class WelcomeGroupSettings(_Section):
    weights: MatchWeights = MatchWeights(interests=1.0, needs=2.0, age=0.5, family=1.0)


class DemoSettings(_Section):
    seed_communities: bool = True


class LoggingSettings(_Section):
    level: str = "INFO"


class Settings(_Section):
    http: HttpSettings = HttpSettings()
    storage: StorageSettings = StorageSettings()
    telegram: TelegramSettings = TelegramSettings()
    whatsapp: WhatsAppSettings = WhatsAppSettings()
    reminders: ReminderSettings = ReminderSettings()
    nlu: NluConfig = NluConfig()
    welcome_groups: WelcomeGroupSettings = WelcomeGroupSettings()
    demo: DemoSettings = DemoSettings()
    logging: LoggingSettings = LoggingSettings()

    def database_url(self) -> str:
        if self.storage.database_url is not None:
            return self.storage.database_url.get_secret_value()
        return sqlite_url(self.storage.data_dir)

    def secret_values(self) -> list[str]:
        """Every secret that is set, for the log filter that masks them."""
        secrets = (
            self.storage.database_url,
            self.storage.hmac_key,
            self.telegram.token,
            self.telegram.webhook_secret,
            self.whatsapp.token,
            self.whatsapp.app_secret,
            self.whatsapp.verify_token,
        )
        return [s.get_secret_value() for s in secrets if s is not None and s.get_secret_value()]


#: Environment variables and where they go. Secrets live only here, never in config.yaml.
ENVIRONMENT = {
    "JOSOOR_DATA_DIR": ("storage", "data_dir"),
    "DATABASE_URL": ("storage", "database_url"),
    "JOSOOR_HMAC_KEY": ("storage", "hmac_key"),
    "TELEGRAM_BOT_TOKEN": ("telegram", "token"),
    "TELEGRAM_API_BASE": ("telegram", "api_base"),
    "TELEGRAM_WEBHOOK_SECRET": ("telegram", "webhook_secret"),
    "WHATSAPP_TOKEN": ("whatsapp", "token"),
    "WHATSAPP_PHONE_ID": ("whatsapp", "phone_id"),
    "WHATSAPP_APP_SECRET": ("whatsapp", "app_secret"),
    "WHATSAPP_VERIFY_TOKEN": ("whatsapp", "verify_token"),
    "WHATSAPP_API_BASE": ("whatsapp", "api_base"),
    "WHATSAPP_BUSINESS_ACCOUNT_ID": ("whatsapp", "business_account_id"),
    "JOSOOR_HOST": ("http", "host"),
    "JOSOOR_PORT": ("http", "port"),
    "JOSOOR_LOG_LEVEL": ("logging", "level"),
}
SECRET_KEYS = {
    ("storage", "database_url"),
    ("storage", "hmac_key"),
    ("telegram", "token"),
    ("telegram", "webhook_secret"),
    ("whatsapp", "token"),
    ("whatsapp", "app_secret"),
    ("whatsapp", "verify_token"),
}


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
