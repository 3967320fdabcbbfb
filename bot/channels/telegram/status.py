"""Status messages on Telegram: sent once under a key, then edited in place.

A broadcast's progress is one message its author watches change (`StatusEditor` in
bot/core/common/delivery.py). The message ids live in this process only: after a restart
the next status is a new message. Edits are paced like every other message to the chat.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from bot.channels.telegram.rendering import render
from bot.channels.telegram.sending import Pacing
from bot.core.common.messages import Reply

log = logging.getLogger(__name__)

#: Status messages remembered at once (the oldest are forgotten first).
REMEMBERED = 1000


class StatusMessages:
    def __init__(self, bot: Callable[[], Bot], pacer: Pacing) -> None:
        self._bot = bot
        self._pacer = pacer
        self._ids: OrderedDict[tuple[int, str], int] = OrderedDict()

    async def replace(self, chat_id: int, key: str, reply: Reply) -> None:
        """Edit the status message `key` of this chat, or send it (first time, or the old one
        cannot be edited any more). Never raises: a missed status is shown next time."""
        message = render(reply)[0]
        known = self._ids.get((chat_id, key))
        bot = self._bot()
        try:
            await self._pacer.turn(chat_id, bulk=False, edit=known is not None)
            if known is not None:
                try:
                    await bot.edit_message_text(
                        message.html_text, chat_id=chat_id, message_id=known,
                        parse_mode=ParseMode.HTML, reply_markup=message.keyboard,
                    )  # fmt: skip
                    return
                except BadRequest as error:
                    if "not modified" in str(error).lower():
                        return
                    await self._pacer.turn(chat_id, bulk=False)  # gone: a new one
            sent = await bot.send_message(
                chat_id, message.html_text, parse_mode=ParseMode.HTML,
                reply_markup=message.keyboard,
            )  # fmt: skip
        except TelegramError as error:
            log.info("telegram: status message not shown: %s", type(error).__name__)
            return
        self._ids[(chat_id, key)] = sent.message_id
        self._ids.move_to_end((chat_id, key))
        while len(self._ids) > REMEMBERED:
            self._ids.popitem(last=False)
