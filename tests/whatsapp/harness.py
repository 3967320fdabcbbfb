"""The real WhatsApp adapter on the real app, talking to the Graph API emulator over HTTP.

`whatsapp_rig` starts the emulator, the channel and our ASGI app (uvicorn, ephemeral port) and
points the emulator's webhook at the app: webhook POSTs go in signed, Graph API calls come out.
`WhatsAppMember` plays a person for the conversation runner: steps become webhook messages, and
what the emulator received becomes neutral replies (text, option ids, files) again.
"""

from __future__ import annotations

import asyncio
import contextlib
import mimetypes
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from pydantic import SecretStr
from starlette.types import ASGIApp

from bot.app import Core
from bot.channels.whatsapp.adapter import WhatsAppChannel
from bot.channels.whatsapp.locale_hint import locale_hint
from bot.channels.whatsapp.rendering import WORD_JOINER
from bot.channels.whatsapp.webhook import PATH
from bot.config import WhatsAppSettings, WhatsAppTemplate
from bot.core.common.domain import Channel, ChannelAddress
from bot.core.common.messages import Attachment, AttachmentKind, Option, Reply
from bot.i18n.catalogs import best_locale
from bot.storage.delivery_states import SqlWhatsAppStore
from bot.web.app import build_web_app
from tests.emulators.whatsapp_graph_api import SentMessage, WhatsAppGraphApiEmulator

VERIFY_TOKEN = "verify-me-please"
TEMPLATES = {
    "meetup_reminder": {
        lang: WhatsAppTemplate(
            name="josoor_meetup_reminder", language=lang, parameters=("title", "when")
        )
        for lang in ("en", "ar", "de")
    }
}
#: Calling codes that give each conversation's language hint on WhatsApp (see locale_hint).
CALLING_CODES = {"ar": "963", "fa": "93", "uk": "380", "de": "43", "nl": "31", "en": "44"}


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


