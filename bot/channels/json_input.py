"""JSON from the network, read with limits, so that malformed input is a 400 and never a 500.

Python's json module recurses once per nesting level (20,000 `[` raise RecursionError), turns
numbers of any length into ints (5,000 digits raise ValueError) and accepts NaN and Infinity.
Every adapter reads request bodies through `load_json`, after its size limit and its secret or
signature check: the nesting depth is counted on the raw text first (strings skipped), then
the parser runs with hooks that refuse long numbers and the non-standard constants.
"""

from __future__ import annotations

import json
import math
import re
from itertools import accumulate

from starlette.requests import Request

#: No payload we accept nests deeper than a WhatsApp webhook (about 8 levels).
MAX_DEPTH = 32
#: Digits of an integer: int64 has 19 (Telegram's ids need 52 bits).
MAX_INT_DIGITS = 19
#: Characters of a number with a fraction or exponent (coordinates need about 20).
MAX_FLOAT_CHARS = 32

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")


class MalformedJson(ValueError):
    """The body is not JSON we accept; the message is safe to return to the sender."""


def load_json(body: bytes, *, max_depth: int = MAX_DEPTH) -> object:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedJson("body is not UTF-8") from None
    if nesting_depth(text) > max_depth:
        raise MalformedJson(f"JSON nested deeper than {max_depth} levels")
    try:
        return json.loads(
            text, parse_int=_integer, parse_float=_number, parse_constant=_no_constant
        )
    except MalformedJson:
        raise
    except (ValueError, RecursionError):
        raise MalformedJson("body is not JSON") from None


def nesting_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in `text`, outside strings."""
    brackets = _NOT_A_BRACKET.sub("", _STRING.sub("", text))
    steps = (1 if char in "[{" else -1 for char in brackets)
    return max(accumulate(steps, initial=0))


async def read_limited(request: Request, limit: int) -> bytes | None:
    """The raw body, or None as soon as it grows past `limit` (nothing more is read)."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise MalformedJson(f"a number has more than {MAX_INT_DIGITS} digits")
    return int(text)


def _number(text: str) -> float:
    value = float(text) if len(text) <= MAX_FLOAT_CHARS else math.inf
    if not math.isfinite(value):
        raise MalformedJson("a number is too long or too large")
    return value


def _no_constant(name: str) -> float:
    raise MalformedJson(f"{name} is not JSON")
