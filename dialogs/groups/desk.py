"""The bot in a community's group chat, for channel adapters: /linkgroup, join requests,
greetings, the groups' invite links, and the ambassadors' command menus.

The bot does not chatter in groups: it answers /linkgroup (briefly), welcomes newcomers once,
and ignores every other message there. One unit of work per event, like conversations.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from bot.core.ambassadors.domain import CommunityGroup
from bot.core.ambassadors.groups import (
    GroupCommand,
    GroupProblem,
    JoinRequest,
    LinkGroup,
    MembersJoined,
    decide_join_request,
    to_greet,
)
from bot.core.ambassadors.invites import invite_link
from bot.core.common.clock import Clock
from bot.core.common.domain import Channel, ChannelAddress
from bot.core.common.messages import Reply
from bot.core.ports import UnitOfWorkFactory
from bot.i18n.catalogs import Catalogs, Translator, best_locale
from bot.i18n.locales import DEFAULT_LOCALE
from bot.i18n.text import clean_user_text, isolate
from dialogs.common.commands import command_menu, command_of
from dialogs.common.routing import Routes

log = logging.getLogger(__name__)


@dataclass
class GroupAnswer:
    """What to do: say something in the group, write to people privately, decide a request."""

    in_group: list[Reply] = field(default_factory=list)
    private: list[tuple[ChannelAddress, list[Reply]]] = field(default_factory=list)
    #: For a join request: approve (True), decline (False), or leave it to the admins (None).
    approve: bool | None = None


class GroupDesk:
    def __init__(
        self, uow_factory: UnitOfWorkFactory, catalogs: Catalogs, clock: Clock, routes: Routes
    ) -> None:
        self._uow_factory = uow_factory
        self._catalogs = catalogs
        self._clock = clock
        #: Every feature's entries: the ambassadors' command menus list their commands.
        self._routes = routes

    def _tr(self, locale: str | None) -> Translator:
        return self._catalogs.get(best_locale(locale) or DEFAULT_LOCALE)

    async def command(self, event: GroupCommand) -> GroupAnswer:
        command = command_of(event.text)
        if command != "/linkgroup" or event.forwarded:
            return GroupAnswer()  # no chatter: other commands in groups are ignored
        _, _, slug = event.text.strip().partition(" ")
        async with self._uow_factory() as uow:
            try:
                community, member = await LinkGroup(uow, self._clock)(event, slug.strip())
            except GroupProblem as problem:
                return GroupAnswer([self._refusal(problem, event.locale_hint)])
            await uow.commit()
        tr = self._tr(member.locale)
        text = tr.text(
            "This group now belongs to {community}. I let in people who accepted the privacy "
            "notice with me, welcome newcomers once, and stay quiet otherwise. To handle join "
            "requests I must be an admin who may add members.",
            community=isolate(community.name(tr.locale)),
        )
        return GroupAnswer([Reply(text, tr.locale)])

    def _refusal(self, problem: GroupProblem, hint: str | None) -> Reply:
        tr = self._tr(hint)
        if problem.reason == "anonymous":
            text = tr.text("Please send /linkgroup from your own account, not anonymously.")
        elif problem.reason == "linked_elsewhere" and problem.community is not None:
            text = tr.text(
                "This group belongs to {community} already.",
                community=isolate(problem.community.name(tr.locale)),
            )
        elif problem.reason == "which":
            slugs = ", ".join(c.slug for c in problem.choices)
            text = tr.text(
                "Which community? Send /linkgroup followed by one of: {slugs}", slugs=slugs
            )
        else:
            text = tr.text("Only an ambassador of the community can link this group.")
        return Reply(text, tr.locale)

    async def join_request(self, event: JoinRequest) -> GroupAnswer:
        async with self._uow_factory() as uow:
            decision = await decide_join_request(uow, self._clock, event)
            await uow.commit()
        if decision is None:
            return GroupAnswer()
        if decision.approve:
            return GroupAnswer(approve=True)
        tr = self._tr(event.locale_hint)
        link = invite_link(event.private_chat.channel, decision.community.slug)
        text = tr.text(
            "Thank you for asking to join the group chat of {community}. Before that, please "
            "read how I handle your data and accept it here in our chat: send /start. Then ask "
            "to join the group chat again.",
            community=isolate(decision.community.name(tr.locale)),
        )
        if link:
            text += f"\n{link}"
        return GroupAnswer(private=[(event.private_chat, [Reply(text, tr.locale)])], approve=False)

    async def joined(self, event: MembersJoined) -> GroupAnswer:
        async with self._uow_factory() as uow:
            found = await to_greet(uow, self._clock, event)
            await uow.commit()
        if not found or not found[1]:
            return GroupAnswer()
        lines: list[str] = []
        locale = DEFAULT_LOCALE
        for person, member in found[1]:
            tr = self._tr(member.locale if member else person.locale_hint)
            locale = tr.locale if not lines else locale
            name = clean_user_text(person.name or "", 40)
            lines.append(
                tr.text("Welcome, {name}!", name=isolate(name)) if name else tr.text("Welcome!")
            )
        return GroupAnswer([Reply("\n".join(lines), locale)])

    async def groups_without_link(self, channel: Channel) -> list[CommunityGroup]:
        """Linked groups whose invite link the adapter still has to make."""
        async with self._uow_factory() as uow:
            return list(await uow.groups.without_invite_link(channel))

    async def store_invite_link(self, group_id: int, link: str) -> None:
        """The link the platform made: members get it with /group from now on."""
        async with self._uow_factory() as uow:
            await uow.groups.set_invite_link(group_id, link)
            await uow.commit()

    async def ambassador_menus(self) -> list[tuple[ChannelAddress, list[tuple[str, str]]]]:
        """Each ambassador's account and their command menu (basic + ambassador commands)."""
        async with self._uow_factory() as uow:
            accounts = await uow.stats.ambassador_accounts()
        menus = []
        for address, locale in accounts:
            tr = self._tr(locale)
            menus.append((address, command_menu(tr, self._routes, ambassador=True)))
        return menus
