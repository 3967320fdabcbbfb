"""Sending replies and reporting, in neutral terms, how it went.

Inside the 24-hour customer service window replies are rendered as they are; outside it only
replies with a configured template go, as that template. If WhatsApp says the window is closed
although we thought it open (131047), the reply is retried once as its template, and the rest
of the batch goes as templates: never a loop. Error codes become `DeliveryResult`s; backing off
and requeueing is the caller's job.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, Protocol

import httpx

from bot.channels.whatsapp import graph
from bot.channels.whatsapp.graph import GraphClient, GraphError
from bot.channels.whatsapp.rendering import caption_fits, escape, render
from bot.channels.whatsapp.templates import Templates
from bot.channels.whatsapp.typed import Choices
from bot.core.common.delivery import DeliveryResult, DeliveryStatus
from bot.core.common.messages import AttachmentKind, Reply

log = logging.getLogger(__name__)

NETWORK_RETRY_SECONDS = 5.0
#: Back-off hints when WhatsApp gives no Retry-After (Meta allows ~1 message per 6 s per pair).
RETRY_SECONDS = {graph.RATE_LIMIT: 2.0, graph.PAIR_RATE_LIMIT: 6.0, graph.SPAM_RATE_LIMIT: 60.0}
_RETRY_CODES = frozenset({*RETRY_SECONDS, *graph.TOO_MANY_CALLS, *graph.SERVICE_UNAVAILABLE})
#: WhatsApp accepts these document types; other text-like files are sent as text/plain.
DOCUMENT_TYPES = frozenset(
    {
        "text/plain",
        "application/pdf",
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    }
)


class _NoTemplate(Exception):
    """Outside the window, and this reply has no configured template."""


class Pacing(Protocol):
    """This process's `Pacer` (pacing.py) or, with several workers, `SharedPacer`."""

    async def wait(self, recipient: str, *, bulk: bool) -> None: ...


class Outbound:
    def __init__(
        self, client: GraphClient, pacer: Pacing, templates: Templates, choices: Choices
    ) -> None:
        self._client = client
        self._pacer = pacer
        self._templates = templates
        self._choices = choices

    async def send(
        self, wa_id: str, replies: Sequence[Reply], *, window_open: bool, bulk: bool = False
    ) -> DeliveryResult:
        if not window_open and any(self._templates.message_for(r) is None for r in replies):
            reason = "outside_window" if any(r.template_key is None for r in replies) else None
            return DeliveryResult(DeliveryStatus.FAILED, reason=reason or "no_template")
        try:
            for reply in replies:
                if not window_open:
                    await self._send_template(wa_id, reply, bulk)
                    continue
                try:
                    await self._send_reply(wa_id, reply, bulk)
                except GraphError as error:
                    if error.code != graph.RE_ENGAGEMENT:
                        raise
                    window_open = False  # WhatsApp knows better than our clock
                    await self._send_template(wa_id, reply, bulk)
        except _NoTemplate:
            return DeliveryResult(DeliveryStatus.FAILED, reason="outside_window")
        except GraphError as error:
            return _result(error)
        except httpx.HTTPError:
            return DeliveryResult(DeliveryStatus.RETRY, NETWORK_RETRY_SECONDS, "network")
        return DeliveryResult(DeliveryStatus.SENT)

    async def _send_template(self, wa_id: str, reply: Reply, bulk: bool) -> None:
        message = self._templates.message_for(reply)
        if message is None:
            raise _NoTemplate
        await self._post(wa_id, message, bulk)
        await self._choices.remember(wa_id, ())

    async def _send_reply(self, wa_id: str, reply: Reply, bulk: bool) -> None:
        attachment = reply.attachment
        if attachment is None:
            rendered = render(reply)
            for message in rendered.messages:
                await self._post(wa_id, message, bulk)
            await self._choices.remember(wa_id, rendered.choices, numbered=rendered.numbered)
            return
        caption = escape(reply.text) if caption_fits(reply) and reply.text.strip() else None
        if caption is None and (reply.text.strip() or reply.options):
            rendered = render(reply)
            for message in rendered.messages:
                await self._post(wa_id, message, bulk)
            await self._choices.remember(wa_id, rendered.choices, numbered=rendered.numbered)
        kind = "image" if attachment.kind is AttachmentKind.IMAGE else "document"
        mime = attachment.mime_type
        if kind == "document" and mime not in DOCUMENT_TYPES and _text_like(mime):
            mime = "text/plain"  # e.g. our JSON export; the file name keeps its .json
        media_id = await self._client.upload(attachment.content, mime, attachment.filename)
        media: dict[str, Any] = {"id": media_id}
        if kind == "document":
            media["filename"] = attachment.filename
        if caption is not None:
            media["caption"] = caption
        await self._post(wa_id, {"type": kind, kind: media}, bulk)
        if reply.options and caption is None:
            return  # the options message above is still the one to answer
        await self._choices.remember(wa_id, ())

    async def _post(self, wa_id: str, message: dict[str, Any], bulk: bool) -> str:
        await self._pacer.wait(wa_id, bulk=bulk)
        return await self._client.send(wa_id, message)


def _text_like(mime: str) -> bool:
    return mime.startswith("text/") or mime in ("application/json", "application/xml")


def _result(error: GraphError) -> DeliveryResult:
    if error.code == graph.UNDELIVERABLE:
        return DeliveryResult(DeliveryStatus.UNREACHABLE, reason=str(error.code))
    if error.code == graph.RE_ENGAGEMENT:
        return DeliveryResult(DeliveryStatus.FAILED, reason="outside_window")
    if error.code in graph.TEMPLATE_UNUSABLE:
        return DeliveryResult(DeliveryStatus.FAILED, reason="no_template")
    if error.code in _RETRY_CODES or error.http_status == 429 or error.http_status >= 500:
        wait = error.retry_after or RETRY_SECONDS.get(error.code, NETWORK_RETRY_SECONDS)
        return DeliveryResult(DeliveryStatus.RETRY, wait, str(error.code or error.http_status))
    if error.code == graph.ACCESS_TOKEN:
        log.error("whatsapp: the access token was refused (code 190); check WHATSAPP_TOKEN")
    return DeliveryResult(DeliveryStatus.FAILED, reason=str(error.code or error.http_status))
