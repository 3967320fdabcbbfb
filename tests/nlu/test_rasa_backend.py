"""The optional Rasa backend against a local stub of `POST /model/parse` (Starlette on
uvicorn, 127.0.0.1, ephemeral port): mapping, and falling back on every kind of error."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from nlu.backends import LocalBackend, NluSettings, RasaBackend, create_backend
from nlu.parser import NluParser


def rasa_answer(text: str, name: str, confidence: float) -> dict[str, object]:
    """A Rasa 3 `/model/parse` result (shape as documented by Rasa)."""
    ranking = [
        {"id": 1, "name": name, "confidence": confidence},
        {"id": 2, "name": "greet", "confidence": round(1 - confidence, 4)},
        {"id": 3, "name": "some_rasa_only_intent", "confidence": 0.0},
    ]
    entities = []
    if "Wien" in text:
        start = text.index("Wien")
        entities.append(
            {"entity": "city", "start": start, "end": start + 4, "value": "Wien",
             "confidence_entity": 0.99, "extractor": "DIETClassifier"}
        )  # fmt: skip
    return {
        "text": text,
        "intent": {"id": 1, "name": name, "confidence": confidence},
        "entities": entities,
        "intent_ranking": ranking,
        "response_selector": {"all_retrieval_intents": [], "default": {}},
    }


async def model_parse(request: Request) -> Response:
    text = (await request.json())["text"]
    if text == "boom":
        return JSONResponse({"error": "internal"}, status_code=500)
    if text == "slow":
        await asyncio.sleep(1)
    if text == "garbage":
        return Response("<html>not json</html>", media_type="text/html")
    if text == "wrong shape":
        return JSONResponse({"intent": "greet"})
    if text == "weather":
        return JSONResponse(rasa_answer(text, "nlu_fallback", 0.3))
    if text == "rasa only":
        return JSONResponse(rasa_answer(text, "some_rasa_only_intent", 0.9))
    return JSONResponse(rasa_answer(text, "find_community", 0.93))


@pytest.fixture
async def rasa_url() -> AsyncIterator[str]:
    app = Starlette(routes=[Route("/model/parse", model_parse, methods=["POST"])])
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app, log_level="warning", lifespan="off")
    started = asyncio.Event()

    class _Serving(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets)
            started.set()

    server = _Serving(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    await asyncio.wait_for(started.wait(), timeout=10)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    await task


async def test_rasa_answer_is_mapped(rasa_url: str, parser: NluParser) -> None:
    backend = RasaBackend(rasa_url + "/", parser, timeout_seconds=1.0)
    try:
        result = await backend.parse("ich wohne in Wien")
    finally:
        await backend.aclose()
    assert result.source == "rasa"
    assert (result.intent, result.confidence, result.language) == ("find_community", 0.93, "de")
    assert [(r.name, r.confidence) for r in result.ranking] == [
        ("find_community", 0.93),
        ("greet", 0.07),
    ]
    (entity,) = result.entities
    assert entity == {"entity": "city", "value": "Wien", "community_id": 1, "start": 13, "end": 17}
    assert backend.failures == 0


async def test_unknown_rasa_intents_become_the_fallback(rasa_url: str, parser: NluParser) -> None:
    backend = RasaBackend(rasa_url, parser, timeout_seconds=1.0)
    try:
        assert (await backend.parse("weather")).intent == "nlu_fallback"
        assert (await backend.parse("rasa only")).intent == "nlu_fallback"
    finally:
        await backend.aclose()


@pytest.mark.parametrize("text", ["boom", "slow", "garbage", "wrong shape"])
async def test_errors_fall_back_to_the_local_classifier(
    rasa_url: str, parser: NluParser, text: str
) -> None:
    backend = RasaBackend(rasa_url, parser, timeout_seconds=0.3)
    try:
        result = await backend.parse(text)
    finally:
        await backend.aclose()
    assert result.source == "local"
    assert result == parser.parse(text)
    assert backend.failures == 1


async def test_unreachable_server_falls_back(parser: NluParser) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    backend = RasaBackend(f"http://127.0.0.1:{port}", parser, timeout_seconds=0.5)
    try:
        result = await backend.parse("ich komme")
    finally:
        await backend.aclose()
    assert (result.intent, result.source) == ("rsvp_yes", "local")


async def test_create_backend(
    nlu_cache_dir: object, communities: list[tuple[int, list[str]]]
) -> None:
    from pathlib import Path

    assert isinstance(nlu_cache_dir, Path)
    local = create_backend(NluSettings(cache_dir=nlu_cache_dir), communities)
    assert isinstance(local, LocalBackend)
    assert (await local.parse("ich komme")).intent == "rsvp_yes"
    rasa = create_backend(
        NluSettings(backend="rasa", rasa_url="http://127.0.0.1:9", cache_dir=nlu_cache_dir)
    )
    assert isinstance(rasa, RasaBackend)
    await rasa.aclose()
    with pytest.raises(ValueError, match="rasa_url"):
        create_backend(NluSettings(backend="rasa", cache_dir=nlu_cache_dir))
