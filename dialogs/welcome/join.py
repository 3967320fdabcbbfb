"""Joining a Welcome Group through its invite link (`/start wg-<token>`): the invited person
reads the group's commitments and accepts them (that joins the group's community too)."""

from __future__ import annotations

from bot.core.common.messages import Option
from bot.core.members.domain import MemberRole
from bot.core.welcome.domain import INVITE_PREFIX, MIN_MEMBERS, WelcomeProblem
from bot.core.welcome.groups import JoinGroup, group_of_invite
from bot.i18n.text import isolate
from dialogs.common.turn import Turn
from dialogs.welcome.problems import explain_problem
from dialogs.welcome.texts import commitments


async def by_payload(turn: Turn, payload: str) -> bool | None:
    """A `/start wg-<token>` payload: show the group's invitation (True), or say why the
    link does not work (False). None: not a group invite (the caller goes on)."""
    assert turn.member is not None
    if not payload.startswith(INVITE_PREFIX):
        return None
    group = await group_of_invite(turn.uow, payload)
    community = await turn.uow.communities.get(group.community_id) if group else None
    if group is None or community is None or community.deleted:
        turn.say(turn.tr.text("This invite link is not valid any more."))
        return False
    current = await turn.uow.welcome.membership_of(turn.member.id)
    if current is not None and current.group_id == group.id:
        turn.say(
            turn.tr.text(
                "You are already in the Welcome Group {group}.", group=isolate(group.name)
            ),
            [Option("wg:home", turn.tr.text("My Welcome Group"))],
        )
        return True
    coordinator_id = await turn.uow.welcome.coordinator_of(group.id)
    coordinator = await turn.uow.members.get(coordinator_id) if coordinator_id else None
    inviter = (
        turn.tr.text(
            "{name} invites you to the Welcome Group {group} in {community}.",
            name=isolate(coordinator.display_name),
            group=isolate(group.name),
            community=isolate(community.name(turn.locale)),
        )
        if coordinator is not None and coordinator.display_name
        else turn.tr.text(
            "You are invited to the Welcome Group {group} in {community}.",
            group=isolate(group.name),
            community=isolate(community.name(turn.locale)),
        )
    )
    turn.say(
        inviter
        + "\n\n"
        + commitments(turn.tr)
        + "\n\n"
        + turn.tr.text("Do you accept these commitments and join the group?"),
        [
            # The token, not the group's id: a made-up button cannot join a group.
            Option(f"wg:join:{group.invite_token}", turn.tr.text("Yes, I join")),
            Option("wg:nojoin", turn.tr.text("No, thanks")),
        ],
    )
    return True


async def join(turn: Turn, token: str) -> None:
    """`wg:join:<invite token>`: the commitments accepted."""
    assert turn.member is not None
    group = await group_of_invite(turn.uow, f"{INVITE_PREFIX}{token}") if token else None
    if group is None:
        explain_problem(turn, WelcomeProblem("group_not_found"))
        return
    try:
        outcome = await JoinGroup(turn.uow, turn.clock)(turn.member.id, group.id)
    except WelcomeProblem as problem:
        explain_problem(turn, problem)
        return
    if turn.member.role is None:
        turn.member.role = MemberRole.SUPPORTER
        await turn.uow.members.save(turn.member)
    group = outcome.group
    if outcome.already_member:
        text = turn.tr.text(
            "You are already in the Welcome Group {group}.", group=isolate(group.name)
        )
    elif group.ready:
        text = turn.tr.plural(
            "Welcome to {group}! The group has {n} member and is ready for a match.",
            "Welcome to {group}! The group has {n} members and is ready for a match.",
            group.member_count,
            group=isolate(group.name),
        )
    else:
        text = turn.tr.plural(
            "Welcome to {group}! {n} more member is needed before the group can be matched.",
            "Welcome to {group}! {n} more members are needed before the group can be matched.",
            MIN_MEMBERS - group.member_count,
            group=isolate(group.name),
        )
    turn.say(text, [Option("wg:home", turn.tr.text("My Welcome Group"))])
