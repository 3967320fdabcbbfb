"""Where parses come from: the in-process classifier (default) or a Rasa server.

Configuration (`nlu:` in config.yaml, see `NluSettings`):

    nlu:
      backend: rasa            # or "local" (default)
      rasa_url: http://127.0.0.1:5005
      timeout_seconds: 2.0

With `rasa`, texts go to `POST {rasa_url}/model/parse` (`{"text": ...}`); Rasa answers
`{"text", "intent": {"name", "confidence"}, "intent_ranking": [...], "entities": [...]}`,
which is mapped to the same `ParseResult`: unknown intent names (Rasa's own `nlu_fallback`,
`out_of_scope`, anything not in `INTENTS`) become `nlu_fallback`; a `city` entity is kept when
its value names one of our communities. The language is always detected in-process. Any
error (timeout, connection, HTTP status, unexpected JSON) is logged without the text and the
in-process classifier answers instead.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

import httpx

from nlu.intents import CITY, INTENTS, NLU_FALLBACK
from nlu.parser import RANKING_SIZE, CityEntity, NluParser, ParseResult, RankedIntent

log = logging.getLogger(__name__)
_KNOWN = frozenset(INTENTS)


@dataclass(frozen=True, slots=True)
class NluSettings:
    backend: Literal["local", "rasa"] = "local"
    rasa_url: str | None = None
    timeout_seconds: float = 2.0
    cache_dir: Path | None = None


class NluBackend(Protocol):
    async def parse(self, text: str, lang_hint: str | None = None) -> ParseResult: ...

    async def aclose(self) -> None: ...


class LocalBackend:
    """The in-process classifier behind the async interface."""

    def __init__(self, parser: NluParser) -> None:
        self.parser = parser

    async def parse(self, text: str, lang_hint: str | None = None) -> ParseResult:
        return self.parser.parse(text, lang_hint)

    async def aclose(self) -> None:
        return None


class RasaBackend:
    """A Rasa server's `/model/parse`, falling back to `fallback` on any error."""

    def __init__(
        self,
        url: str,
        fallback: NluParser,
        timeout_seconds: float = 2.0,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self._endpoint = url.rstrip("/") + "/model/parse"
        self._fallback = fallback
        self._own_client = client is None
        self._client = client or httpx.AsyncClient(timeout=httpx.Timeout(timeout_seconds))
        self.failures = 0

    async def parse(self, text: str, lang_hint: str | None = None) -> ParseResult:
        try:
            response = await self._client.post(self._endpoint, json={"text": text})
            response.raise_for_status()
            return self._convert(text, response.json(), lang_hint)
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as error:
            self.failures += 1
            log.warning(
                "Rasa NLU unavailable (%s); using the in-process classifier",
                type(error).__name__,
            )
            return self._fallback.parse(text, lang_hint)

    async def aclose(self) -> None:
        if self._own_client:
            await self._client.aclose()

    def _convert(self, text: str, answer: Any, lang_hint: str | None) -> ParseResult:
        if not isinstance(answer, dict) or not isinstance(answer.get("intent"), dict):
            raise ValueError("not a Rasa parse result")
        name = str(answer["intent"].get("name"))
        confidence = float(answer["intent"].get("confidence", 0.0))
        ranking = tuple(
            RankedIntent(str(item["name"]), float(item["confidence"]))
            for item in answer.get("intent_ranking") or []
            if isinstance(item, dict) and item.get("name") in _KNOWN
        )[:RANKING_SIZE]
        if name not in _KNOWN:
            name = NLU_FALLBACK
            if ranking:
                confidence = max(confidence, 1.0 - ranking[0].confidence)
        language = self._fallback.detect_language(text, lang_hint)
        entities = self._entities(answer.get("entities") or [], text)
        if not entities:
            entities = self._fallback.city_entities(text, language)
        return ParseResult(name, confidence, language, entities, ranking, source="rasa")

    def _entities(self, raw: Iterable[Any], text: str) -> tuple[CityEntity, ...]:
        found: list[CityEntity] = []
        for item in raw:
            if not isinstance(item, dict) or item.get("entity") != CITY:
                continue
            start, end = int(item["start"]), int(item["end"])
            value = text[start:end] if 0 <= start < end <= len(text) else str(item["value"])
            community_id = self._fallback.city_for(str(item.get("value", value)))
            if community_id is not None:
                found.append(CityEntity(entity=CITY, value=value, community_id=community_id,
                                        start=start, end=end))  # fmt: skip
        return tuple(found)


def create_backend(
    settings: NluSettings, communities: Iterable[tuple[int, Iterable[str]]] = ()
) -> NluBackend:
    """The configured backend; the in-process parser is loaded in both cases (fallback)."""
    parser = NluParser.load(communities, cache_dir=settings.cache_dir)
    if settings.backend == "rasa":
        if not settings.rasa_url:
            raise ValueError("nlu.backend is rasa but nlu.rasa_url is not set")
        return RasaBackend(settings.rasa_url, parser, settings.timeout_seconds)
    return LocalBackend(parser)
