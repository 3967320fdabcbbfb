"""Scripting community groups: members, messages in groups, join requests (and the API's answers to
them)."""

from __future__ import annotations

import copy
import secrets
import time

from tests.emulators.telegram_bot_api.html_tags import _utf16_len
from tests.emulators.telegram_bot_api.limits import (
    _BOT_COMMAND_RE,
    ERR_CHAT_ADMIN_REQUIRED,
    ERR_HIDE_REQUESTER_MISSING,
    ERR_LIMIT_WITH_APPROVAL,
    ERR_USER_ALREADY_PARTICIPANT,
    GROUP_ANONYMOUS_BOT,
    JSONDict,
)
from tests.emulators.telegram_bot_api.params import _Params
from tests.emulators.telegram_bot_api.records import _bad_request


class GroupsMixin:
    """Community groups and join requests."""

    # -- groups -----------------------------------------------------------------------------

    def add_group(
        self, chat_id: int, title: str = "Test group", kind: str = "supergroup"
    ) -> JSONDict:
        """A group (negative id) the bot is in; messages can be sent there and scripted."""
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        chat: JSONDict = {"id": chat_id, "title": title, "type": kind}
        with self._lock:
            self._groups[chat_id] = chat
            self._group_members.setdefault(chat_id, set())
        return dict(chat)

    def group_members(self, chat_id: int) -> set[int]:
        with self._lock:
            return set(self._group_members.get(chat_id, set()))

    def send_group_text(
        self,
        chat_id: int,
        user_id: int | None,
        text: str,
        *,
        forwarded_from: int | None = None,
    ) -> JSONDict:
        """A message in a group: from ``user_id``, or (None) from an anonymous admin, which
        Telegram sends with ``sender_chat`` = the group and ``from`` = GroupAnonymousBot."""
        with self._lock:
            chat = dict(self._groups[chat_id])
            fields: JSONDict = {"text": text}
            match = _BOT_COMMAND_RE.match(text)
            if match:
                fields["entities"] = [
                    {"type": "bot_command", "offset": 0, "length": _utf16_len(match.group(0))}
                ]
            if user_id is None:
                fields["from"] = dict(GROUP_ANONYMOUS_BOT)
                fields["sender_chat"] = chat
            else:
                fields["from"] = dict(self._ensure_user(user_id))
            if forwarded_from is not None:
                fields["forward_origin"] = {
                    "type": "user",
                    "date": int(time.time()),
                    "sender_user": dict(self._ensure_user(forwarded_from)),
                }
            return self._push_chat_message(chat_id, chat, fields)

    def send_forwarded_text(self, user_id: int, text: str, origin_user_id: int) -> JSONDict:
        """The user forwards (to the bot) a text message first written by ``origin_user_id``."""
        with self._lock:
            origin = dict(self._ensure_user(origin_user_id))
        return self._push_user_message(
            user_id,
            {
                "text": text,
                "forward_origin": {
                    "type": "user",
                    "date": int(time.time()),
                    "sender_user": origin,
                },
            },
        )

    def request_to_join(self, chat_id: int, user_id: int) -> JSONDict:
        """The user asks to join the group through an invite link that needs approval."""
        with self._lock:
            user = dict(self._ensure_user(user_id))
            chat = dict(self._groups[chat_id])
            self._join_requests.add((chat_id, user_id))
            body = {
                "chat_join_request": {
                    "chat": chat,
                    "from": user,
                    "user_chat_id": user_id,
                    "date": int(time.time()),
                }
            }
        return self._enqueue(body, chat_id=chat_id)

    def deny_invite_rights(self, chat_id: int) -> None:
        """The bot is in the group but not an admin who may invite users."""
        with self._lock:
            self._no_invite_rights.add(chat_id)

    def grant_invite_rights(self, chat_id: int) -> None:
        with self._lock:
            self._no_invite_rights.discard(chat_id)

    def invite_links(self, chat_id: int) -> list[JSONDict]:
        with self._lock:
            return [dict(link) for chat, link in self._invite_links.values() if chat == chat_id]

    def request_to_join_by_link(self, invite_link: str, user_id: int) -> JSONDict:
        """The user opens an invite link that needs approval: Telegram sends a join request."""
        with self._lock:
            chat_id, link = self._invite_links[invite_link]
        assert link["creates_join_request"], "this link lets people in without a request"
        return self.request_to_join(chat_id, user_id)

    async def _create_chat_invite_link(self, params: _Params) -> JSONDict:
        chat_id = self._require_chat(params)
        with self._lock:
            if chat_id not in self._groups or chat_id in self._no_invite_rights:
                raise _bad_request(ERR_CHAT_ADMIN_REQUIRED)
        approval = params.get_bool("creates_join_request")
        if approval and params.has("member_limit"):
            raise _bad_request(ERR_LIMIT_WITH_APPROVAL)
        link: JSONDict = {
            "invite_link": f"https://t.me/+{secrets.token_urlsafe(12)}",
            "creator": dict(self.bot_user),
            "creates_join_request": approval,
            "is_primary": False,
            "is_revoked": False,
        }
        name = params.get_str("name")
        if name:
            link["name"] = name[:32]
        if approval:
            link["pending_join_request_count"] = 0
        with self._lock:
            self._invite_links[link["invite_link"]] = (chat_id, link)
        return dict(link)

    def add_group_members(self, chat_id: int, user_ids: list[int]) -> JSONDict:
        """People join the group (added by an admin, or by an approved request)."""
        with self._lock:
            chat = dict(self._groups[chat_id])
            users = [dict(self._ensure_user(user_id)) for user_id in user_ids]
            self._group_members[chat_id].update(user_ids)
            fields: JSONDict = {"from": users[0], "new_chat_members": users}
            return self._push_chat_message(chat_id, chat, fields)

    def _push_chat_message(self, chat_id: int, chat: JSONDict, fields: JSONDict) -> JSONDict:
        with self._lock:
            message: JSONDict = {
                "message_id": self._next_message_id(chat_id),
                "chat": chat,
                "date": int(time.time()),
                **fields,
            }
            self._messages[(chat_id, message["message_id"])] = message
            return self._enqueue({"message": copy.deepcopy(message)}, chat_id=chat_id)

    async def _approve_join_request(self, params: _Params) -> bool:
        chat_id, user_id = self._join_request(params)
        with self._lock:
            self.join_decisions.append((chat_id, user_id, "approved"))
        self.add_group_members(chat_id, [user_id])  # Telegram announces the new member
        return True

    async def _decline_join_request(self, params: _Params) -> bool:
        chat_id, user_id = self._join_request(params)
        with self._lock:
            self.join_decisions.append((chat_id, user_id, "declined"))
        return True

    def _join_request(self, params: _Params) -> tuple[int, int]:
        chat_id = self._require_chat(params)
        user_id = params.get_int("user_id", ERR_HIDE_REQUESTER_MISSING)
        with self._lock:
            if user_id is None or (chat_id, user_id) not in self._join_requests:
                if user_id is not None and user_id in self._group_members.get(chat_id, set()):
                    raise _bad_request(ERR_USER_ALREADY_PARTICIPANT)
                raise _bad_request(ERR_HIDE_REQUESTER_MISSING)
            self._join_requests.discard((chat_id, user_id))
        return chat_id, user_id
