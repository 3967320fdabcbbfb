"""Which of our languages a message is written in: the script first, then a character n-gram
model inside the script.

Cyrillic is Ukrainian (our only Cyrillic language). Arabic script is Arabic or Farsi, told
apart by the model, which sees the letters only Farsi uses (پ چ ژ گ, Persian ی and ک, ZWNJ)
and those only Arabic uses (ة ى, Arabic ي and ك), and common words (بدي، شو، هيك vs میخوام،
چی، است). Latin script can be any of the six (English, German and Dutch, but also "salam",
"shukran", "kheili mamnoon", "dyakuyu"), so all six compete. A language hint (the member's
chosen language or the platform's) wins unless the text clearly says otherwise: short Latin
words like "ok" or "stop" are no evidence for any language.
"""

from __future__ import annotations

import re

import numpy as np

from nlu.features import LinearTextModel
from nlu.normalize import language_text

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
#: A hinted language stays unless the best language is this many times more likely…
HINT_RATIO = 20.0
#: …and always when the text is one word or has fewer letters than this (too little evidence;
#: naive Bayes is overconfident on a single short word such as "stop" or "ok").
HINT_MIN_LETTERS = 8


class LanguageIdentifier:
    def __init__(self, model: LinearTextModel) -> None:
        self._model = model
        self._index = {language: i for i, language in enumerate(model.classes)}
        arabic = [self._index[x] for x in ("ar", "fa") if x in self._index]
        self._arabic_script = np.array(arabic, dtype=np.intp)

    @property
    def languages(self) -> tuple[str, ...]:
        return self._model.classes

    def detect(self, text: str, hint: str | None = None) -> str | None:
        """The language of `text`, or `hint` (or None) when the text has no letters."""
        arabic = len(_ARABIC.findall(text))
        cyrillic = len(_CYRILLIC.findall(text))
        latin = len(_LATIN.findall(text))
        if not arabic and not cyrillic and not latin:
            return hint
        if cyrillic > arabic and cyrillic > latin:
            return "uk" if "uk" in self._index else hint
        probabilities = self._model.probabilities(language_text(text))
        if arabic >= latin and len(self._arabic_script):
            allowed = self._arabic_script
        else:
            allowed = np.arange(len(probabilities))
        best = int(allowed[int(np.argmax(probabilities[allowed]))])
        if hint is not None and hint in self._index:
            hinted = self._index[hint]
            too_little = arabic + latin < HINT_MIN_LETTERS or len(text.split()) < 2
            if hinted in allowed and (
                too_little or probabilities[best] <= HINT_RATIO * probabilities[hinted]
            ):
                return hint
        return self._model.classes[best]
