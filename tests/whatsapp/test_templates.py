"""A template for every proactive notice kind, in every language, and `josoor whatsapp
templates` printing, pushing and checking them against the Graph API emulator."""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from pydantic import SecretStr

from bot.app import Core
from bot.channels.whatsapp.management import definitions
from bot.channels.whatsapp.templates import MENU_PAYLOAD, SPECS, bodies, button_label
from bot.cli_whatsapp import run_whatsapp_command
from bot.config import Settings, WhatsAppSettings, load_settings
from bot.core.common.clock import FrozenClock
from bot.core.common.delivery import DeliveryResult, DeliveryStatus
from bot.core.common.domain import Channel, ChannelAddress
from bot.core.common.messages import Option, Reply
from bot.core.common.outbox import NoticeKind
from bot.i18n.catalogs import Catalogs
from bot.i18n.locales import SUPPORTED_LOCALES
from dialogs.broadcasts.notices import BROADCAST_TEMPLATE
from dialogs.meetups.notices import TEMPLATES as MEETUP_TEMPLATES
from dialogs.projects.notices import TEMPLATES as PROJECT_TEMPLATES
from tests.emulators.whatsapp_graph_api import WhatsAppGraphApiEmulator
from tests.whatsapp.conftest import AT, onboard, stored_member, text_of
from tests.whatsapp.harness import Rig, whatsapp_rig

PLACEHOLDER = re.compile(r"\{\{([a-z_]+)\}\}")


def template_key(kind: NoticeKind) -> str:
    if kind is NoticeKind.BROADCAST:
        return BROADCAST_TEMPLATE
    return {**MEETUP_TEMPLATES, **PROJECT_TEMPLATES}.get(kind, kind.value)


def test_every_notice_kind_has_a_template_configured_in_every_language() -> None:
    specs = {spec.key: spec for spec in SPECS}
    assert {template_key(kind) for kind in NoticeKind} == set(specs)
    configured = load_settings(environ={}, dotenv=None).whatsapp.templates
    for key, spec in specs.items():
        assert set(configured[key]) == set(SUPPORTED_LOCALES), key
        for locale, entry in configured[key].items():
            assert entry.parameters == spec.parameters, (key, locale)
            assert entry.quick_reply and entry.name == f"josoor_{key}"


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_template_texts_name_their_parameters_and_fit_whatsapp(locale: str) -> None:
    tr = Catalogs().get(locale)
    texts = bodies(tr)
    assert 1 <= len(button_label(tr)) <= 25
    for spec in SPECS:
        text = texts[spec.key]
        assert tuple(PLACEHOLDER.findall(text)) == spec.parameters, (spec.key, text)
        assert not text.startswith("{{") and not text.endswith("}}")
        assert len(text) <= 1024
        if locale in ("ar", "fa"):  # no English left in an Arabic or Farsi template
            assert not re.search("[A-Za-z]", PLACEHOLDER.sub("", text)), text
    if locale != "en":
        english = bodies(Catalogs().get("en"))
        assert all(texts[key] != english[key] for key in texts)


def _settings(api: WhatsAppGraphApiEmulator) -> Settings:
    configured = load_settings(environ={}, dotenv=None)
    whatsapp = WhatsAppSettings(
        token=SecretStr(api.token),
        api_base=api.base_url,
        api_version=api.api_version,
        business_account_id=api.business_account_id,
        templates=configured.whatsapp.templates,
    )
    return configured.model_copy(update={"whatsapp": whatsapp})


async def _templates(settings: Settings, mode: str | None = None) -> int:
    args = argparse.Namespace(push=mode == "push", check=mode == "check")
    return await run_whatsapp_command(args, settings)


async def test_printed_templates_are_the_management_apis_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = load_settings(environ={}, dotenv=None)
    assert await _templates(settings) == 0
    printed = json.loads(capsys.readouterr().out)
    assert len(printed) == len(SPECS) * len(SUPPORTED_LOCALES)
    arabic = next(t for t in printed if t["name"] == "josoor_meetup_reminder"
                  and t["language"] == "ar")  # fmt: skip
    body, buttons = arabic["components"]
    assert arabic["parameter_format"] == "NAMED" and arabic["category"] == "UTILITY"
    assert "{{title}}" in body["text"] and "{{when}}" in body["text"] and "تذكير" in body["text"]
    names = [p["param_name"] for p in body["example"]["body_text_named_params"]]
    assert names == ["title", "when"]
    assert buttons == {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "اعرض لي"}]}
    broadcast = next(t for t in printed if t["name"] == "josoor_community_broadcast")
    assert broadcast["category"] == "MARKETING"


