"""Everything one dialog step needs, and the replies it collects."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.core.common.clock import Clock
from bot.core.common.messages import Attachment, Inbound, InboundKind, Option, Reply
from bot.core.members.domain import Conversation, Member
from bot.core.ports import UnitOfWork
from bot.i18n.catalogs import Catalogs, Translator

if TYPE_CHECKING:
    from dialogs.common.nlu import Understanding
    from dialogs.common.routing import Routes


@dataclass
class Turn:
    inbound: Inbound
    uow: UnitOfWork
    clock: Clock
    catalogs: Catalogs
    locale: str
    #: Every feature's entries, handed in by the service: how one feature reaches another's
    #: behaviour (the menu, the community search) without importing it.
    routes: Routes
    member: Member | None = None
    conversation: Conversation | None = None
    replies: list[Reply] = field(default_factory=list)
    #: Set when the member was erased during this turn: nothing may be saved for them.
    erased: bool = False
    #: The member is an ambassador of at least one community (shows their extra commands).
    ambassador: bool = False
    #: The settings the bot runs with (the defaults where a test builds a Turn by hand).
    settings: Settings = field(default_factory=Settings)
    #: Free-text understanding (None in contexts without it).
    understanding: Understanding | None = None
    #: Entities the NLU found in this message (e.g. "city"), by entity name.
    entities: dict[str, dict[str, object]] = field(default_factory=dict)
    #: Messages for other members (relays), sent right after this turn is committed.
    deliveries: list[tuple[int, list[Reply]]] = field(default_factory=list)
    #: Set by `replace_screen`: the first reply replaces the screen the option came from.
    replaces_screen: bool = False
    #: Whether the member accepted the current privacy notice, read with the member at the
    #: start of the turn (with `ambassador`); None: not read yet, the engine asks.
    consented: bool | None = None

    def deliver(self, member_id: int, replies: list[Reply]) -> None:
        self.deliveries.append((member_id, replies))

    @property
    def tr(self) -> Translator:
        return self.catalogs.get(self.locale)

    def say(
        self,
        text: str,
        options: Iterable[Option] = (),
        *,
        compact: bool = False,
        attachment: Attachment | None = None,
    ) -> None:
        self.replies.append(
            Reply(
                text=text,
                locale=self.locale,
                options=tuple(options),
                compact_options=compact,
                attachment=attachment,
            )
        )

    def ask(self, text: str, options: Iterable[Option] = (), *, compact: bool = False) -> None:
        """The next question: in the same message as the confirmation just said, when that
        is text only (no options, no file, same language); otherwise a reply of its own.
        One message where two would read as one, and one less for the platform's limits."""
        last = self.replies[-1] if self.replies else None
        if (
            last is None
            or last.options
            or last.attachment is not None
            or last.template_key is not None
            or last.locale != self.locale
        ):
            self.say(text, options, compact=compact)
            return
        self.replies[-1] = replace(
            last, text=f"{last.text}\n\n{text}", options=tuple(options), compact_options=compact
        )

    def replace_screen(self) -> None:
        """This turn answers a pressed option with a new state of the same screen (a menu,
        a picker, a page): its first reply replaces the message the option came from where
        the channel can edit messages (see `Reply.replaces`)."""
        if self.inbound.kind is InboundKind.OPTION:
            self.replaces_screen = True

    def outgoing(self) -> list[Reply]:
        """The replies as the channel should show them."""
        if self.replaces_screen and self.replies and self.replies[0].attachment is None:
            return [replace(self.replies[0], replaces=True), *self.replies[1:]]
        return list(self.replies)

    @property
    def state(self) -> str:
        return self.conversation.state if self.conversation else ""

    def set_state(self, state: str, **data: object) -> None:
        if self.member is None:
            raise RuntimeError("conversation state exists only for members")
        self.conversation = Conversation(self.member.id, state, dict(data))

    def clear_state(self) -> None:
        if self.member is not None:
            self.conversation = Conversation(self.member.id)
