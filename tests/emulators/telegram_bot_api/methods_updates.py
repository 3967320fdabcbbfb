"""Bot API methods about the bot and its updates: getMe, getUpdates, webhooks."""

from __future__ import annotations

import asyncio
import contextlib
import copy

from tests.emulators.telegram_bot_api.limits import (
    _NOT_DELIVERED_BY_DEFAULT,
    ERR_BAD_WEBHOOK_URL,
    ERR_POLL_CONFLICT,
    ERR_WEBHOOK_ACTIVE,
    JSONDict,
)
from tests.emulators.telegram_bot_api.params import _Params
from tests.emulators.telegram_bot_api.records import ApiError, _bad_request
from tests.emulators.telegram_bot_api.state import _PendingUpdate


class UpdateMethodsMixin:
    """getMe, getUpdates and webhooks."""

    # -- method handlers --------------------------------------------------------------------

    async def _true(self, params: _Params) -> bool:
        return True

    async def _get_me(self, params: _Params) -> JSONDict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _get_updates(self, params: _Params) -> list[JSONDict]:
        offset = params.get_int("offset", "Bad Request: wrong parameter offset")
        limit = params.get_int("limit", "Bad Request: wrong parameter limit") or 100
        limit = min(max(limit, 1), 100)
        timeout = max(params.get_float("timeout") or 0.0, 0.0)
        allowed = params.get_json("allowed_updates")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        with self._lock:
            if self.webhook is not None:
                raise ApiError(409, ERR_WEBHOOK_ACTIVE)
            if isinstance(allowed, list):
                self._allowed_updates = frozenset(str(kind) for kind in allowed) or None
            self._poll_generation += 1
            generation = self._poll_generation
            self._confirm(offset)
        self._fire(self._updates_signal)  # terminates an older long poll (409)
        while True:
            waiter = self._updates_signal.waiter()
            with self._lock:
                if generation != self._poll_generation:
                    raise ApiError(409, ERR_POLL_CONFLICT)
                ready = self._deliverable(limit)
                if ready or self._closing:
                    for pending in ready:
                        pending.delivered = True
                    return [copy.deepcopy(pending.update) for pending in ready]
            remaining = deadline - loop.time()
            if remaining <= 0:
                return []
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiter.wait(), timeout=remaining)

    def _confirm(self, offset: int | None) -> None:
        """Forget updates confirmed by ``offset`` (negative: keep only the last ``-offset``)."""
        if offset is None:
            return
        if offset < 0:
            self._pending = self._pending[offset:]
            return
        self._pending = [
            pending
            for pending in self._pending
            if pending.update_id >= offset or (pending.forced and not pending.delivered)
        ]

    def _deliverable(self, limit: int) -> list[_PendingUpdate]:
        allowed = self._allowed_updates
        kept: list[_PendingUpdate] = []
        for pending in self._pending:
            if allowed is None:
                wanted = pending.kind not in _NOT_DELIVERED_BY_DEFAULT
            else:
                wanted = pending.kind in allowed
            if wanted:
                kept.append(pending)
        self._pending = kept
        return sorted(kept, key=lambda pending: pending.update_id)[:limit]

    # -- webhook delivery (a pusher outside the emulator POSTs these; tests/cluster) --------

    def webhook_batch(self, limit: int = 100) -> list[JSONDict]:
        """Updates not handed to the webhook yet, oldest first; each is out until answered."""
        with self._lock:
            ready = [p for p in self._deliverable(len(self._pending)) if not p.delivered]
            for pending in ready[:limit]:
                pending.delivered = True
            return [copy.deepcopy(pending.update) for pending in ready[:limit]]

    def webhook_answered(self, update_id: int, *, ok: bool) -> None:
        """The webhook answered 200 (`ok`: the update is gone) or not (it goes out again)."""
        with self._lock:
            if ok:
                self._pending = [p for p in self._pending if p.update_id != update_id]
                return
            for pending in self._pending:
                if pending.update_id == update_id:
                    pending.delivered = False

    async def _set_webhook(self, params: _Params) -> bool:
        url = params.get_str("url") or ""
        with self._lock:
            if not url:
                self.webhook = None
                return True
            if not url.lower().startswith("https://"):
                raise _bad_request(ERR_BAD_WEBHOOK_URL)
            self.webhook = {
                "url": url,
                "secret_token": params.get_str("secret_token"),
                "allowed_updates": params.get_json("allowed_updates"),
                "max_connections": params.get_int("max_connections", "Bad Request: bad value"),
                "drop_pending_updates": params.get_bool("drop_pending_updates"),
            }
            if params.get_bool("drop_pending_updates"):
                self._pending.clear()
        self._fire(self._updates_signal)  # a pending long poll now conflicts
        return True

    async def _delete_webhook(self, params: _Params) -> bool:
        with self._lock:
            self.webhook = None
            if params.get_bool("drop_pending_updates"):
                self._pending.clear()
        return True

    async def _get_webhook_info(self, params: _Params) -> JSONDict:
        with self._lock:
            info: JSONDict = {
                "url": self.webhook["url"] if self.webhook else "",
                "has_custom_certificate": False,
                "pending_update_count": len(self._pending),
            }
            if self.webhook and self.webhook.get("max_connections"):
                info["max_connections"] = self.webhook["max_connections"]
            return info