@contextlib.asynccontextmanager
async def serve(app: ASGIApp) -> AsyncIterator[str]:
    """Serve `app` on an ephemeral port of 127.0.0.1; yields its base URL."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning",
                            access_log=False, lifespan="off")  # fmt: skip
    server = _Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.005)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, timeout=5)


@dataclass
class Rig:
    api: WhatsAppGraphApiEmulator
    channel: WhatsAppChannel
    core: Core
    base_url: str
    store: SqlWhatsAppStore

    def member(self, wa_id: str, name: str | None = "Test User") -> WhatsAppMember:
        self.api.add_user(wa_id, name or "")
        return WhatsAppMember(self, wa_id)


@contextlib.asynccontextmanager
async def whatsapp_rig(
    core: Core, *, enforce_window: bool = False, **channel_options: Any
) -> AsyncIterator[Rig]:
    settings_options = {
        key: channel_options.pop(key)
        for key in ("max_messages_per_second", "bulk_spacing_seconds", "app_secret", "templates")
        if key in channel_options
    }
    async with WhatsAppGraphApiEmulator(now=core.clock.now, enforce_window=enforce_window) as api:
        settings = WhatsAppSettings(
            token=SecretStr(api.token),
            phone_id=api.phone_number_id,
            app_secret=SecretStr(api.app_secret),
            verify_token=SecretStr(VERIFY_TOKEN),
            api_base=api.base_url,
            api_version=api.api_version,
            **{"max_messages_per_second": 1000.0, "templates": TEMPLATES, **settings_options},
        )
        store = SqlWhatsAppStore(core.engine, core.keyed_hash)
        channel = WhatsAppChannel(settings, core.service, store, core.clock, **channel_options)
        await channel.start()
        app = build_web_app(core, web_chat=False, extra_routes=channel.routes())
        try:
            async with serve(app) as base_url:
                api.webhook_url = base_url + PATH
                yield Rig(api, channel, core, base_url, store)
        finally:
            await channel.stop()


def wa_id_for(locale_hint_value: str | None, number: int) -> str:
    """A WhatsApp id whose calling code gives this language hint (999: none)."""
    language = best_locale(locale_hint_value) if locale_hint_value else None
    return f"{CALLING_CODES.get(language or '', '999')}{number:09d}"


def plain(text: str) -> str:
    """What the person reads: the text without our formatting escapes."""
    return text.replace(WORD_JOINER, "")


@dataclass
class WhatsAppMember:
    """A person on WhatsApp, for `tests.conversation_runner` (same interface as MemoryMember)."""

    rig: Rig
    wa_id: str
    transcript: list[tuple[str, list[Reply]]] = field(default_factory=list)
    _locale: str = ""

    def __post_init__(self) -> None:
        self._locale = best_locale(locale_hint(self.wa_id)) or "en"

    async def say(self, text: str) -> list[Reply]:
        return await self._exchange(f"says {text[:40]!r}", self.rig.api.text(self.wa_id, text))

    async def press(self, option_id: str) -> list[Reply]:
        """Tap the button or list row with this id, or type its number if it was numbered."""
        api, label = self.rig.api, f"presses {option_id}"
        self._note_language(option_id)
        for message in reversed(api.sent_to(self.wa_id)):
            interactive = message["body"].get("interactive") or {}
            ids = _interactive_ids(interactive)
            if option_id in ids:
                kind = interactive.get("type")
                reply = api.list_reply if kind == "list" else api.button_reply
                return await self._exchange(label, reply(self.wa_id, option_id))
        numbered = [o.id for o in self.rig.channel.choices.numbered(self.wa_id)]
        if option_id in numbered:
            typed = str(numbered.index(option_id) + 1)
            return await self._exchange(label, api.text(self.wa_id, typed))
        return await self._exchange(label, api.button_reply(self.wa_id, option_id))

    async def share_location(self, latitude: float, longitude: float) -> list[Reply]:
        message = self.rig.api.location(self.wa_id, latitude, longitude)
        return await self._exchange("shares a location", message)

    async def send_unsupported(self) -> list[Reply]:
        sticker = self.rig.api.media_message(self.wa_id, "sticker")
        return await self._exchange("sends a sticker", sticker)

    @property
    def last_options(self) -> list[str]:
        for _, replies in reversed(self.transcript):
            for reply in reversed(replies):
                if reply.options:
                    return [option.id for option in reply.options]
        return []

    async def _exchange(self, label: str, message: dict[str, Any]) -> list[Reply]:
        before = len(self.rig.api.sent_to(self.wa_id))
        await self.rig.api.send(self.wa_id, message)
        await self.rig.channel.wait_idle()
        sent = self.rig.api.sent_to(self.wa_id)[before:]
        locale = await self._current_locale()
        replies = [self._neutral(m, locale) for m in sent]
        numbered = self.rig.channel.choices.numbered(self.wa_id)
        if replies and numbered and sent[-1]["type"] == "text":
            replies[-1] = Reply(replies[-1].text, locale, options=numbered)
        self.transcript.append((label, replies))
        return replies

    def _neutral(self, message: SentMessage, locale: str) -> Reply:
        body = message["body"]
        kind = message["type"]
        if kind == "text":
            return Reply(plain(body["text"]["body"]), locale)
        if kind == "interactive":
            interactive = body["interactive"]
            options = tuple(
                Option(option_id, title)
                for option_id, title in _interactive_ids(interactive).items()
            )
            return Reply(plain(interactive["body"]["text"]), locale, options=options)
        if kind in ("document", "image"):
            media = body[kind]
            upload = self.rig.api.uploads[media["id"]]
            filename = media.get("filename") or upload["filename"] or "file"
            mime = mimetypes.guess_type(filename)[0] or upload["mime_type"]
            attachment = Attachment(
                AttachmentKind.IMAGE if kind == "image" else AttachmentKind.DOCUMENT,
                filename, mime, upload["content"],
            )  # fmt: skip
            return Reply(plain(media.get("caption", "")), locale, attachment=attachment)
        return Reply(f"[{kind} {body.get(kind)}]", locale)

    def _note_language(self, option_id: str) -> None:
        """Before consent the language rides in the ids (lang:nl, consent:accept:nl)."""
        parts = option_id.split(":")
        for code in parts[1:3]:
            if best_locale(code) == code:
                self._locale = code
                return

    async def _current_locale(self) -> str:
        address = ChannelAddress(Channel.WHATSAPP, self.wa_id)
        async with self.rig.core.uow_factory() as uow:
            member = await uow.members.by_address(address)
        if member is not None:
            self._locale = member.locale
        return self._locale


def _interactive_ids(interactive: dict[str, Any]) -> dict[str, str]:
    action = interactive.get("action") or {}
    if interactive.get("type") == "button":
        return {b["reply"]["id"]: b["reply"]["title"] for b in action.get("buttons", [])}
    rows = [row for section in action.get("sections", []) for row in section.get("rows", [])]
    return {row["id"]: row.get("description") or row["title"] for row in rows}
