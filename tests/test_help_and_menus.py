"""Help shows everything a person can do, by role, in every language; the command menus the
platforms show list the same commands (Telegram's are checked over HTTP in tests/telegram and
tests/ambassadors)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from bot.app import Core
from bot.channels.memory import MemoryMember
from bot.core.communities.domain import CommunityRole
from bot.i18n.catalogs import Catalogs
from bot.i18n.locales import SUPPORTED_LOCALES
from dialogs.common.commands import command_menu
from dialogs.common.routing import CommandHelp, Feature, Routes
from dialogs.features import ROUTES

MemberFactory = Callable[..., MemoryMember]
MEMBERS = {
    "menu", "meetups", "reminders", "checkin", "projects", "interests", "communities", "group",
    "welcome", "language", "mydata", "forget", "stop", "start", "cancel", "help",
}  # fmt: skip
AMBASSADORS = {"newmeetup", "broadcast", "invite", "stats", "members", "match", "linkgroup"}


def test_every_command_is_described() -> None:
    assert {c.removeprefix("/") for c in ROUTES.commands} == MEMBERS | AMBASSADORS
    assert set(ROUTES.help) == set(ROUTES.commands)


def test_a_command_without_help_fails_at_import() -> None:
    async def handler(_: object) -> None:
        return None

    with pytest.raises(RuntimeError, match="/secret"):
        Routes.of([Feature(name="x", commands={"/secret": handler})])
    with pytest.raises(RuntimeError, match="/ghost"):
        Routes.of([Feature(name="y", help={"/ghost": CommandHelp(lambda tr: "x")})])


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_command_menus_per_language_and_role(locale: str) -> None:
    tr = Catalogs().get(locale)
    members = command_menu(tr, ROUTES)
    everyone = command_menu(tr, ROUTES, ambassador=True)
    assert {name for name, _ in members} == MEMBERS
    assert {name for name, _ in everyone} == MEMBERS | AMBASSADORS
    assert members[0][0] == "menu" and members[-1][0] == "help"
    english = dict(command_menu(Catalogs().get("en"), ROUTES, ambassador=True))
    for name, description in everyone:
        assert re.fullmatch("[a-z0-9_]{1,32}", name)
        assert 3 <= len(description) <= 256, (locale, name)  # Telegram's limits
        assert locale == "en" or description != english[name], (locale, name)


async def _member(
    core: Core, factory: MemberFactory, locale: str, ambassador: bool
) -> MemoryMember:
    member = factory(locale)
    await member.say("/start vienna")
    await member.press(next(o for o in member.last_options if "accept" in o))
    if ambassador:
        async with core.uow_factory() as uow:
            found = await uow.members.by_address(member.address)
            vienna = await uow.communities.by_slug("vienna")
            assert found is not None and vienna is not None
            await uow.memberships.set_role(found.id, vienna.id, CommunityRole.AMBASSADOR)
            await uow.commit()
    return member


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
async def test_help_lists_every_command_of_the_role(
    core: Core, member_factory: MemberFactory, locale: str
) -> None:
    tr = core.catalogs.get(locale)
    for ambassador in (False, True):
        member = await _member(core, member_factory, locale, ambassador)
        [help_] = await member.say("/help")
        listed = set(re.findall(r"/([a-z]+) – ", help_.text))
        assert listed == (MEMBERS | AMBASSADORS if ambassador else MEMBERS), (locale, ambassador)
        for name, description in command_menu(tr, ROUTES, ambassador=ambassador):
            assert f"/{name} – {description}" in help_.text.replace("\u200e", "").replace(
                "\u200f", ""
            )
        if tr.rtl:  # every line starts right-to-left, and the command reads /menu, not menu/
            for line in help_.text.splitlines():
                if "/" in line and " – " in line:
                    assert line.startswith("\u200f\u200e/"), line


async def test_linkgroup_in_the_private_chat_says_where_it_belongs(
    core: Core, member_factory: MemberFactory
) -> None:
    ambassador = await _member(core, member_factory, "nl", ambassador=True)
    [answer] = await ambassador.say("/linkgroup")
    nl = core.catalogs.get("nl")
    assert answer.text == nl.text(
        "Add me to your community's Telegram group as an admin who may add members, then "
        "send /linkgroup in the group itself."
    )
    member = await _member(core, member_factory, "nl", ambassador=False)
    [refusal] = await member.say("/linkgroup")  # with the menu, in one message
    assert refusal.text.startswith(nl.text("Only ambassadors of a community can do this."))
    assert refusal.options
