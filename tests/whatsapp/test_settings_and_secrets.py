"""WhatsApp and Telegram-webhook settings, which channels run, and secrets kept out of logs."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.app import Core
from bot.channels.registry import build_channels
from bot.config import ConfigError, Settings, load_settings
from tests.whatsapp.conftest import onboard
from tests.whatsapp.harness import whatsapp_rig

ENV = {
    "WHATSAPP_TOKEN": "EAAJ-secret-token-value",
    "WHATSAPP_PHONE_ID": "106540352242922",
    "WHATSAPP_APP_SECRET": "app-secret-value",
    "WHATSAPP_VERIFY_TOKEN": "verify-token-value",
    "WHATSAPP_API_BASE": "http://127.0.0.1:9/",
}


def _load(tmp_path: Path, environ: dict[str, str], yaml: str = "") -> Settings:
    config = tmp_path / "config.yaml"
    config.write_text(yaml, encoding="utf-8")
    return load_settings(config, environ=environ, dotenv=None)


def test_whatsapp_settings_come_from_the_environment_as_secrets(tmp_path: Path) -> None:
    settings = _load(tmp_path, ENV)
    whatsapp = settings.whatsapp
    assert whatsapp.enabled and whatsapp.phone_id == "106540352242922"
    assert whatsapp.api_base == "http://127.0.0.1:9"
    assert "secret-token" not in repr(whatsapp) and "app-secret" not in str(settings)
    assert set(settings.secret_values()) >= {
        "EAAJ-secret-token-value", "app-secret-value", "verify-token-value"
    }  # fmt: skip
    assert not _load(tmp_path, {"WHATSAPP_TOKEN": "x"}).whatsapp.enabled  # no phone id


@pytest.mark.parametrize("key", ["token", "app_secret", "verify_token"])
def test_whatsapp_secrets_in_config_yaml_are_refused(tmp_path: Path, key: str) -> None:
    with pytest.raises(ConfigError, match="secret"):
        _load(tmp_path, {}, f"whatsapp:\n  {key}: leaked\n")


def test_the_project_config_yaml_loads_with_templates() -> None:
    settings = load_settings(Path("config.yaml"), environ={}, dotenv=None)
    template = settings.whatsapp.templates["meetup_reminder"]["fa"]
    assert (template.name, template.language) == ("josoor_meetup_reminder", "fa")


def test_telegram_webhook_mode_needs_an_https_url_and_a_secret(tmp_path: Path) -> None:
    yaml = "telegram:\n  mode: webhook\n  webhook_url: https://bot.example.org\n"
    with pytest.raises(ConfigError, match="TELEGRAM_WEBHOOK_SECRET"):
        _load(tmp_path, {}, yaml)
    with pytest.raises(ConfigError, match="https"):
        _load(tmp_path, {"TELEGRAM_WEBHOOK_SECRET": "abc"}, yaml.replace("https", "http"))
    with pytest.raises(ConfigError, match="secret"):
        _load(tmp_path, {}, "telegram:\n  webhook_secret: leaked\n")
    settings = _load(tmp_path, {"TELEGRAM_WEBHOOK_SECRET": "abc_DEF-1"}, yaml)
    assert settings.telegram.mode == "webhook"


def test_the_registry_builds_whatsapp_and_telegram_webhook_mode(core: Core) -> None:
    telegram = {"token": "123:abc", "mode": "webhook", "webhook_url": "https://bot.example.org",
                "webhook_secret": "abc"}  # fmt: skip
    whatsapp = {"token": "t", "phone_id": "1", "app_secret": "s"}
    core.settings = core.settings.model_copy(
        update={
            "telegram": core.settings.telegram.model_validate(telegram),
            "whatsapp": core.settings.whatsapp.model_validate(whatsapp),
        }
    )
    channels = {channel.name: channel for channel in build_channels(core)}
    assert {"Telegram", "WhatsApp"} <= set(channels)
    paths = {route.path for name in ("Telegram", "WhatsApp") for route in channels[name].routes()}  # type: ignore[attr-defined]
    assert paths == {"/webhooks/telegram", "/webhooks/whatsapp"}


async def test_no_secret_or_message_text_reaches_the_logs(
    core: Core, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with whatsapp_rig(core) as rig:
        await onboard(rig, name="Secret Name")
        rig.api.fail_next(131000)  # a reply that fails is logged: by code, without content
        await rig.api.send_text("4366400000001", "/help")
        await rig.channel.wait_idle()
        await rig.api.post(rig.api.messages_payload("4366400000001", rig.api.text("1", "x")),
                           signature="sha256=bad")  # fmt: skip
        # Ours only: libraries are held at WARNING by bot.logging_setup (they log SQL values).
        logged = "\n".join(
            record.getMessage()
            for record in caplog.records
            if record.name.startswith(("bot.", "dialogs.")) or record.levelno >= logging.WARNING
        )
    assert "reply not delivered" in logged
    for secret in (rig.api.token, rig.api.app_secret, "Secret Name", "/help", "4366400000001"):
        assert secret not in logged
