"""Webhook payloads → events, and message events → neutral `Inbound`s.

A payload is `{"object": "whatsapp_business_account", "entry": [{"changes": [{"field":
"messages", "value": {...}}]}]}`; each value names our phone number in `metadata` and carries
`messages` (with the senders in `contacts`) or `statuses` of messages we sent. Values for
another phone number id are skipped: Meta sends them to every app subscribed to the account.
Senders come as a number, a business-scoped user id or both (`identities.py`). Anything
malformed is skipped, never guessed; messages in WhatsApp groups (`group_id`) are skipped too:
the bot talks to people one to one there, and must not answer a group privately.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from bot.channels.whatsapp.identities import MalformedSender, sender_of
from bot.channels.whatsapp.locale_hint import locale_hint
from bot.channels.whatsapp.templates import MENU_PAYLOAD
from bot.channels.whatsapp.typed import Choices
from bot.core.common.domain import Channel, ChannelAddress, Coordinates
from bot.core.common.messages import Inbound, InboundKind, inbound_text

log = logging.getLogger(__name__)

#: Message types that are not a turn of the conversation (number changes, welcome requests).
IGNORED_TYPES = frozenset({"system", "request_welcome", "ephemeral"})
#: Delivery states Meta reports for messages we sent.
STATUSES = frozenset({"sent", "delivered", "read", "failed"})


@dataclass(frozen=True, slots=True)
class MessageEvent:
    #: Where we answer: the number, or the business-scoped user id when Meta withheld it.
    wa_id: str
    message_id: str
    message: Mapping[str, Any]
    profile_name: str | None = None
    #: The business-scoped user id (BSUID) when Meta sent one.
    bsuid: str | None = None

    @property
    def person(self) -> str:
        """One key per person for ordering their messages, whichever ids came."""
        return self.bsuid or self.wa_id


@dataclass(frozen=True, slots=True)
class StatusEvent:
    wa_id: str
    message_id: str
    status: str
    error_codes: tuple[int, ...] = ()


Event = MessageEvent | StatusEvent


def events(payload: Mapping[str, Any], phone_id: str) -> Iterator[Event]:
    """The events in a webhook payload that concern our phone number, in order."""
    if payload.get("object") != "whatsapp_business_account":
        return
    for entry in _dicts(payload.get("entry")):
        for change in _dicts(entry.get("changes")):
            value = change.get("value")
            if change.get("field") != "messages" or not isinstance(value, dict):
                continue
            metadata = value.get("metadata")
            if not isinstance(metadata, dict) or metadata.get("phone_number_id") != phone_id:
                continue
            yield from _value_events(value)


def _value_events(value: Mapping[str, Any]) -> Iterator[Event]:
    names: dict[str, str] = {}
    for contact in _dicts(value.get("contacts")):
        profile = contact.get("profile")
        name = profile.get("name") if isinstance(profile, dict) else None
        if isinstance(name, str):
            names.update({str(contact.get(key)): name for key in ("wa_id", "user_id")})
    for message in _dicts(value.get("messages")):
        message_id = _id(message.get("id"))
        if not message_id or not isinstance(message.get("type"), str):
            continue
        if message.get("group_id") is not None:
            log.info("whatsapp: a group message was ignored (the bot talks one to one)")
            continue
        try:
            sender = sender_of(message.get("from"), message.get("from_user_id"))
        except MalformedSender:
            log.warning("whatsapp: a message with a malformed sender id was refused")
            continue
        if sender is None:
            continue
        name = names.get(sender.address) or names.get(sender.bsuid or "")
        yield MessageEvent(sender.address, message_id, message, name, sender.bsuid)
    for status in _dicts(value.get("statuses")):
        message_id, state = _id(status.get("id")), status.get("status")
        try:
            who = sender_of(status.get("recipient_id"), status.get("recipient_user_id"))
        except MalformedSender:
            continue
        recipient = who.address if who is not None else ""
        if recipient and message_id and state in STATUSES:
            codes = tuple(
                error["code"]
                for error in _dicts(status.get("errors"))
                if isinstance(error.get("code"), int)
            )
            yield StatusEvent(recipient, message_id, str(state), codes)


def to_inbound(event: MessageEvent, choices: Choices) -> Inbound | None:
    """None for messages that are no conversation turn (system notices)."""
    message = event.message
    kind = str(message["type"])
    if kind in IGNORED_TYPES:
        return None

    def build(kind: InboundKind, **values: Any) -> Inbound:
        return Inbound(
            sender=ChannelAddress(Channel.WHATSAPP, event.wa_id),
            kind=kind,
            locale_hint=locale_hint(event.wa_id),
            profile_name=event.profile_name,
            idempotency_key=event.message_id,  # stored only as a keyed hash
            sender_scoped_id=event.bsuid,
            **values,
        )

    if kind == "text" and isinstance(raw := _field(message, "text", "body"), str):
        body = inbound_text(raw)  # a copied "\u200e/start" is a command, not a choice
        picked = None if body.lstrip().startswith("/") else choices.pick(event.wa_id, body)
        if picked is not None:
            return build(InboundKind.OPTION, option_id=picked)
        return build(InboundKind.TEXT, text=body)
    if kind == "interactive":
        reply_type = _field(message, "interactive", "type")
        if reply_type in ("button_reply", "list_reply"):
            option_id = _field(message, "interactive", str(reply_type), "id")
            if isinstance(option_id, str):
                return build(InboundKind.OPTION, option_id=option_id)
    if kind == "button" and isinstance(payload := _field(message, "button", "payload"), str):
        if payload == MENU_PAYLOAD:  # a template's button for a notice without options
            return build(InboundKind.TEXT, text="/menu")
        return build(InboundKind.OPTION, option_id=payload)  # a template's quick reply
    if kind == "location" and (where := _coordinates(message.get("location"))) is not None:
        return build(InboundKind.LOCATION, location=where)
    # Stickers, voice notes, audio, video, images, documents, contacts, reactions, orders…
    return build(InboundKind.UNSUPPORTED)


def _coordinates(location: object) -> Coordinates | None:
    if not isinstance(location, dict):
        return None
    latitude, longitude = location.get("latitude"), location.get("longitude")
    if not all(isinstance(v, int | float) and math.isfinite(v) for v in (latitude, longitude)):
        return None
    assert isinstance(latitude, int | float) and isinstance(longitude, int | float)
    if abs(latitude) > 90 or abs(longitude) > 180:
        return None
    return Coordinates(float(latitude), float(longitude))


def _field(data: Mapping[str, Any], *path: str) -> object:
    current: object = data
    for key in path:
        if not isinstance(current, dict):
            return None
        current = current.get(key)
    return current


def _dicts(value: object) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        yield from (item for item in value if isinstance(item, dict))


def _id(value: object) -> str:
    """A platform id as a non-empty string of sane length, else empty."""
    return value if isinstance(value, str) and 0 < len(value) <= 512 else ""
