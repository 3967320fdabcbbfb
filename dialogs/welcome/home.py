"""Each person's own Welcome Group view: their group (members, readiness, invite link, the
newcomers they accompany) or their request (waiting, proposed, matched), or what Welcome
Groups are; asking for a match; withdrawing a request."""

from __future__ import annotations

from bot.core.common.messages import Option
from bot.core.members.domain import MemberRole
from bot.core.welcome.domain import (
    ACTIVE,
    MIN_MEMBERS,
    GroupMembership,
    GroupRole,
    ProposalStatus,
    Side,
    WelcomeRequest,
)
from bot.core.welcome.groups import invite_payload
from bot.core.welcome.proposals import free_places
from bot.core.welcome.requests import WithdrawRequest
from bot.core.welcome.views import load_views
from bot.i18n.text import isolate
from dialogs.common import menu
from dialogs.common.turn import Turn
from dialogs.welcome.talk import name_of


async def home(turn: Turn) -> None:
    """/welcome: the member's group, their request, or what Welcome Groups are."""
    assert turn.member is not None
    membership = await turn.uow.welcome.membership_of(turn.member.id)
    request = await turn.uow.welcome.request_of(turn.member.id)
    if membership is not None:
        await _group_card(turn, membership)
    elif request is not None:
        await _request_card(turn, request)
    else:
        tr = turn.tr
        ask = Option("wg:ask", tr.text("Ask for a group"))
        form = Option("wg:form", tr.text("Form a group"))
        options = [form, ask] if turn.member.role is MemberRole.SUPPORTER else [ask, form]
        if turn.ambassador:
            options.append(Option("wg:matchstart", tr.text("Match newcomers")))
        turn.say(
            tr.text(
                "Welcome Groups: at least five locals accompany one newcomer or family for "
                "twelve months – for meals, to practise the language, with difficult letters, "
                "work and study. What would you like to do?"
            ),
            options,
        )


async def _group_card(turn: Turn, membership: GroupMembership) -> None:
    tr = turn.tr
    group = await turn.uow.welcome.get_group(membership.group_id)
    assert group is not None
    place = await turn.uow.communities.get(group.community_id)
    lines = [
        tr.text(
            "{group} – your Welcome Group in {community}.",
            group=isolate(group.name),
            community=isolate(place.name(turn.locale) if place else ""),
        ),
        tr.plural(
            "{n} member has accepted the commitments.",
            "{n} members have accepted the commitments.",
            group.member_count,
        ),
        tr.text("It is ready for a match.")
        if group.ready
        else tr.plural(
            "{n} more member is needed before it can be matched.",
            "{n} more members are needed before it can be matched.",
            MIN_MEMBERS - group.member_count,
        ),
        tr.text(
            "Invite friends, family, colleagues or neighbours: they send me this message: {link}",
            link=isolate(f"/start {invite_payload(group)}"),
        ),
    ]
    if membership.role is GroupRole.COORDINATOR:
        lines.append(tr.text("You are its coordinator."))
    options: list[Option] = []
    matches = await turn.uow.welcome.proposals_of_group(group.id, sorted(ACTIVE))
    coordinating = await turn.uow.welcome.coordinator_of(group.id) == membership.member_id
    for view in (await load_views(turn.uow, [m.id for m in matches])).values():
        lines.append(tr.text("You accompany {name}.", name=name_of(tr, view, Side.NEWCOMER)))
        if coordinating:
            options.append(Option(f"wg:write:{view.proposal.id}", tr.text("Write a message")))
            options.append(Option(f"wg:share:{view.proposal.id}", tr.text("Share my contact")))
    options.append(Option("wg:ready", tr.text("Find us a newcomer")))
    turn.say("\n".join(lines), options)


async def _request_card(turn: Turn, request: WelcomeRequest) -> None:
    tr = turn.tr
    proposals = await turn.uow.welcome.proposals_of_request(request.id)
    views = await load_views(
        turn.uow,
        [p.id for p in proposals if p.status in ACTIVE or p.status is ProposalStatus.SENT],
    )
    options: list[Option] = []
    text = tr.text("Your request is waiting for a Welcome Group that fits.")
    for view in views.values():
        pid, group = view.proposal.id, isolate(view.group.name)
        if view.proposal.status in ACTIVE:
            text = tr.text("You are matched with the Welcome Group {group}.", group=group)
            options += [
                Option(f"wg:write:{pid}", tr.text("Write a message")),
                Option(f"wg:share:{pid}", tr.text("Share my contact")),
            ]
        elif view.proposal.newcomer_answer is None:
            text = tr.text(
                "The Welcome Group {group} was proposed to you. Do you want to meet them?",
                group=group,
            )
            options += [
                Option(f"wg:yes:{pid}", tr.text("Yes, gladly")),
                Option(f"wg:no:{pid}", tr.text("No, thanks")),
            ]
        else:
            text = tr.text("The Welcome Group {group} has not answered yet.", group=group)
    options.append(Option("wg:withdraw", tr.text("Withdraw my request")))
    turn.say(text, options)


async def ask_match(turn: Turn) -> None:
    """`wg:ready`: a group asks to be matched; fewer than five members cannot be."""
    assert turn.member is not None
    membership = await turn.uow.welcome.membership_of(turn.member.id)
    group = await turn.uow.welcome.get_group(membership.group_id) if membership else None
    if group is None:
        menu.stale_button(turn)
        return
    tr = turn.tr
    if not group.ready:
        turn.say(
            tr.plural(
                "Your group has {n} member. A Welcome Group needs at least five members before "
                "it can be matched. Invite more with this message: {link}",
                "Your group has {n} members. A Welcome Group needs at least five members "
                "before it can be matched. Invite more with this message: {link}",
                group.member_count,
                link=isolate(f"/start {invite_payload(group)}"),
            )
        )
    elif await free_places(turn.uow, group) == 0:
        turn.say(tr.text("Your group already accompanies as many newcomers as it can."))
    else:
        turn.say(
            tr.text(
                "Your group is ready and waiting for a match. The ambassadors will propose a "
                "newcomer or family, and I will ask you first."
            )
        )


async def withdraw(turn: Turn) -> None:
    turn.say(
        turn.tr.text(
            "Withdraw your request? It is deleted, and a group that was proposed to you or "
            "accompanies you is told."
        ),
        [
            Option("wg:withdrawyes", turn.tr.text("Yes, delete it")),
            Option("wg:home", turn.tr.text("No, keep it")),
        ],
    )


async def withdraw_yes(turn: Turn) -> None:
    assert turn.member is not None
    if await WithdrawRequest(turn.uow, turn.clock)(turn.member.id):
        turn.say(turn.tr.text("Your request is deleted."))
    else:
        turn.say(turn.tr.text("You have no request for a Welcome Group."))
    menu.show(turn)
