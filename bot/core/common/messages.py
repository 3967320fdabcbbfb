"""The neutral message model every channel adapter translates to and from.

Texts in replies are plain text: the adapter escapes and formats them for its platform.
Options carry stable ids; a label is only ever shown, never matched.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

from bot.core.common.domain import ChannelAddress, Coordinates

#: Option ids must fit Telegram's 64-byte callback_data and a WhatsApp button id.
OPTION_ID_MAX_BYTES = 64
_OPTION_ID = re.compile(r"^[a-z][a-z_]*(?::[A-Za-z0-9_\-]+)*$")
_NUMBER = re.compile(r"^-?[0-9]+$")
#: Numbers in option ids are row ids (PostgreSQL's `integer`), counts, dates as YYYYMMDD and
#: unix seconds of moments at most 400 days ahead (they fit until 2038-01-19): a larger number
#: was never sent by us, and would overflow the database's integer.
OPTION_NUMBER_MAX = 2**31 - 1


def is_valid_option_id(option_id: str) -> bool:
    """True when an id is well formed; ids coming back from a platform are untrusted input."""
    if len(option_id.encode()) > OPTION_ID_MAX_BYTES or not _OPTION_ID.match(option_id):
        return False
    return all(
        abs(int(part)) <= OPTION_NUMBER_MAX
        for part in option_id.split(":")[1:]
        if _NUMBER.match(part)
    )


#: Unpaired UTF-16 surrogates (JSON's "\ud800" escapes) cannot be encoded to UTF-8 at all.
_SURROGATES = re.compile("[\ud800-\udfff]")
#: C0 controls but tab, line feed and carriage return (PostgreSQL text refuses NUL).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Direction marks and isolates before a leading slash: right-to-left texts show commands as
#: "\u200e/start", so a copied command arrives with the mark.
_MARKS_BEFORE_SLASH = re.compile("^[\\s\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]+(?=/)")


def inbound_text(text: str) -> str:
    """Text from a platform as the core can store, echo and read it as a command.

    Unpaired surrogates become U+FFFD (a reply echoing them could not be sent after the turn
    committed), control characters are dropped, and direction marks before a leading `/` go.
    """
    cleaned = _CONTROLS.sub("", _SURROGATES.sub("\ufffd", text))
    return _MARKS_BEFORE_SLASH.sub("", cleaned)


class InboundKind(enum.StrEnum):
    TEXT = "text"
    OPTION = "option"
    LOCATION = "location"
    #: Stickers, photos, voice notes and anything else we cannot read.
    UNSUPPORTED = "unsupported"


@dataclass(frozen=True, slots=True)
class Inbound:
    """One thing a person sent: text, a chosen option, a location, or something unsupported.

    `locale_hint` is the platform's guess of the person's language (Telegram's language_code).
    `profile_name` is the platform's display name; it is stored only after consent.
    `idempotency_key` identifies the platform event so a redelivery is handled once.
    `dedupe_before_consent` is False where nobody redelivers (the web chat's page): then the
    key is recorded only for members, and a person who never consents leaves no row.
    `sender_scoped_id` is the platform's stable id for the person when it sends one beside the
    address (WhatsApp's business-scoped user id): either finds the same member.
    """

    sender: ChannelAddress
    kind: InboundKind
    text: str = ""
    option_id: str = ""
    location: Coordinates | None = None
    locale_hint: str | None = None
    profile_name: str | None = None
    idempotency_key: str | None = None
    dedupe_before_consent: bool = True
    sender_scoped_id: str | None = None

    def __post_init__(self) -> None:
        # The adapter boundary: whatever a platform sent, the core sees valid text.
        object.__setattr__(self, "text", inbound_text(self.text))
        if self.profile_name is not None:
            object.__setattr__(self, "profile_name", inbound_text(self.profile_name))

    @classmethod
    def text_message(cls, sender: ChannelAddress, text: str, **kw: object) -> Inbound:
        return cls(sender=sender, kind=InboundKind.TEXT, text=text, **kw)  # type: ignore[arg-type]

    @classmethod
    def option(cls, sender: ChannelAddress, option_id: str, **kw: object) -> Inbound:
        return cls(sender=sender, kind=InboundKind.OPTION, option_id=option_id, **kw)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Option:
    id: str
    label: str


class AttachmentKind(enum.StrEnum):
    DOCUMENT = "document"
    IMAGE = "image"


@dataclass(frozen=True, slots=True)
class Attachment:
    kind: AttachmentKind
    filename: str
    mime_type: str
    content: bytes


@dataclass(frozen=True, slots=True)
class Reply:
    """One message to show. `locale` lets adapters set direction and language of the text.

    `template_key` names a pre-approved template for channels with a service window (WhatsApp)
    when the message is sent outside it.
    """

    text: str
    locale: str
    options: tuple[Option, ...] = ()
    attachment: Attachment | None = None
    template_key: str | None = None
    #: Values of the template's body parameters, in the order the channel's settings name them.
    template_params: tuple[str, ...] = ()
    #: Options that are short words (languages, yes/no) may be laid out side by side.
    compact_options: bool = False
    #: This reply replaces the screen the pressed option came from (a menu, a picker, a
    #: page): channels that can edit a sent message (Telegram) edit that one instead of
    #: sending a new one; the others send it like any reply.
    replaces: bool = False


@dataclass(slots=True)
class Outcome:
    """What handling one inbound message produced."""

    replies: list[Reply] = field(default_factory=list)
    #: True when the inbound was a duplicate delivery and nothing was done.
    duplicate: bool = False
