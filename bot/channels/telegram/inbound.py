"""Telegram updates → neutral inbound messages. Only private chats are conversations."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType

from bot.core.domain import Channel, ChannelAddress, Coordinates
from bot.core.messages import Inbound, InboundKind

#: The updates we ask Telegram for (and the emulator in tests sends).
ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]


def to_inbound(update: Update) -> Inbound | None:
    """None for updates that are not a person talking to us in a private chat."""
    key = str(update.update_id)
    query = update.callback_query
    if query is not None:
        if query.message is not None and query.message.chat.type != ChatType.PRIVATE:
            return None
        return Inbound(
            sender=ChannelAddress(Channel.TELEGRAM, str(query.from_user.id)),
            kind=InboundKind.OPTION,
            option_id=query.data or "",
            locale_hint=query.from_user.language_code,
            profile_name=query.from_user.first_name,
            idempotency_key=key,
        )
    message = update.message
    if message is None or message.chat.type != ChatType.PRIVATE or message.from_user is None:
        return None
    user = message.from_user

    def build(kind: InboundKind, text: str = "", location: Coordinates | None = None) -> Inbound:
        return Inbound(
            sender=ChannelAddress(Channel.TELEGRAM, str(user.id)),
            kind=kind,
            text=text,
            location=location,
            locale_hint=user.language_code,
            profile_name=user.first_name,
            idempotency_key=key,
        )

    if message.text is not None:
        return build(InboundKind.TEXT, text=message.text)
    if message.location is not None and message.venue is None:
        where = Coordinates(message.location.latitude, message.location.longitude)
        return build(InboundKind.LOCATION, location=where)
    return build(InboundKind.UNSUPPORTED)


def blocked(update: Update) -> ChannelAddress | None:
    """The person who just blocked the bot in a private chat, if that is what happened."""
    change = update.my_chat_member
    if change is None or change.chat.type != ChatType.PRIVATE:
        return None
    if change.new_chat_member.status != "kicked":
        return None
    return ChannelAddress(Channel.TELEGRAM, str(change.from_user.id))
