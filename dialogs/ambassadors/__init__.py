"""Ambassadors: the tools menu (its entries come from the features), the members list where
an ambassador appoints a co-ambassador or steps one down (/members), the audit log (/audit),
and the notice a new co-ambassador gets."""

from __future__ import annotations

from bot.core.communities.domain import Community
from dialogs.ambassadors import audit_log, members, tools
from dialogs.ambassadors.notices import NOTICES
from dialogs.common.routing import CommandHelp, Feature, MenuItem, Tool
from dialogs.common.turn import Turn


async def _members(turn: Turn, community: Community) -> None:
    await members.show_page(turn, community, 0, first=True)


FEATURE = Feature(
    name="ambassadors",
    commands={
        "/members": members.command,
        "/linkgroup": tools.link_group,
        "/audit": audit_log.command,
    },
    help={
        "/members": CommandHelp(
            lambda tr: tr.text("List your community's members"), ambassadors_only=True
        ),
        "/linkgroup": CommandHelp(
            lambda tr: tr.text("Link your community's Telegram group"), ambassadors_only=True
        ),
        "/audit": CommandHelp(
            lambda tr: tr.text("What the ambassadors of your community did"),
            ambassadors_only=True,
        ),
    },
    options={"amb": tools.on_option, "mb": members.on_option, "au": audit_log.on_option},
    menu=(
        MenuItem(
            "ambassador", lambda tr: tr.text("Ambassador tools"), tools.show, ambassadors_only=True
        ),
    ),
    tools=(
        Tool("members", lambda tr: tr.text("Members"), _members),
        Tool("audit", lambda tr: tr.text("Who did what"), audit_log.tool),
    ),
    notices=NOTICES,
)
