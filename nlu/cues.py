"""Cue words: a few word classes that decide between intents sharing every other word.

"I will come" and "I won't come", "put me in the project" and "take me out of the project"
differ in one or two words, and each language (and dialect) says them differently: ما، مش،
مو، لن; نمی…; не; nicht, kein; niet, geen. The n-gram blocks learn each form on its own and
only from the lines that contain it. The cue view (`cue_text`) maps every such word of every
language to one class — `c_neg`, `c_leave`, `c_join`, `c_come`, `c_stop` — and drops the
other words, so the classifier's word n-grams over it ("c_neg c_come") carry what one
dialect's data teaches to the others.

Words are matched on `nlu_text`'s normalised form (the lists are normalised the same way;
apostrophes split words, so "can't" is "can t" and its `t` is the negation): whole words, or,
for stems marked with a trailing `*`, any word that starts with them.
"""

from __future__ import annotations

from functools import lru_cache

from nlu.normalize import nlu_text

#: Cue class → normalised words; "stem*" matches every word starting with "stem".
CUES: dict[str, tuple[str, ...]] = {
    "c_neg": (
        # English, German, Dutch
        "not", "no", "dont", "cant", "wont", "never", "cannot", "nt", "t",
        "nicht", "nich", "kein*", "nie", "niemals", "nö", "nee", "niet", "geen",
        "nooit",
        # Arabic and Arabizi
        "لا", "ما", "مش", "مو", "مب", "لن", "لم", "ليس", "مانی", "مارح", "مافی", "موب",
        "mish", "msh", "mesh", "mush", "mo", "ma", "la", "lan", "mosh",
        # Persian and Finglish (verbs negated with ن: نمی…, نمی‌خوام, نیام, نکن, نفرست)
        "نه", "نمی*", "نیا*", "نکن*", "نفرست*", "نخوا*", "نیست*", "نخیر", "نمیتون*", "na",
        "nemi*", "nemikham", "nakon", "nafrest",
        # Ukrainian, surzhyk, Latin-script Ukrainian
        "не", "ні", "нема", "немає", "ніколи", "нє", "нет", "ne", "ni",
    ),
    "c_leave": (
        "leave", "leaving", "quit", "quitting", "out", "exit", "drop", "unjoin",
        "raus", "heraus", "verlassen", "verlasse", "aussteigen", "austreten",
        "austragen", "weg", "aufhören", "aufhoren",
        "uit", "eruit", "verlaten", "verlaat",
        "اطلع*", "طلع*", "انسحب*", "اترک*", "اسیب", "شیلونی", "شیلنی", "اخرج*", "طالع",
        "بیرون", "ترک", "انصراف", "خارج", "بردار*",
        "вийти", "вийду", "виходжу", "покинути", "покидаю", "випиш*", "виключ*", "вихід",
        "vyity", "vyiti", "vyjty", "pokynuty", "biroon", "birun", "etla3", "etla3*",
    ),
    "c_join": (
        "join", "joining", "participate", "mitmachen", "mitmache", "beitreten", "beitrete",
        "meedoen", "aansluiten", "انضم*", "ینضم*", "اشارک*", "اشترک*", "شارک*", "بپیوند*",
        "عضو", "долучит*", "приєдна*", "доєдна*", "endam", "ensham", "join*",
    ),
    "c_come": (
        "come", "coming", "attend", "attending", "komme", "kommen", "komm", "komen", "kom",
        "اجی", "احضر", "بیام", "میام", "بیایم", "میایم", "بیاییم",
        "прийду", "прийти", "приду", "буду", "eji", "aji", "jay", "miyam", "biyam",
        "priidu", "pryidu",
    ),
    "c_stop": (
        "stop", "stopp", "unsubscribe", "mute", "abmelden", "afmelden", "uitschrijven",
        "توقف", "وقف*", "بطل", "بطلوا", "بطلو", "لغو", "قطع", "стоп", "відписатися", "вимкн*",
    ),
}  # fmt: skip

_EXACT: dict[str, str] = {}
_STEMS: list[tuple[str, str]] = []
for _cue, _words in CUES.items():
    for _word in _words:  # written as people type them, matched as `nlu_text` makes them
        if _word.endswith("*"):
            _STEMS.append((nlu_text(_word[:-1]), _cue))
        else:
            _EXACT.setdefault(nlu_text(_word), _cue)
_STEMS.sort(key=lambda stem: -len(stem[0]))


@lru_cache(maxsize=8192)
def cue(word: str) -> str:
    """The cue class of one normalised word, or "" when it is none."""
    found = _EXACT.get(word)
    if found is not None:
        return found
    for stem, name in _STEMS:
        if word.startswith(stem):
            return name
    return ""


def cue_text(text: str) -> str:
    """The cue classes of a normalised text's words, in order, other words dropped."""
    return " ".join(c for c in map(cue, text.split()) if c)
