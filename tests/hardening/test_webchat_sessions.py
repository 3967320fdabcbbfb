"""Web chat sessions the server issues (issue 16, point 3), and its gate for malformed input
(point 4): a signed HttpOnly SameSite=Strict cookie per browser, a signed tab id per tab,
our own origin and JSON only for POSTs, message ids scoped to the member, and no row for a
probe that never consents."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import func, select

from bot.app import Core
from bot.storage.members.tables import MemberRow, ProcessedEventRow
from bot.web.app import build_web_app

BASE = "http://testserver"
ORIGIN = {"Origin": BASE}
MESSAGES = "/api/webchat/messages"


@pytest.fixture
async def browser(core: Core) -> AsyncIterator[httpx.AsyncClient]:
    async with new_browser(core) as client:
        yield client


def new_browser(core: Core) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=build_web_app(core))
    return httpx.AsyncClient(transport=transport, base_url=BASE)


async def new_tab(client: httpx.AsyncClient) -> str:
    answer = await client.post("/api/webchat/session", json={}, headers=ORIGIN)
    assert answer.status_code == 200
    tab = answer.json()["tab"]
    assert isinstance(tab, str)
    return tab


async def say(client: httpx.AsyncClient, tab: str, **content: object) -> httpx.Response:
    return await client.post(MESSAGES, json={"tab": tab, **content}, headers=ORIGIN)


async def onboard(client: httpx.AsyncClient, tab: str) -> None:
    await say(client, tab, text="/start", locale="en")
    await say(client, tab, option="consent:accept:en")


async def counts(core: Core) -> tuple[int, int]:
    async with core.engine.connect() as connection:
        members = await connection.scalar(select(func.count()).select_from(MemberRow))
        events = await connection.scalar(select(func.count()).select_from(ProcessedEventRow))
    return int(members or 0), int(events or 0)


async def test_the_cookie_is_signed_http_only_and_strict(core: Core) -> None:
    async with new_browser(core) as client:
        answer = await client.post("/api/webchat/session", json={}, headers=ORIGIN)
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith("josoor_session=")
    for attribute in ("HttpOnly", "SameSite=strict", "Path=/"):
        assert attribute.lower() in cookie.lower()
    assert answer.headers["cache-control"] == "no-store"


async def test_another_browser_cannot_use_a_tab_id(core: Core) -> None:
    async with new_browser(core) as alice, new_browser(core) as mallory:
        tab = await new_tab(alice)
        await onboard(alice, tab)
        mine = await say(alice, tab, text="/mydata")
        assert any("attachment" in m for m in mine.json()["messages"])
        await new_tab(mallory)  # Mallory has a cookie of her own
        stolen = await say(mallory, tab, text="/mydata")
        assert stolen.status_code == 403
        assert (await mallory.get("/api/webchat/inbox", params={"tab": tab})).status_code == 403
        mallory.cookies.clear()
        assert (await say(mallory, tab, text="/mydata")).status_code == 403


@pytest.mark.parametrize(
    "tab", ["0000000000000000", "0000000000000000." + "0" * 32, "", 12, None, "x" * 5000]
)
async def test_values_the_server_did_not_issue_are_refused(
    browser: httpx.AsyncClient, core: Core, tab: object
) -> None:
    await new_tab(browser)
    answer = await browser.post(MESSAGES, json={"tab": tab, "text": "/start"}, headers=ORIGIN)
    assert answer.status_code == 403
    assert await counts(core) == (0, 0)


async def test_each_tab_is_its_own_member(browser: httpx.AsyncClient, core: Core) -> None:
    first, second = await new_tab(browser), await new_tab(browser)
    assert first != second
    await onboard(browser, first)
    answer = await say(browser, second, text="/start", locale="de")
    assert answer.json()["messages"][-1]["options"][0]["id"] == "consent:accept:de"
    assert (await counts(core))[0] == 1


async def test_message_ids_are_scoped_to_the_member(core: Core) -> None:
    async with new_browser(core) as alice, new_browser(core) as bob:
        a, b = await new_tab(alice), await new_tab(bob)
        await onboard(alice, a)
        await onboard(bob, b)
        first = await say(alice, a, text="/help", id="message-0001")
        again = await say(alice, a, text="/help", id="message-0001")
        other = await say(bob, b, text="/help", id="message-0001")
    assert first.json()["duplicate"] is False and first.json()["messages"]
    assert again.json()["duplicate"] is True  # a retry of the same tab is answered once
    assert other.json()["duplicate"] is False and other.json()["messages"]


async def test_probes_without_consent_leave_nothing(
    browser: httpx.AsyncClient, core: Core
) -> None:
    tab = await new_tab(browser)
    for number in range(5):
        await say(browser, tab, text=f"/start probe {number}", id=f"probe-{number:04d}")
        await say(browser, tab, option="lang:menu", id=f"probe-menu-{number:04d}")
    assert await counts(core) == (0, 0)
    answer = await say(browser, tab, option="consent:accept:en", id="accepting-1")
    assert answer.status_code == 200
    assert await counts(core) == (1, 1)  # from consent on, the member's events are recorded


@pytest.mark.parametrize(
    ("headers", "body", "status"),
    [
        ({"Origin": "https://evil.example", "Content-Type": "text/plain"}, b"{}", 403),
        ({"Origin": "https://evil.example", "Content-Type": "application/json"}, b"{}", 403),
        ({"Origin": "null", "Content-Type": "application/json"}, b"{}", 403),
        ({"Sec-Fetch-Site": "cross-site", "Content-Type": "application/json"}, b"{}", 403),
        ({**ORIGIN, "Content-Type": "text/plain"}, b"{}", 415),
        ({**ORIGIN, "Content-Type": "application/x-www-form-urlencoded"}, b"a=b", 415),
        ({**ORIGIN, "Content-Type": "application/json"}, b"[" * 20_000, 400),
        ({**ORIGIN, "Content-Type": "application/json"}, b'{"text": ' + b"9" * 5000 + b"}", 400),
        ({**ORIGIN, "Content-Type": "application/json"}, b'{"text": NaN}', 400),
        ({**ORIGIN, "Content-Type": "application/json"}, b"\xff\xfe{}", 400),
        ({**ORIGIN, "Content-Type": "application/json"}, b"[]", 400),
        ({**ORIGIN, "Content-Type": "application/json"}, b"{" + b" " * 70_000 + b"}", 413),
    ],
)
async def test_the_gate_of_every_post(
    browser: httpx.AsyncClient, core: Core, headers: dict[str, str], body: bytes, status: int
) -> None:
    await new_tab(browser)
    for url in (MESSAGES, "/api/webchat/session"):
        answer = await browser.post(url, content=body, headers=headers)
        assert answer.status_code == status, url
    assert await counts(core) == (0, 0)


async def test_a_lone_surrogate_typed_as_a_city_is_answered(
    browser: httpx.AsyncClient, core: Core
) -> None:
    tab = await new_tab(browser)
    await onboard(browser, tab)
    await say(browser, tab, option="role:newcomer")
    body = b'{"tab": "%s", "text": "Wien\\ud800"}' % tab.encode()
    headers = {**ORIGIN, "Content-Type": "application/json"}
    answer = await browser.post(MESSAGES, content=body, headers=headers)
    assert answer.status_code == 200
    assert answer.json()["messages"]


async def test_bad_messages_from_a_valid_tab_are_422(
    browser: httpx.AsyncClient, core: Core
) -> None:
    tab = await new_tab(browser)
    for content in (
        {},
        {"text": "x" * 16_001},
        {"id": "no"},
        {"location": {"latitude": "x"}},
        {"location": {"latitude": "nan", "longitude": 16.4}},
        {"location": {"latitude": 48.2, "longitude": "inf"}},
        {"location": {"latitude": 91, "longitude": 0}},
    ):
        assert (await say(browser, tab, **content)).status_code == 422
