"""Script-aware normalisation so that the same word typed different ways compares equal.

Arabic: diacritics and tatweel removed; alef variants (أ إ آ ٱ) → ا; ى, ي and ئ → ی; ة → ه.
Persian: ZWNJ removed; Arabic yeh/kaf (ي ك) → Persian (ی ک) are folded to one form.
All scripts: digits of any script → 0-9; Latin and Cyrillic case and accents folded (this also
folds й → и, ї → і and ё → е, consistently on both sides of a comparison); emoji and
punctuation become spaces.

`normalize` and `sound_key` are the comparison keys of city matching. The intent classifier
uses `nlu_text` (the same folding, but emoji become word tokens and a few chat habits are
undone) and language identification uses `language_text` (which keeps the letters that tell
Arabic from Farsi apart).
"""

from __future__ import annotations

import re
import unicodedata

_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_FOLD = str.maketrans(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
        "ى": "ی", "ي": "ی", "ئ": "ی",
        "ك": "ک",
        "ة": "ه", "ۀ": "ه",
        "ؤ": "و",
        "\u200c": "", "\u200d": "",
    }
)  # fmt: skip
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def normalize(text: str) -> str:
    """A comparison key for free text in any of our scripts."""
    text = unicodedata.normalize("NFKC", text)
    text = _ARABIC_MARKS.sub("", text)
    text = text.translate(_FOLD)
    out = []
    for char in unicodedata.normalize("NFKD", text.casefold()):
        if unicodedata.combining(char) and not _is_arabic(char):
            continue  # drop Latin/Cyrillic accents (é → e; й → и as well)
        if char.isdecimal():
            out.append(str(unicodedata.decimal(char)))
        else:
            out.append(char)
    text = unicodedata.normalize("NFKC", "".join(out))
    return " ".join(_NON_WORD.sub(" ", text).split())


def _is_arabic(char: str) -> bool:
    return "\u0600" <= char <= "\u06ff"


_LATIN_SOUNDS = (
    ("ph", "f"), ("ck", "k"), ("sch", "sh"), ("ee", "i"), ("ie", "i"), ("ei", "ai"),
    ("oo", "u"), ("ou", "u"), ("w", "v"), ("c", "k"), ("y", "i"), ("j", "i"), ("z", "s"),
    ("q", "k"), ("th", "t"), ("dt", "t"),
)  # fmt: skip


def sound_key(text: str) -> str:
    """A rough phonetic key for Latin transliterations ("Ween" and "Wien" → "vin")."""
    key = normalize(text)
    for old, new in _LATIN_SOUNDS:
        key = key.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", key)


# --- Keys for the intent classifier and the language identifier -------------------------------

#: Emoji (and pictographic symbols) as one match: a flag (two regional indicators), or a
#: symbol followed by skin tones, variation selectors, keycaps and ZWJ sequences.
_EMOJI = re.compile(
    "[\U0001f1e6-\U0001f1ff]{2}"
    "|[\u2190-\u21ff\u2300-\u23ff\u2460-\u27bf\u2900-\u297f\u2b00-\u2bff\u3030\u303d"
    "\U0001f000-\U0001faff]"
    "(?:[\U0001f3fb-\U0001f3ff\ufe0e\ufe0f\u20e3]"
    "|\u200d[\u2600-\u27bf\U0001f000-\U0001faff][\U0001f3fb-\U0001f3ff\ufe0f]?)*"
)
#: Common emoji grouped by what they usually mean in a chat; every other emoji becomes a token
#: of its own Unicode name ("🍕" → "e_slice_of_pizza"), so it is still a word, just one the
#: classifier has (almost) never seen.
_EMOJI_GROUPS = {
    "e_yes": "👍👌✅✔☑🆗💯",
    "e_no": "👎❌✖⛔🚫❎",
    "e_wave": "👋🖐✋🤚",
    "e_pray": "🙏",
    "e_heart": "❤💙💚💛🧡💜🖤🤍💕💖💗😍🥰😘",
    "e_laugh": "😂🤣😆😹",
    "e_smile": "😊🙂😀😃😄😁☺",
    "e_sad": "😢😭😞☹🙁😔",
    "e_calendar": "📅📆🗓",
    "e_mute": "🔕🔇",
    "e_bin": "🗑",
    "e_sos": "🆘",
    "e_raise_hand": "🙋",
    "e_refuse": "🙅",
}
_EMOJI_TOKEN = {char: token for token, chars in _EMOJI_GROUPS.items() for char in chars}
_MODIFIERS = re.compile("[\U0001f3fb-\U0001f3ff\ufe0e\ufe0f\u20e3\u200d]")
_ELONGATED = re.compile(r"([^\W\d_])\1{2,}")
_PERSIAN_MI = re.compile(r"(?<!\S)(ن?می) (?=\w)")
_DIGITS = re.compile(r"\d+")


