"""Free-text understanding: intent, confidence, language and city entities of one message.

    parser = NluParser.load(communities=[(1, ["Vienna", "Wien", "فيينا", "وین"]), ...])
    result = parser.parse("بدي روح على فيينا", lang_hint="ar")
    result.intent, result.confidence, result.language, result.entities, result.ranking

Everything runs in-process on plain arrays (see `nlu.features`); a parse takes well under a
millisecond. Below `FALLBACK_THRESHOLD`, or when the message looks out of scope (weather,
prices, football, jokes, gibberish…), the intent is `nlu_fallback`; `ranking` still lists
the best real intents so a dialog can ask "did you mean …?" with the first two.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

import numpy as np

from nlu.cities import CityMatcher
from nlu.intents import CITY, INTENTS, NLU_FALLBACK, OUT_OF_SCOPE
from nlu.language import LanguageIdentifier
from nlu.models import NluModels, load_models
from nlu.normalize import nlu_text, normalize

#: Below this probability of the best intent the parse is `nlu_fallback`. Chosen by 5-fold
#: cross-validation on the training data only (never on the held-out files), trading
#: in-scope accuracy against rejecting out-of-scope messages.
FALLBACK_THRESHOLD = 0.35
#: How many intents `ParseResult.ranking` lists.
RANKING_SIZE = 5
#: Longer messages are classified on their beginning (keeps latency bounded).
MAX_CHARS = 1000
#: Words that are never city mentions in a language although they normalise to a city name:
#: Arabic وين ("where") is the Farsi name of Vienna, وین, once ي and ی are folded.
NOT_CITIES: dict[str, frozenset[str]] = {
    "ar": frozenset(normalize(w) for w in ("وين", "وينك", "وينه", "وينو")),
    "nl": frozenset({"gras"}),
    "en": frozenset({"grass"}),
}


class CityEntity(TypedDict):
    entity: str
    value: str
    community_id: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class RankedIntent:
    name: str
    confidence: float


@dataclass(frozen=True, slots=True)
class ParseResult:
    intent: str
    confidence: float
    language: str | None
    entities: tuple[CityEntity, ...] = ()
    #: The best real intents (never nlu_fallback), most likely first.
    ranking: tuple[RankedIntent, ...] = ()
    #: "local" (in-process classifier) or "rasa".
    source: str = field(default="local")

    def as_dict(self) -> dict[str, Any]:
        return {
            "intent": self.intent,
            "confidence": round(self.confidence, 4),
            "language": self.language,
            "entities": [dict(e) for e in self.entities],
            "ranking": [{"name": r.name, "confidence": round(r.confidence, 4)}
                        for r in self.ranking],
        }  # fmt: skip


class NluParser:
    """Parses messages with trained models; cities are looked up among `communities`, an
    iterable of (community_id, every name and alias in every language)."""

    def __init__(
        self,
        models: NluModels,
        communities: Iterable[tuple[int, Iterable[str]]] = (),
        threshold: float = FALLBACK_THRESHOLD,
    ) -> None:
        self.models = models
        self.threshold = threshold
        self._intent = models.intent
        self._languages = LanguageIdentifier(models.language)
        classes = models.intent.classes
        unknown = set(classes) - set(INTENTS) - {OUT_OF_SCOPE}
        if unknown:
            raise ValueError(f"the training data has unknown intents: {sorted(unknown)}")
        self._out_of_scope = classes.index(OUT_OF_SCOPE) if OUT_OF_SCOPE in classes else -1
        self._in_scope = np.array(
            [i for i, c in enumerate(classes) if c != OUT_OF_SCOPE], dtype=np.intp
        )
        self._in_scope_names = [classes[i] for i in self._in_scope]
        self._cities = CityMatcher(communities)

    @classmethod
    def load(
        cls,
        communities: Iterable[tuple[int, Iterable[str]]] = (),
        *,
        cache_dir: Path | None = None,
        data_dir: Path | None = None,
        threshold: float = FALLBACK_THRESHOLD,
    ) -> NluParser:
        """Load the models from the cache (training them first when the data changed)."""
        return cls(load_models(cache_dir, data_dir), communities, threshold)

    def parse(self, text: str, lang_hint: str | None = None) -> ParseResult:
        text = text[:MAX_CHARS]
        language = self._languages.detect(text, lang_hint)
        entities = self.city_entities(text, language)
        key = nlu_text(text)
        if not key:
            return ParseResult(NLU_FALLBACK, 1.0, language, entities)
        probabilities = self._intent.probabilities(key)
        in_scope = probabilities[self._in_scope]
        order = np.argsort(-in_scope)[:RANKING_SIZE]
        ranking = tuple(RankedIntent(self._in_scope_names[i], float(in_scope[i])) for i in order)
        best = ranking[0]
        out_of_scope = (
            self._out_of_scope >= 0 and probabilities[self._out_of_scope] > best.confidence
        )
        if out_of_scope or best.confidence < self.threshold:
            return ParseResult(NLU_FALLBACK, 1.0 - best.confidence, language, entities, ranking)
        return ParseResult(best.name, best.confidence, language, entities, ranking)

    def detect_language(self, text: str, lang_hint: str | None = None) -> str | None:
        return self._languages.detect(text[:MAX_CHARS], lang_hint)

    def city_entities(self, text: str, language: str | None = None) -> tuple[CityEntity, ...]:
        ignore = NOT_CITIES.get(language or "", frozenset())
        return tuple(
            CityEntity(
                entity=CITY,
                value=mention.text,
                community_id=mention.community_id,
                start=mention.start,
                end=mention.end,
            )
            for mention in self._cities.mentions(text, ignore)
        )

    def city_for(self, value: str) -> int | None:
        """The community a city name (e.g. from another NLU backend) refers to, if any."""
        matches = self._cities.match(value, limit=1)
        return matches[0].community_id if matches else None
