"""A language hint from a WhatsApp id, which is the phone number with its country code.

WhatsApp tells a bot nothing about the person's app language (Telegram sends language_code),
so the country calling code stands in for it: the core then greets a +963 number in Arabic and
a +380 number in Ukrainian, and everyone else with the language menu. The hint is only a first
guess: the privacy notice always offers "Other language", and the member's choice is what is
stored. Only countries where one of our languages is the language most people read are listed;
Belgium or Switzerland, say, get no hint.
"""

from __future__ import annotations

_BY_CALLING_CODE = {
    # Arabic
    "20": "ar", "212": "ar", "213": "ar", "216": "ar", "218": "ar", "249": "ar", "961": "ar",
    "962": "ar", "963": "ar", "964": "ar", "965": "ar", "966": "ar", "967": "ar", "968": "ar",
    "970": "ar", "971": "ar", "973": "ar", "974": "ar",
    # Farsi / Dari
    "98": "fa", "93": "fa",
    # Ukrainian
    "380": "uk",
    # German, Dutch, English
    "49": "de", "43": "de", "31": "nl", "44": "en", "353": "en", "1": "en", "61": "en",
    "64": "en",
}  # fmt: skip

#: The same countries by the ISO code a business-scoped user id starts with (`SY.1234`).
_BY_COUNTRY = {
    "EG": "ar", "MA": "ar", "DZ": "ar", "TN": "ar", "LY": "ar", "SD": "ar", "LB": "ar",
    "JO": "ar", "SY": "ar", "IQ": "ar", "KW": "ar", "SA": "ar", "YE": "ar", "OM": "ar",
    "PS": "ar", "AE": "ar", "BH": "ar", "QA": "ar",
    "IR": "fa", "AF": "fa",
    "UA": "uk",
    "DE": "de", "AT": "de", "NL": "nl", "GB": "en", "IE": "en", "US": "en", "CA": "en",
    "AU": "en", "NZ": "en",
}  # fmt: skip


def locale_hint(wa_id: str) -> str | None:
    """Longest calling-code prefix wins (+1 is one digit, +380 three); a business-scoped
    user id names the country of the number it was made for."""
    country, dot, _ = wa_id.partition(".")
    if dot:
        return _BY_COUNTRY.get(country)
    digits = wa_id.lstrip("+")
    for length in (3, 2, 1):
        hint = _BY_CALLING_CODE.get(digits[:length])
        if hint is not None:
            return hint
    return None
