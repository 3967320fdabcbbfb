"""Words of Welcome Groups in the reader's language: labels of languages, interests, needs,
times and ages, the commitments, and a proposal's explanation built from translated
fragments ("you both speak Dari and like sport; the group can help with letters").

Language names come from CLDR (Babel), so they exist in every locale without catalog work;
everything else goes through the catalogs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from babel import Locale
from babel.lists import format_list

from bot.core.welcome.domain import AGE_BANDS, Side
from bot.i18n.catalogs import Translator
from bot.i18n.text import to_native_digits

#: Codes whose CLDR name lives under another key (Dari is Afghan Persian in CLDR).
_CLDR_KEYS = {"prs": "fa_AF"}


def language_name(tr: Translator, code: str) -> str:
    names = Locale.parse(tr.locale).languages
    return str(names.get(_CLDR_KEYS.get(code, code)) or code)


def interest_label(tr: Translator, slug: str) -> str:
    labels = {
        "language-practice": tr.text("language practice"),
        "jobs-training": tr.text("jobs and training"),
        "housing": tr.text("housing"),
        "children-families": tr.text("children and families"),
        "sport": tr.text("sport"),
        "culture-food": tr.text("culture and food"),
        "legal-paperwork": tr.text("law and paperwork"),
        "health": tr.text("health"),
        "womens-group": tr.text("women's group"),
    }
    return labels.get(slug, slug)


def need_label(tr: Translator, slug: str) -> str:
    labels = {
        "language-practice": tr.text("language practice"),
        "legal-paperwork": tr.text("letters and paperwork"),
        "jobs-training": tr.text("work or study"),
        "housing": tr.text("housing"),
        "social-contact": tr.text("meeting people"),
    }
    return labels.get(slug, slug)


def availability_label(tr: Translator, slug: str) -> str:
    labels = {
        "weekday-daytime": tr.text("weekdays, daytime"),
        "weekday-evenings": tr.text("weekday evenings"),
        "weekends": tr.text("weekends"),
    }
    return labels.get(slug, slug)


def age_label(tr: Translator, band: str) -> str:
    text = f"{band}+" if band == AGE_BANDS[-1] else band.replace("-", "–")
    return to_native_digits(text, tr.locale)


def listed(tr: Translator, items: Iterable[str]) -> str:
    """`a, b and c` the way the reader's language joins a list."""
    words = list(items)
    return format_list(words, locale=tr.locale) if words else "–"


def languages_of(tr: Translator, codes: Iterable[str]) -> str:
    return listed(tr, (language_name(tr, c) for c in codes))


def interests_of(tr: Translator, slugs: Iterable[str]) -> str:
    return listed(tr, (interest_label(tr, s) for s in slugs))


def needs_of(tr: Translator, slugs: Iterable[str]) -> str:
    return listed(tr, (need_label(tr, s) for s in slugs))


def commitments(tr: Translator) -> str:
    return tr.text(
        "A Welcome Group promises:\n"
        "• to meet the newcomer or family regularly for twelve months – for a meal, to "
        "practise the language, to explain difficult letters, to think along about work or "
        "study;\n"
        "• to keep what you learn about them to yourselves;\n"
        "• to agree in the group who does what; the coordinator is the contact for the "
        "ambassadors;\n"
        "• to answer my short monthly check-in."
    )


def _strings(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def explanation(tr: Translator, reasons: Mapping[str, object], reader: Side | None) -> str:
    """Why a pair was proposed, for the newcomer, the group (which never learns the
    newcomer's age or family size from it) or, with `reader` None, the ambassadors."""
    languages = languages_of(tr, _strings(reasons.get("languages")))
    interests = _strings(reasons.get("interests"))
    needs = _strings(reasons.get("needs"))
    if reader is None:
        first = (
            tr.text("both speak {languages} and like {interests}",
                    languages=languages, interests=interests_of(tr, interests))
            if interests
            else tr.text("both speak {languages}", languages=languages)
        )  # fmt: skip
    else:
        first = (
            tr.text("you both speak {languages} and like {interests}",
                    languages=languages, interests=interests_of(tr, interests))
            if interests
            else tr.text("you both speak {languages}", languages=languages)
        )  # fmt: skip
    fragments = [first]
    if needs:
        fragments.append(
            tr.text("your group can help with {needs}", needs=needs_of(tr, needs))
            if reader is Side.GROUP
            else tr.text("the group can help with {needs}", needs=needs_of(tr, needs))
        )
    if reader is not Side.GROUP and reasons.get("same_age"):
        fragments.append(tr.text("you are of a similar age") if reader else tr.text("similar age"))
    if reader is not Side.GROUP and reasons.get("family_fits"):
        fragments.append(
            tr.text("the group can welcome your family")
            if reader
            else tr.text("the group can welcome the whole family")
        )
    text = fragments[0]
    for fragment in fragments[1:]:
        text = tr.text("{first}; {next}", first=text, next=fragment)
    return tr.text("Why: {reasons}.", reasons=text)
