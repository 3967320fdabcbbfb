"""Bad input gets a clear answer in the member's language, and nothing is lost."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.app import Core
from bot.channels.memory import MemoryMember
from bot.core.common.messages import InboundKind
from tests.conversation_runner import letters_outside

MemberFactory = Callable[..., MemoryMember]


async def onboard(member: MemoryMember, locale: str = "en") -> None:
    await member.say("/start")
    await member.press(f"consent:accept:{locale}")
    await member.press("role:newcomer")


async def test_a_10000_character_message_gets_a_short_answer(
    member_factory: MemberFactory, core: Core
) -> None:
    member = member_factory("ar")
    await onboard(member, "ar")
    replies = await member.say("فيينا " * 2000)
    assert replies
    assert all(len(r.text) < 1000 for r in replies)
    # Ten thousand characters of noise find nothing, and the quote back is short.
    replies = await member.say("ب" * 10_000)
    assert len(replies[0].text) < 400
    assert not letters_outside("arabic", replies[0].text)


async def test_html_and_bidi_overrides_in_a_name_are_neutralised(
    member_factory: MemberFactory, core: Core
) -> None:
    member = member_factory("en", name="\u202e<b>x</b> & <script>\u202c")
    await member.say("/start")
    [greeting] = await member.press("consent:accept:en")  # with the role question
    assert "\u2068<b>x</b> & <script>\u2069" in greeting.text
    assert "\u202e" not in greeting.text
    async with core.uow_factory() as uow:
        stored = await uow.members.by_address(member.address)
    assert stored is not None and stored.display_name == "<b>x</b> & <script>"


@pytest.mark.parametrize("text", ["😀😀😀", "   ", "?!", "/unknowncommand"])
async def test_unknown_input_gets_help_with_the_menu(
    member_factory: MemberFactory, core: Core, text: str
) -> None:
    member = member_factory("de")
    await onboard(member, "de")
    await member.press("join:1")
    replies = await member.say(text)
    # Never silence: a short answer and the way on (the menu, or two guesses and the menu).
    ids = [o.id for o in replies[-1].options]
    assert "menu:communities" in ids or ids[-1] == "menu:help"
    assert all(len(r.text) < 300 for r in replies)


async def test_media_where_text_was_expected_reprompts_the_step(
    member_factory: MemberFactory, core: Core
) -> None:
    member = member_factory("nl")
    await onboard(member, "nl")
    replies = await member.send_unsupported()
    nl = core.catalogs.get("nl")
    assert replies[0].text == nl.text("I can only read text messages and buttons.")
    assert [o.id for o in replies[-1].options] == ["community:all"]


@pytest.mark.parametrize(
    "payload", ["x" * 65, "bad%payload", "no-such-community", "<script>", "vienna!"]
)
async def test_a_bad_start_payload_still_lets_the_person_join(
    member_factory: MemberFactory, core: Core, payload: str
) -> None:
    member = member_factory("en")
    [_, notice] = await member.say(f"/start {payload}")
    accept = next(o.id for o in notice.options if o.id.startswith("consent:accept:en"))
    replies = await member.press(accept)
    en = core.catalogs.get("en")
    assert replies[0].text == en.text("This link is not valid. You can still find your community.")
    assert [o.id for o in replies[-1].options] == ["role:newcomer", "role:supporter"]


async def test_a_link_to_a_deleted_community_says_so(
    member_factory: MemberFactory, core: Core
) -> None:
    from sqlalchemy import update

    from bot.storage.communities.tables import CommunityRow

    async with core.engine.begin() as connection:
        await connection.execute(
            update(CommunityRow)
            .where(CommunityRow.slug == "graz")
            .values(deleted_at=core.clock.now())
        )
    member = member_factory("en")
    [_, notice] = await member.say("/start graz")
    accept = next(o.id for o in notice.options if o.id.startswith("consent:accept:en"))
    replies = await member.press(accept)
    assert replies[0].text == core.catalogs.get("en").text(
        "The community of this link does not exist any more."
    )


async def test_the_same_event_twice_is_handled_once(
    member_factory: MemberFactory, core: Core
) -> None:
    member = member_factory("en")
    await onboard(member)
    inbound = member.inbound(InboundKind.OPTION, option_id="join:3")
    first = await core.service.handle(inbound)
    second = await core.service.handle(inbound)
    assert first.replies and not first.duplicate
    assert second.duplicate and second.replies == []


async def test_forget_in_the_middle_of_onboarding(
    member_factory: MemberFactory, core: Core
) -> None:
    member = member_factory("fa")
    [before] = await member.say("/forget")
    fa = core.catalogs.get("fa")
    assert before.text == fa.text("I have not stored anything about you.")
    await member.say("/start")
    await member.press("consent:accept:fa")
    [question] = await member.say("/forget")
    assert [o.id for o in question.options] == ["forget:yes", "forget:no"]
    [done] = await member.press("forget:yes")
    assert done.locale == "fa"
    erased = fa.text(
        "Done. Everything I stored about you has been deleted. "
        "If you write to me again, we start from the beginning."
    )
    assert done.text == erased
    async with core.uow_factory() as uow:
        assert await uow.members.by_address(member.address) is None
    # A later /start starts fresh, with the privacy notice.
    [_, again] = await member.say("/start")
    assert again.options[0].id == "consent:accept:fa"


async def test_declining_the_privacy_notice_stores_nothing(
    member_factory: MemberFactory, core: Core
) -> None:
    member = member_factory("uk")
    await member.say("/start")
    [reply] = await member.press("consent:decline:uk")
    assert "/start" in reply.text
    async with core.uow_factory() as uow:
        assert await uow.members.by_address(member.address) is None
        assert await uow.communities.count() == 6


async def test_nothing_is_stored_before_consent(member_factory: MemberFactory, core: Core) -> None:
    member = member_factory("ar", name="Layla")
    await member.say("/start vienna")
    await member.say("hello")
    await member.press("lang:de")
    await member.share_location(48.2, 16.37)
    async with core.uow_factory() as uow:
        assert await uow.members.by_address(member.address) is None
    # Only the anonymous parked payload exists, and it expires.
    from sqlalchemy import func, select

    from bot.storage.members.tables import MemberRow, StartLinkRow

    async with core.engine.connect() as connection:
        assert await connection.scalar(select(func.count()).select_from(MemberRow)) == 0
        payloads = (await connection.execute(select(StartLinkRow.payload))).scalars().all()
        assert payloads == ["vienna"]


async def test_stop_and_start_again(member_factory: MemberFactory, core: Core) -> None:
    member = member_factory("en")
    await onboard(member)
    await member.say("/stop")
    async with core.uow_factory() as uow:
        stored = await uow.members.by_address(member.address)
        assert stored is not None and not stored.proactive_allowed
    replies = await member.say("/start")
    assert replies[0].text == core.catalogs.get("en").text(
        "Welcome back! Messages from your communities are on again."
    )
    async with core.uow_factory() as uow:
        stored = await uow.members.by_address(member.address)
        assert stored is not None and stored.proactive_allowed


async def test_language_change_in_the_middle_of_onboarding_keeps_the_step(
    member_factory: MemberFactory, core: Core
) -> None:
    member = member_factory("en")
    await onboard(member)
    await member.say("/language")
    replies = await member.press("lang:ar")
    assert replies[0].locale == "ar"
    assert [o.id for o in replies[-1].options] == ["community:all"]


async def test_cancel_clears_the_open_step(member_factory: MemberFactory, core: Core) -> None:
    member = member_factory("en")
    await onboard(member)
    en = core.catalogs.get("en")
    replies = await member.say("/cancel")
    # The confirmation and the menu in one message.
    assert [r.text for r in replies] == [
        en.text("OK, cancelled.") + "\n\n" + en.text("What would you like to do?")
    ]
    # Text is no longer taken as a city search.
    replies = await member.say("xyzzy")
    assert not any("could not find a community" in r.text for r in replies)


async def test_a_dialog_crash_gets_an_apology_not_a_stack_trace(
    member_factory: MemberFactory, core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dialogs.service

    async def broken(_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(dialogs.service, "route", broken)
    member = member_factory("ar")
    [reply] = await member.say("/start")
    assert reply.text == core.catalogs.get("ar").text(
        "Sorry, something went wrong on my side. Please try again."
    )
    assert "boom" not in reply.text