async def test_push_creates_them_and_check_says_what_is_missing_or_not_approved(
    capsys: pytest.CaptureFixture[str],
) -> None:
    async with WhatsAppGraphApiEmulator() as api:
        settings = _settings(api)
        wanted = definitions(Catalogs(), settings.whatsapp.templates)
        assert await _templates(settings, "check") == 1
        out = capsys.readouterr().out
        assert f"{len(wanted)} templates: {len(wanted)} missing, 0 not approved" in out
        assert "MISSING   josoor_welcome_checkin fa" in out
        # One already exists (made by hand in WhatsApp Manager): push skips it.
        api.message_templates.create(wanted[0].body)
        assert await _templates(settings, "push") == 0
        out = capsys.readouterr().out
        assert out.count("created") == len(wanted) - 1 and out.count("exists") == 1
        stored = {(t["name"], t["language"]) for t in api.message_templates.templates}
        assert stored == {(d.name, d.language) for d in wanted}
        assert await _templates(settings, "push") == 0  # nothing twice
        assert len(api.message_templates.templates) == len(wanted)
        capsys.readouterr()
        for definition in wanted:
            if definition.key != "community_broadcast":
                api.message_templates.review(definition.name, definition.language)
        api.message_templates.review("josoor_community_broadcast", "de", "REJECTED")
        assert await _templates(settings, "check") == 1
        out = capsys.readouterr().out
        assert "REJECTED  josoor_community_broadcast de" in out
        assert "PENDING   josoor_community_broadcast ar" in out
        assert f"{len(wanted)} templates: 0 missing, 6 not approved yet" in out
        for locale in SUPPORTED_LOCALES:
            api.message_templates.review("josoor_community_broadcast", locale)
        assert await _templates(settings, "check") == 0
        assert "0 missing, 0 not approved" in capsys.readouterr().out


async def test_without_the_account_push_and_check_say_what_to_set(
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = load_settings(environ={}, dotenv=None)
    assert await _templates(settings, "check") == 2
    assert "WHATSAPP_BUSINESS_ACCOUNT_ID" in capsys.readouterr().err


@pytest.fixture
async def shipped(core: Core) -> AsyncIterator[Rig]:
    """The rig with the templates of the shipped config.yaml."""
    configured = load_settings(environ={}, dotenv=None).whatsapp.templates
    async with whatsapp_rig(core, templates=configured) as started:
        yield started


async def test_a_template_notice_carries_its_button_and_one_tap_opens_it(shipped: Rig) -> None:
    rig = shipped
    await onboard(rig)
    assert isinstance(rig.core.clock, FrozenClock)
    rig.core.clock.advance(timedelta(hours=25))
    address = ChannelAddress(Channel.WHATSAPP, AT)
    update = Reply(
        "📣", "de", options=(Option("prj:v:7", "Öffnen"),),
        template_key="project_update", template_params=("Garten",),
    )  # fmt: skip
    assert await rig.channel.deliver(address, [update]) == DeliveryResult(DeliveryStatus.SENT)
    template = rig.api.sent_to(AT)[-1]["body"]["template"]
    assert (template["name"], template["language"]["code"]) == ("josoor_project_update", "de")
    body, button = template["components"]
    assert body["parameters"] == [{"type": "text", "text": "Garten", "parameter_name": "title"}]
    assert button["sub_type"] == "quick_reply"
    assert button["parameters"] == [{"type": "payload", "payload": "prj:v:7"}]
    # A notice without options: the button opens the menu, in German.
    report = Reply("x", "de", template_key="broadcast_report", template_params=("Wien",))
    await rig.channel.deliver(address, [report])
    payload = rig.api.sent_to(AT)[-1]["body"]["template"]["components"][1]["parameters"][0]
    assert payload["payload"] == MENU_PAYLOAD
    tapped = rig.api.message(AT, "button", {"payload": MENU_PAYLOAD, "text": "Zeig es mir"})
    before = len(rig.api.sent_to(AT))
    await rig.api.send(AT, tapped)
    await rig.channel.wait_idle()
    [menu] = rig.api.sent_to(AT)[before:]
    member = await stored_member(rig.core, AT)
    assert member is not None and member.locale == "de"
    assert rig.core.catalogs.get("de").text(
        "That button is no longer valid. Here is what I can do now:"
    ) not in text_of(menu)
    assert menu["body"]["interactive"]["type"] == "list"


async def test_a_template_meta_does_not_have_or_approve_is_reported_as_no_template(
    shipped: Rig,
) -> None:
    rig = shipped
    await onboard(rig)
    assert isinstance(rig.core.clock, FrozenClock)
    rig.core.clock.advance(timedelta(hours=25))
    rig.api.fail_next(132001)
    notice = Reply("…", "de", template_key="community_broadcast", template_params=("Wien", "x"))
    result = await rig.channel.deliver(ChannelAddress(Channel.WHATSAPP, AT), [notice])
    assert result == DeliveryResult(DeliveryStatus.FAILED, reason="no_template")
