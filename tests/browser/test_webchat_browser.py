"""The web chat page in real headless Chromium against the real app (in-process uvicorn).

Assertions use option ids, dir/lang attributes and community names, not translated sentences,
so they hold while the catalogs are still being translated.

Over 300 lines on purpose: the scenarios share one Chromium, one server and their helpers.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import uvicorn
from playwright.async_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    async_playwright,
    expect,
)

from bot.app import build_core
from bot.config import Settings, StorageSettings
from bot.web.app import build_web_app

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SESSION_KEY = "josoor.webchat.session"
TIMEOUT_MS = 10_000

BOT = ".msg.bot .bubble.bot"
MINE = ".msg.me .bubble.me"


def option(option_id: str) -> str:
    return f'button.option[data-option-id="{option_id}"]'


@dataclass
class Web:
    base_url: str
    browser: Browser
    problems: list[str] = field(default_factory=list)

    async def new_context(self, locale: str) -> BrowserContext:
        context = await self.browser.new_context(
            locale=locale, viewport={"width": 420, "height": 860}
        )
        context.set_default_timeout(TIMEOUT_MS)
        return context

    async def open(self, context: BrowserContext) -> Page:
        """A new tab on the chat; console errors (CSP violations too) and page errors noted."""
        page = await context.new_page()

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                self.problems.append(f"console: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("dialog", lambda dialog: self.problems.append(f"dialog: {dialog.message}"))
        await page.goto(self.base_url + "/")
        return page


@pytest.fixture
async def web(tmp_path: Path) -> AsyncIterator[Web]:
    if not os.path.exists(CHROMIUM):  # noqa: ASYNC240 - one stat, before any I/O loop
        reason = f"{CHROMIUM} is missing; install Debian's chromium package to run browser tests"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    app_core = await build_core(Settings(storage=StorageSettings(data_dir=tmp_path)))
    server = uvicorn.Server(
        uvicorn.Config(
            build_web_app(app_core), host="127.0.0.1", port=0, log_level="warning", lifespan="off"
        )
    )
    serving = asyncio.create_task(server.serve())
    try:
        for _ in range(500):
            if server.started or serving.done():
                break
            await asyncio.sleep(0.01)
        assert server.started, "uvicorn did not start"
        port = server.servers[0].sockets[0].getsockname()[1]
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            try:
                web = Web(f"http://127.0.0.1:{port}", browser)
                yield web
                assert web.problems == [], web.problems
            finally:
                await browser.close()
    finally:
        server.should_exit = True
        await serving
        await app_core.close()


async def tab_to(page: Page, selector: str, limit: int = 40) -> None:
    """Press Tab until the focused element matches `selector` (no presses if it already does)."""
    for _ in range(limit):
        if await page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return
        await page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


async def session_of(page: Page) -> str:
    return await page.evaluate("(key) => sessionStorage.getItem(key)", SESSION_KEY)


async def to_search_step(page: Page, locale: str) -> None:
    """Accept the privacy notice and say 'newcomer' with the mouse; ends at the city question."""
    await page.locator(option(f"consent:accept:{locale}")).click()
    await page.locator(option("role:newcomer")).click()
    await expect(page.locator(option("community:all"))).to_be_enabled()


async def test_arabic_right_to_left_with_keyboard_only(web: Web) -> None:
    context = await web.new_context("ar-SY")
    page = await web.open(context)

    accept = page.locator(option("consent:accept:ar"))
    await expect(accept).to_be_visible()
    await expect(page.locator(BOT).last).to_have_attribute("dir", "rtl")
    await expect(page.locator(BOT).last).to_have_attribute("lang", "ar")
    await expect(page.locator("html")).to_have_attribute("dir", "rtl")
    await expect(page.locator("html")).to_have_attribute("lang", "ar")
    # The page chrome comes from the server in the member's language.
    chrome = await (await page.request.get(web.base_url + "/api/webchat/ui?locale=ar")).json()
    await expect(page.locator("#send")).to_have_text(chrome["texts"]["send"])
    await expect(page.locator("#input")).to_have_attribute(
        "placeholder", chrome["texts"]["placeholder"]
    )

    # Focus moves to the first answer by itself; Tab/Enter is all a member needs.
    await expect(accept).to_be_focused()
    await tab_to(page, option("consent:accept:ar"))
    await page.keyboard.press("Enter")

    newcomer = page.locator(option("role:newcomer"))
    await expect(newcomer).to_be_focused()
    await expect(accept).to_be_disabled()  # answers of older messages are switched off
    await page.keyboard.press("Enter")

    await expect(page.locator(option("community:all"))).to_be_focused()
    await tab_to(page, "#input")
    await page.keyboard.type("فيينا")
    await page.keyboard.press("Enter")

    join = page.locator('button.option[data-option-id^="join:"]')
    await expect(join).to_have_count(1)
    await expect(join).to_be_focused()
    await expect(page.locator("#input")).to_have_value("")
    await tab_to(page, 'button.option[data-option-id^="join:"]')
    await page.keyboard.press("Enter")

    menu = page.locator(option("menu:meetups"))
    await expect(menu).to_be_visible()
    await expect(menu).to_be_enabled()
    await expect(menu).to_be_focused()
    await expect(page.locator(BOT).filter(has_text="فيينا").first).to_be_visible()
    await expect(page.locator(MINE).filter(has_text=re.compile("^فيينا$"))).to_have_count(1)
    await expect(page.locator("html")).to_have_attribute("dir", "rtl")
    for bubble in await page.locator(BOT).all():
        await expect(bubble).to_have_attribute("dir", "rtl")

    # Mirrored layout: in RTL the bot speaks from the right, the member from the left.
    bot_box = await page.locator(BOT).last.bounding_box()
    mine_box = await page.locator(MINE).last.bounding_box()
    assert bot_box is not None
    assert mine_box is not None
    assert bot_box["x"] + bot_box["width"] > mine_box["x"] + mine_box["width"] + 20
    assert mine_box["x"] < bot_box["x"]
    await expect(page.locator("#status")).to_have_text("")

    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / "webchat-ar.png"))
    await context.close()


async def test_each_tab_is_its_own_member(web: Web) -> None:
    context = await web.new_context("de-DE")
    first = await web.open(context)
    second = await web.open(context)
    for page in (first, second):
        await expect(page.locator(option("consent:accept:de"))).to_be_enabled()
        await expect(page.locator("html")).to_have_attribute("lang", "de")
        await expect(page.locator("html")).to_have_attribute("dir", "ltr")
    one, two = await session_of(first), await session_of(second)
    assert one
    assert two
    assert one != two
    assert 16 <= len(one) <= 64

    await to_search_step(first, "de")
    # The second tab has not moved: still only the language switch and the privacy notice.
    await expect(second.locator(BOT)).to_have_count(2)
    await expect(second.locator(MINE)).to_have_count(0)
    await expect(second.locator(option("consent:accept:de"))).to_be_enabled()

    # The second tab is a new member of its own: it gets the role question after accepting.
    await second.locator(option("consent:accept:de")).click()
    await expect(second.locator(option("role:newcomer"))).to_be_enabled()
    await expect(first.locator(option("role:newcomer"))).to_be_disabled()
    await expect(first.locator(option("community:all"))).to_be_enabled()

    # Reloading a tab keeps its member and its conversation; no second /start.
    bubbles = await first.locator(".msg").count()
    await first.reload()
    await expect(first.locator(option("community:all"))).to_be_enabled()
    assert await session_of(first) == one
    await first.wait_for_timeout(300)
    assert await first.locator(".msg").count() == bubbles
    await context.close()


async def test_changing_language_mirrors_the_page_and_its_chrome(web: Web) -> None:
    context = await web.new_context("en-GB")
    page = await web.open(context)
    await expect(page.locator("html")).to_have_attribute("dir", "ltr")
    # The first screen switches language in one tap, each language named in its own script.
    languages = page.locator(".msg.bot .options.compact").first
    await expect(languages.locator(option("lang:fa"))).to_have_text("فارسی")
    await languages.locator(option("lang:fa")).click()

    await expect(page.locator(option("consent:accept:fa"))).to_be_focused()
    await expect(page.locator("html")).to_have_attribute("dir", "rtl")
    await expect(page.locator("html")).to_have_attribute("lang", "fa")
    await expect(page.locator(BOT).last).to_have_attribute("dir", "rtl")
    await expect(page.locator(BOT).first).to_have_attribute("dir", "ltr")  # older, English
    chrome = await (await page.request.get(web.base_url + "/api/webchat/ui?locale=fa")).json()
    await expect(page.locator("#send")).to_have_text(chrome["texts"]["send"])
    await expect(page.locator("#title")).to_have_text(chrome["texts"]["title"])
    await expect(page).to_have_title(chrome["texts"]["title"])
    await context.close()


async def test_user_text_stays_text_and_long_messages_work(web: Web) -> None:
    context = await web.new_context("en-GB")
    page = await web.open(context)
    await to_search_step(page, "en")

    html_like = "<b>x</b> & <script>alert(1)</script>"
    before = await page.locator(BOT).count()
    await page.locator("#input").fill(html_like)
    await page.keyboard.press("Enter")
    await expect(page.locator(BOT)).to_have_count(before + 1)
    await expect(page.locator(MINE).last).to_have_text(html_like)
    await expect(page.locator(BOT).last).to_contain_text("<b>x</b>")
    assert await page.locator(".bubble b").count() == 0
    assert await page.locator("#log script").count() == 0

    long_text = ("Wir suchen eine Gemeinschaft in der Nähe, bitte helft uns. " * 200)[:10_000]
    assert len(long_text) == 10_000
    before = await page.locator(BOT).count()
    await page.locator("#input").fill(long_text)
    await page.locator("#input").press("Enter")
    await expect(page.locator(BOT)).to_have_count(before + 1)
    await expect(page.locator("#status")).to_have_text("")
    await expect(page.locator("#input")).to_have_value("")
    assert len(await page.locator(MINE).last.text_content() or "") == 10_000
    await context.close()


async def test_offline_keeps_the_text_and_retries_with_the_same_id(web: Web) -> None:
    context = await web.new_context("en-GB")
    page = await web.open(context)
    await to_search_step(page, "en")

    sent: list[dict[str, object]] = []

    def on_request(request: Request) -> None:
        if request.url.endswith("/api/webchat/messages"):
            sent.append(request.post_data_json)

    page.on("request", on_request)
    await page.route("**/api/webchat/messages", lambda route: route.abort("internetdisconnected"))
    before = await page.locator(BOT).count()
    await page.locator("#input").fill("Wien")
    await page.keyboard.press("Enter")
    offline = (await (await page.request.get(web.base_url + "/api/webchat/ui?locale=en")).json())[
        "texts"
    ]["offline"]
    await expect(page.locator("#status")).to_have_text(offline)
    await expect(page.locator("#input")).to_have_value("Wien")
    await expect(page.locator(MINE).filter(has_text="Wien")).to_have_count(0)

    await page.unroute("**/api/webchat/messages")
    await page.keyboard.press("Enter")
    await expect(page.locator(BOT)).to_have_count(before + 1)
    await expect(page.locator('button.option[data-option-id^="join:"]')).to_have_count(1)
    await expect(page.locator("#status")).to_have_text("")
    await expect(page.locator(MINE).filter(has_text="Wien")).to_have_count(1)
    assert len(sent) == 2
    assert sent[0]["id"] == sent[1]["id"]
    assert sent[0]["text"] == sent[1]["text"] == "Wien"
    # The aborted request logs a network error in the console; that one is expected here.
    web.problems[:] = [p for p in web.problems if "ERR_INTERNET_DISCONNECTED" not in p]
    await context.close()


async def test_a_web_chat_link_with_start_opens_its_community_in_arabic(web: Web) -> None:
    """`/?start=<payload>` (an invite or a community's link on the web chat) goes with the
    first /start, is asked about in one tap after consent, and leaves the address bar."""
    context = await web.new_context("ar-SY")
    page = await context.new_page()
    page.on("pageerror", lambda error: web.problems.append(f"page error: {error}"))
    await page.goto(web.base_url + "/?start=vienna")
    await expect(page.locator(MINE)).to_have_count(0)  # the /start itself is not shown
    accept = page.locator('button.option[data-option-id^="consent:accept:ar"]')
    await expect(accept).to_be_enabled()
    assert "start=" not in page.url
    await accept.click()
    await expect(page.locator(option("role:supporter"))).to_be_enabled()
    await expect(page.locator(BOT).filter(has_text="فيينا").first).to_be_visible()
    await page.locator(option("role:supporter")).click()
    await expect(page.locator(option("menu:communities")).last).to_be_enabled()
    await page.reload()  # no second /start with the link
    await page.wait_for_timeout(300)
    await expect(page.locator(option("role:supporter"))).to_have_count(1)
    await context.close()
