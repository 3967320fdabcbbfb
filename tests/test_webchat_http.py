"""The web chat over real HTTP: the first answer in the language typed, and the opt-out words
of every language with a question open."""

from __future__ import annotations

from typing import Any

import httpx

from bot.app import Core
from bot.core.common.domain import Channel, ChannelAddress
from bot.web.app import build_web_app
from tests.test_opt_out import STOPPED, listed_words
from tests.whatsapp.harness import serve

MESSAGES = "/api/webchat/messages"


async def _post(client: httpx.AsyncClient, session: str, **body: Any) -> list[dict[str, Any]]:
    answer = await client.post(MESSAGES, json={"session": session, **body})
    assert answer.status_code == 200, answer.text
    messages: list[dict[str, Any]] = answer.json()["messages"]
    return messages


async def test_first_contact_and_opt_out_words_in_the_web_chat(core: Core) -> None:
    async with serve(build_web_app(core)) as base, httpx.AsyncClient(base_url=base) as client:
        # The browser says German; the person writes Persian.
        switch, notice = await _post(client, "webchat-session-fa-0001", text="سلام، خوبی؟",
                                     locale="de")  # fmt: skip
        assert [o["id"] for o in notice["options"]] == ["consent:accept:fa", "consent:decline:fa"]
        assert notice["dir"] == "rtl" and notice["lang"] == "fa"
        assert "lang:de" in [o["id"] for o in switch["options"]]

        for number, (locale, word) in enumerate(listed_words(core.catalogs)):
            session = f"webchat-session-stop-{number:04d}"
            await _post(client, session, text="/start", locale="en")
            await _post(client, session, option="consent:accept:en")
            await _post(client, session, option="role:newcomer")  # the city question is open
            [answer] = await _post(client, session, text=word, locale="en")
            assert answer["text"] == core.catalogs.get("en").text(STOPPED), (locale, word)
            async with core.uow_factory() as uow:
                member = await uow.members.by_address(ChannelAddress(Channel.WEBCHAT, session))
            assert member is not None and not member.proactive_allowed, (locale, word)
