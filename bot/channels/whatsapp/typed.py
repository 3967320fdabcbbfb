"""What a typed text means on WhatsApp before the core sees it: a choice from our last message.

Opt-out words (STOP, توقف, afmelden…) are not read here: the dialog engine recognises them
on every channel, with the words kept in the catalogs (`dialogs/common/keywords.py`).

Numbered texts (more than 10 options) are answered by typing a number, and people
also type the label of a button or list row. `Choices` keeps, per member, the options of the
last message we sent them: in memory, and with a store (the database) where every worker
reads them (`remember` after sending, `recall` before reading an answer), so the answer
may reach another worker or come after a restart. An exact label
picks its option; a number in any digit script ("2", "٢", "۲") does so only when that message
was a numbered text: next to buttons a number is an answer ("How many people can come? Type a
number, or tap No limit" must not turn "1" into "No limit"). A message without options clears
the memory, so a number typed later is text again.
"""

from __future__ import annotations

from collections import OrderedDict

from bot.core.common.clock import Clock
from bot.core.common.delivery_states import ChoicesStore
from bot.core.common.messages import Option
from nlu.normalize import normalize


class Choices:
    """The options last offered to each member (bounded: the oldest members are forgotten)."""

    def __init__(
        self,
        max_members: int = 50_000,
        store: ChoicesStore | None = None,
        clock: Clock | None = None,
    ) -> None:
        self._max = max_members
        self._last: OrderedDict[str, tuple[tuple[Option, ...], bool]] = OrderedDict()
        self._store = store
        self._clock = clock

    async def remember(
        self, wa_id: str, options: tuple[Option, ...], *, numbered: bool = False
    ) -> None:
        """`offered`, and written to the store for every worker."""
        self.offered(wa_id, options, numbered=numbered)
        if self._store is not None and self._clock is not None:
            pairs = [(option.id, option.label) for option in options]
            await self._store.offer_choices(wa_id, pairs, numbered, self._clock.now())

    async def recall(self, wa_id: str) -> None:
        """Read the member's last options from the store (another worker may have sent them)."""
        if self._store is None:
            return
        pairs, numbered = await self._store.choices_of(wa_id)
        options = tuple(Option(option_id, label) for option_id, label in pairs)
        self.offered(wa_id, options, numbered=numbered)

    def offered(self, wa_id: str, options: tuple[Option, ...], *, numbered: bool = False) -> None:
        """Record the options of the message just sent; a message without options clears."""
        if not options:
            self._last.pop(wa_id, None)
            return
        self._last[wa_id] = (options, numbered)
        self._last.move_to_end(wa_id)
        while len(self._last) > self._max:
            self._last.popitem(last=False)

    def last(self, wa_id: str) -> tuple[Option, ...]:
        return self._last.get(wa_id, ((), False))[0]

    def numbered(self, wa_id: str) -> tuple[Option, ...]:
        """The options of the last message when it was a numbered text, else ()."""
        options, numbered = self._last.get(wa_id, ((), False))
        return options if numbered else ()

    def pick(self, wa_id: str, text: str) -> str | None:
        """The id of the option a typed text selects, or None when it is just text."""
        options, numbered = self._last.get(wa_id, ((), False))
        key = normalize(text)
        if not options or not key:
            return None
        if key.isdigit():
            if not (numbered and key.isascii() and len(key) <= 3):
                return None  # "²" is a digit int() cannot read; 5,000 digits it will not read
            number = int(key)
            return options[number - 1].id if 1 <= number <= len(options) else None
        for option in options:
            if normalize(option.label) == key:
                return option.id
        return None
