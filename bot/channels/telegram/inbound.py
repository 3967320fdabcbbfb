"""Telegram updates → neutral inbound messages. Only private chats are conversations; from
groups we take /linkgroup, join requests and newcomers (see `group_event`)."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType

from bot.core.ambassadors.groups import GroupCommand, JoinRequest, MembersJoined, Newcomer
from bot.core.common.domain import Channel, ChannelAddress, Coordinates
from bot.core.common.messages import Inbound, InboundKind, inbound_text

#: The updates we ask Telegram for (and the emulator in tests sends).
ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member", "chat_join_request"]
#: The user Telegram puts in `from` of messages that anonymous group admins send.
ANONYMOUS_ADMIN_ID = 1087968824
_GROUPS = (ChatType.GROUP, ChatType.SUPERGROUP)


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


def _address(chat_or_user_id: int) -> ChannelAddress:
    return ChannelAddress(Channel.TELEGRAM, str(chat_or_user_id))


def group_event(update: Update) -> GroupCommand | JoinRequest | MembersJoined | None:
    """A join request, people joining a group, or a command typed in a group; else None."""
    request = update.chat_join_request
    if request is not None:
        return JoinRequest(
            group=_address(request.chat.id),
            person=_address(request.from_user.id),
            private_chat=_address(request.user_chat_id),
            locale_hint=request.from_user.language_code,
        )
    message = update.message
    if message is None or message.chat.type not in _GROUPS:
        return None
    group = _address(message.chat.id)
    if message.new_chat_members:
        people = tuple(
            Newcomer(_address(user.id), user.first_name, user.language_code)
            for user in message.new_chat_members
            if not user.is_bot
        )
        return MembersJoined(group, people) if people else None
    text = inbound_text(message.text or "")
    if not text.startswith("/"):
        return None
    user = message.from_user
    anonymous = message.sender_chat is not None or user is None or user.id == ANONYMOUS_ADMIN_ID
    return GroupCommand(
        group=group,
        sender=None if anonymous or user is None else _address(user.id),
        text=text,
        locale_hint=user.language_code if user is not None else None,
        forwarded=message.forward_origin is not None,
    )
