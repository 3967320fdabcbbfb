"""Free-text understanding for the dialogs, loaded in the background.

The models take a moment to load (and, the first time, a few seconds to train), so the bot
starts answering at once and understands free text as soon as they are ready; until then
free text gets the usual short help with the menu. The NLU package (numpy) is imported in
the loading thread, not at start-up.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nlu.backends import NluBackend
    from nlu.parser import ParseResult

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class UnderstandingConfig:
    backend: str = "local"
    rasa_url: str | None = None
    timeout_seconds: float = 2.0
    cache_dir: Path | None = None


def _create(
    config: UnderstandingConfig, communities: list[tuple[int, tuple[str, ...]]]
) -> NluBackend:
    from nlu.backends import NluSettings, create_backend

    settings = NluSettings(
        backend="rasa" if config.backend == "rasa" else "local",
        rasa_url=config.rasa_url,
        timeout_seconds=config.timeout_seconds,
        cache_dir=config.cache_dir,
    )
    return create_backend(settings, communities)


class Understanding:
    def __init__(self, config: UnderstandingConfig | None = None) -> None:
        self._config = config or UnderstandingConfig()
        self._backend: NluBackend | None = None
        self._loading: asyncio.Task[None] | None = None

    def start(self, communities: Iterable[tuple[int, Iterable[str]]]) -> None:
        """Begin loading in a worker thread; returns at once."""
        names = [(community_id, tuple(all_names)) for community_id, all_names in communities]
        self._loading = asyncio.create_task(self._load(names))

    async def _load(self, communities: list[tuple[int, tuple[str, ...]]]) -> None:
        try:
            self._backend = await asyncio.to_thread(_create, self._config, communities)
        except Exception:
            log.exception("free-text understanding could not be loaded; commands still work")

    async def ready(self) -> bool:
        if self._loading is not None:
            await asyncio.shield(self._loading)
        return self._backend is not None

    async def parse(self, text: str, lang_hint: str | None) -> ParseResult | None:
        """None while the models are still loading (or failed to load)."""
        if self._backend is None:
            return None
        return await self._backend.parse(text, lang_hint)

    async def close(self) -> None:
        if self._loading is not None and not self._loading.done():
            self._loading.cancel()
        if self._backend is not None:
            await self._backend.aclose()
