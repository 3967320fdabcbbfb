"""Who a WhatsApp message is from: a phone number, a business-scoped user id, or both.

Since April 2026 Meta adds a business-scoped user id (BSUID, `US.13491208655302741918`: a
two-letter country code, a period, optionally `ENT.`, then up to 128 letters and digits) to
every webhook as `from_user_id` / `user_id` / `recipient_user_id`. People who adopt a WhatsApp
username may come with the BSUID alone: Meta withholds their number (`from`, `wa_id`). The
send API takes a BSUID as `recipient` where it takes a number as `to`. Anything that is
neither shape is refused, never guessed (RapidPro's test payloads send `"from": "bla"`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PHONE = re.compile(r"\+?[0-9]{6,15}")
_BSUID = re.compile(r"[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}")


def is_phone_number(value: str) -> bool:
    """A WhatsApp id as Meta sends it: the number with its country code, digits only (E.164)."""
    return _PHONE.fullmatch(value) is not None


def is_bsuid(value: str) -> bool:
    return _BSUID.fullmatch(value) is not None


@dataclass(frozen=True, slots=True)
class Sender:
    """`address` is where we answer: the number when Meta gave it, else the BSUID."""

    address: str
    bsuid: str | None


class MalformedSender(ValueError):
    """A sender id that is neither a phone number nor a BSUID."""


def sender_of(number: object, bsuid: object) -> Sender | None:
    """None when neither id came; `MalformedSender` when one came in a shape we do not know.

    `number` is `from` or `wa_id`, which may itself carry the BSUID when Meta withholds the
    number; `bsuid` is `from_user_id` or `user_id`.
    """
    if number is None and bsuid is None:
        return None
    if number is not None and not (
        isinstance(number, str) and (is_phone_number(number) or is_bsuid(number))
    ):
        raise MalformedSender
    if bsuid is not None and not (isinstance(bsuid, str) and is_bsuid(bsuid)):
        raise MalformedSender
    if isinstance(number, str) and is_phone_number(number):
        return Sender(number.lstrip("+"), bsuid if isinstance(bsuid, str) else None)
    scoped = bsuid if isinstance(bsuid, str) else number
    assert isinstance(scoped, str)
    return Sender(scoped, scoped)


def recipient_field(wa_id: str) -> str:
    """The send API's field for this id: `recipient` for a BSUID, `to` for a number."""
    return "recipient" if is_bsuid(wa_id) else "to"
