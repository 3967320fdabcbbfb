"""The web chat over real HTTP: the first answer in the language typed, and the opt-out words
of every language with a question open."""

from __future__ import annotations

from typing import Any

import httpx

from bot.app import Core
from bot.web.app import build_web_app
from tests.test_opt_out import STOPPED, listed_words
from tests.whatsapp.harness import serve

MESSAGES = "/api/webchat/messages"


class Browser:
    """One browser on the chat page: a session cookie, tabs the server issues, our origin."""

    def __init__(self, client: httpx.AsyncClient, base: str) -> None:
        self._client = client
        self._origin = {"Origin": base}

    async def tab(self) -> str:
        answer = await self._client.post("/api/webchat/session", json={}, headers=self._origin)
        assert answer.status_code == 200, answer.text
        return str(answer.json()["tab"])

    async def post(self, tab: str, **body: Any) -> list[dict[str, Any]]:
        answer = await self._client.post(MESSAGES, json={"tab": tab, **body}, headers=self._origin)
        assert answer.status_code == 200, answer.text
        messages: list[dict[str, Any]] = answer.json()["messages"]
        return messages


async def test_first_contact_and_opt_out_words_in_the_web_chat(core: Core) -> None:
    async with serve(build_web_app(core)) as base, httpx.AsyncClient(base_url=base) as client:
        browser = Browser(client, base)
        # The browser says German; the person writes Persian.
        switch, notice = await browser.post(await browser.tab(), text="سلام، خوبی؟", locale="de")
        assert [o["id"] for o in notice["options"]] == ["consent:accept:fa", "consent:decline:fa"]
        assert notice["dir"] == "rtl" and notice["lang"] == "fa"
        assert "lang:de" in [o["id"] for o in switch["options"]]

        off = core.catalogs.get("en").text("Reminders and news from me: off")
        for locale, word in listed_words(core.catalogs):
            tab = await browser.tab()
            await browser.post(tab, text="/start", locale="en")
            await browser.post(tab, option="consent:accept:en")
            await browser.post(tab, option="role:newcomer")  # the city question is open
            [answer] = await browser.post(tab, text=word, locale="en")
            assert answer["text"] == core.catalogs.get("en").text(STOPPED), (locale, word)
            [mydata, *_] = await browser.post(tab, text="/mydata", locale="en")
            assert off in mydata["text"], (locale, word)