def emoji_token(emoji: str) -> str:
    """The word that stands for one emoji (see `_EMOJI_GROUPS`)."""
    if len(emoji) >= 2 and all("\U0001f1e6" <= c <= "\U0001f1ff" for c in emoji[:2]):
        return "flag_" + "".join(chr(ord(c) - 0x1F1E6 + ord("a")) for c in emoji[:2])
    base = _MODIFIERS.sub("", emoji)[:1]
    if not base:
        return ""
    token = _EMOJI_TOKEN.get(base)
    if token is None:
        name = unicodedata.name(base, "symbol").lower()
        token = "e_" + re.sub(r"[^a-z0-9]+", "_", name).strip("_")
        _EMOJI_TOKEN[base] = token
    return token


def _emoji_words(text: str) -> str:
    return _EMOJI.sub(lambda match: f" {emoji_token(match.group())} ", text)


def nlu_text(text: str) -> str:
    """The classifier's key: `normalize` plus emoji as words and chat habits undone.

    - every emoji becomes one word (`emoji_token`): 👍 → e_yes, 👋 → e_wave, 🙏 → e_pray…;
    - letters repeated three or more times are cut to two ("merciiii" → "mercii",
      "مرحبااا" → "مرحباا"), so stretched words share their n-grams with the plain ones;
    - the Persian verb prefix می/نمی typed as a separate word (instead of with a ZWNJ) is
      joined to its verb: "می خوام" → "میخوام", as normalize already makes "می‌خوام".
    """
    key = normalize(_emoji_words(text))
    key = _ELONGATED.sub(r"\1\1", key)
    return _PERSIAN_MI.sub(r"\1", key)


def language_text(text: str) -> str:
    """The language identifier's key: case, Arabic marks, digits, emoji and punctuation go;
    the letters that tell languages apart stay (ي/ی, ك/ک, ة, ى and ZWNJ; ü, ë, ї, є…)."""
    text = unicodedata.normalize("NFKC", _EMOJI.sub(" ", text)).casefold()
    text = _DIGITS.sub(" ", _ARABIC_MARKS.sub("", text))
    text = " ".join(_NON_WORD_KEEP_ZWNJ.sub(" ", text).split())
    return _ELONGATED.sub(r"\1\1", text)


_NON_WORD_KEEP_ZWNJ = re.compile("[^\\w\u200c]+", re.UNICODE)


# --- A script-independent key for transliterated text ------------------------------------------

#: Latin digraphs first (Finglish, Arabizi, Latin-script Ukrainian), then single letters.
_SKELETON_DIGRAPHS = (("sh", "S"), ("ch", "C"), ("kh", "X"), ("gh", "G"), ("zh", "j"),
                      ("th", "t"), ("dh", "z"), ("ph", "f"), ("ck", "k"))  # fmt: skip
#: What each letter contributes to the consonant skeleton ("" = a vowel or a glide, dropped,
#: since Arabic and Persian script seldom write short vowels and و/ی/ا are either).
_SKELETON = str.maketrans(
    {
        # Arabic and Persian (after `normalize`: ی, ک, ه already folded)
        "ب": "b", "پ": "p", "ت": "t", "ث": "t", "ج": "j", "چ": "C", "ح": "h", "خ": "X",
        "د": "d", "ذ": "z", "ر": "r", "ز": "z", "ژ": "j", "س": "s", "ش": "S", "ص": "s",
        "ض": "d", "ط": "t", "ظ": "z", "ع": "3", "غ": "G", "ف": "f", "ق": "q", "ک": "k",
        "گ": "g", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "", "ی": "", "ا": "", "ء": "",
        # Ukrainian Cyrillic (after `normalize`: й → и, ї → і)
        "б": "b", "в": "", "г": "h", "ґ": "g", "д": "d", "ж": "j", "з": "z", "к": "k",
        "л": "l", "м": "m", "н": "n", "п": "p", "р": "r", "с": "s", "т": "t", "ф": "f",
        "х": "X", "ц": "ts", "ч": "C", "ш": "S", "щ": "SC", "а": "", "е": "", "є": "",
        "и": "", "і": "", "о": "", "у": "", "ю": "", "я": "", "ь": "", "ы": "", "э": "",
        "ё": "",
        # Latin: vowels and glides go; x is Finglish kh; Arabizi digits are letters
        "a": "", "e": "", "i": "", "o": "", "u": "", "y": "", "w": "", "v": "", "c": "k",
        "x": "X", "2": "", "3": "3", "5": "X", "6": "t", "7": "h", "8": "G", "9": "q",
    }
)  # fmt: skip
_REPEATS = re.compile(r"(.)\1+")


def skeleton(word: str) -> str:
    """The consonant skeleton of one word of `nlu_text`, the same for a word in Arabic or
    Persian script, in Arabizi or Finglish, and for Ukrainian in Cyrillic or Latin letters:
    "ما رح اجي" and "ma ra7 eji" → "m rh j"; "دیگه" and "dige" → "dgh"/"dg"; "дякую" and
    "dyakuyu" → "dk". Emoji tokens and pure numbers give "" (no feature)."""
    if word.startswith(("e_", "flag_")) or word.isdecimal():
        return ""
    for old, new in _SKELETON_DIGRAPHS:
        word = word.replace(old, new)
    return _REPEATS.sub(r"\1", word.translate(_SKELETON))


def skeleton_text(text: str) -> str:
    """`skeleton` of every word of an `nlu_text` key, empty skeletons left out."""
    return " ".join(key for key in map(skeleton, text.split()) if key)
