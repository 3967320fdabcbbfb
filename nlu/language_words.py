"""Which of our languages a short message can be written in, from its letters and its most
common words, without the trained model: what we know of a person's language before anything
is stored, from their very first "مرحبا", "سلام خوبی؟", "Hallo ik ben Sara" or "привіт".

The answer is the set of languages with the most evidence: one language when the message
says it clearly, several when it stays ambiguous ("سلام" is Arabic and Persian, "Hallo" German
and Dutch, "salam" either of the first two), and none when it says nothing ("ok", "hi", 👋, a
name). The caller decides what an ambiguous answer means (the platform's language hint, or a
question in both languages).

- **Cyrillic** is Ukrainian: our only Cyrillic language.
- **Arabic script** is Arabic or Persian. Letters only Persian uses (پ چ ژ گ) count three,
  the Persian keyboard's own yeh and kaf (ی ک) and the zero-width non-joiner one each; letters
  only Arabic uses (ة ى) count three, the Arabic keyboard's yeh and kaf (ي ك) one each (Dari
  speakers sometimes type on Arabic keyboards). Then common words of each language, one each.
- **Latin script**: common words of English, German and Dutch, and the usual transliterations
  of Arabic ("marhaba", "shukran"), Persian ("merci", "khoobi") and Ukrainian ("pryvit");
  German's letters ä ö ü ß count one.

Words are compared after `normalize`, so case, accents, Arabic diacritics and the yeh and kaf
variants do not matter there (the letters themselves were counted before).
"""

from __future__ import annotations

import re
from collections import Counter

from nlu.normalize import normalize

_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")

#: Letters and how much each says for a language (per occurrence, see the module docstring).
_LETTERS: dict[str, tuple[str, int]] = {
    "پ": ("fa", 3), "چ": ("fa", 3), "ژ": ("fa", 3), "گ": ("fa", 3),
    "ی": ("fa", 1), "ک": ("fa", 1), "\u200c": ("fa", 1),
    "ة": ("ar", 3), "ى": ("ar", 3), "ي": ("ar", 1), "ك": ("ar", 1),
    "ä": ("de", 1), "ö": ("de", 1), "ü": ("de", 1), "ß": ("de", 1),
}  # fmt: skip

#: Common words, as people write them in a first message. A word in two lists ("سلام",
#: "hallo", "salam") counts for both: it is the ambiguity we want to see.
_WORDS: dict[str, str] = {
    "ar": """
        مرحبا مرحباً اهلا أهلا اهلين أهلين هلا سلام شكرا شكراً مشكور كيف كيفك كيفكم حالك
        انا أنا هل ماذا لماذا شو شلون ليش وين بدي اريد أريد عايز عاوز في الى إلى هذا هذه
        نعم لا ايوه أيوه طيب صباح مساء الخير عربي العربية عربية سوريا سوري العراق عراقي
        حبيبي جماعة عندي عندك معي ساعدني مساعدة لقاء
    """,
    "fa": """
        سلام درود خوبی خوبم خوبید خوب است هست هستم هستید هستی می میخوام میخواهم نمیدانم
        ممنون مرسی متشکرم تشکر سپاس چطور چطوری چطورید کجا چی چه آن را برای از که دارم دارید
        بله آره نه خیلی شما جان لطفا لطفاً صبح روز فارسی دری ایران افغانستان کمک میشه
        میشود ببخشید خداحافظ دوست
    """,
    "en": """
        hello hiya thanks thank you please i im am are the and my me need want where
        what how can could join english yes from with this there meetup community looking
        find good morning evening afternoon help anyone speak
    """,
    "de": """
        hallo servus moin gruss grüß grüezi guten tag morgen abend danke bitte ich bin du sie
        ist und nicht wie wo was ein eine der die das mit für gibt es möchte moechte brauche
        hilfe deutsch treffen gemeinschaft nein suche kann mich mein meine auf zu von aus wir
        ihr habe hab
    """,
    "nl": """
        hoi hallo goedemorgen goedemiddag goedenavond goedendag dag dank bedankt dankjewel
        dankuwel alsjeblieft alstublieft ik ben jij je is en niet hoe waar wat een de het met voor
        zijn heb wil graag hulp help nederlands kan mij mijn ook nee bijeenkomst gemeenschap
        zoek zoeken wij
    """,
    "uk": "pryvit pryvet dyakuyu diakuiu dobryi dobryy dobroho ukraina ukrainska",
}
#: Transliterations read in Latin script: salam is Arabic and Persian alike.
_TRANSLITERATED: dict[str, str] = {
    "ar": """
        marhaba marhaban ahlan ahla shukran shokran habibi kifak kifik keefak kifkon shu shou
        inshallah yalla salam
    """,
    "fa": """
        salam merci mersi mamnoon mamnun mamnoonam chetori chetorin khoobi khubi khobi kheili
        kheyli lotfan mikham mikhaham dorood
    """,
}


def _word_table() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for source in (_WORDS, _TRANSLITERATED):
        for language, words in source.items():
            for word in words.split():
                table.setdefault(normalize(word), set()).add(language)
    return {word: frozenset(languages) for word, languages in table.items()}


_WORD_LANGUAGES = _word_table()
#: What each script allows: a Latin message can be in any language (transliteration).
_SCRIPT_LANGUAGES = {"arabic": ("ar", "fa"), "cyrillic": ("uk",)}


def script_of(text: str) -> str | None:
    """ "arabic", "cyrillic", "latin", or None for a message without letters."""
    counts = {
        "arabic": len(_ARABIC_SCRIPT.findall(text)),
        "cyrillic": len(_CYRILLIC.findall(text)),
        "latin": len(_LATIN.findall(text)),
    }
    script, letters = max(counts.items(), key=lambda item: item[1])
    return script if letters else None


def evidence(text: str) -> Counter[str]:
    """How much the letters and words of `text` say for each language."""
    script = script_of(text)
    allowed = _SCRIPT_LANGUAGES.get(script or "")
    score: Counter[str] = Counter()
    for char in text.casefold():
        found = _LETTERS.get(char)
        if found is not None:
            score[found[0]] += found[1]
    for word in normalize(text).split():
        for language in _WORD_LANGUAGES.get(word, ()):
            score[language] += 1
    if allowed is not None:
        score = Counter({language: n for language, n in score.items() if language in allowed})
    return score


def candidate_languages(text: str) -> tuple[str, ...]:
    """The languages `text` is most likely written in: one when it is clear, several when it
    stays ambiguous, none when it says nothing. Arabic script is always Arabic or Persian,
    Cyrillic always Ukrainian."""
    script = script_of(text)
    if script == "cyrillic":
        return ("uk",)
    score = evidence(text)
    best = max(score.values(), default=0)
    if best <= 0:
        return _SCRIPT_LANGUAGES.get(script or "", ())
    return tuple(sorted(language for language, n in score.items() if n == best))
