"""Talking to a person: a member's message is relayed to their community's ambassadors, and
their answer back, without showing the member's name unless they agree, and never the
ambassador's. The text passes straight through: it is sent right after the turn and never
stored (not in the conversation state, not in the outbox).

The ambassador's "Answer" button names the member by id and by a tag of that member's
creation time: should the member erase their data and a newcomer later receive the same id
(SQLite reuses the highest row id), the old button no longer reaches anyone."""

from __future__ import annotations

import hashlib

from bot.core.common.messages import InboundKind, Option, Reply
from bot.core.communities.domain import CommunityRole
from bot.core.members.domain import Member
from bot.i18n.text import clean_user_text, isolate
from dialogs.common import menu
from dialogs.common.turn import Turn

STATE_COMPOSE = "relay.compose"
STATE_ANSWER = "relay.answer"
TEXT_MAX = 2000


def member_tag(member: Member) -> str:
    """Eight hex digits that tell this member from a later one with the same id."""
    seed = f"{member.id}:{member.created_at.timestamp():.6f}".encode()
    return hashlib.sha256(seed).hexdigest()[:8]


async def _asking_member(turn: Turn, raw_id: str, tag: str) -> Member | None:
    """The member an "Answer" button or an open answer was made for, if it is still them."""
    found = await turn.uow.members.get(int(raw_id)) if raw_id.isdigit() else None
    return found if found is not None and member_tag(found) == tag else None


async def start(turn: Turn) -> None:
    assert turn.member is not None
    for _, joined in await turn.uow.memberships.of_member(turn.member.id):
        if await turn.uow.memberships.member_ids_with_role(joined.id, CommunityRole.AMBASSADOR):
            turn.say(
                turn.tr.text(
                    "I can pass a message to the ambassadors of {community}. Should they see "
                    "your first name? They never see your phone number or username.",
                    community=isolate(joined.name(turn.locale)),
                ),
                [
                    Option(f"relay:name:yes:{joined.id}", turn.tr.text("Show my first name")),
                    Option(f"relay:name:no:{joined.id}", turn.tr.text("Stay anonymous")),
                ],
            )
            return
    turn.say(turn.tr.text("Your community has no ambassador yet. Please try again later."))
    menu.show(turn)


async def on_option(turn: Turn, argument: str) -> None:
    """`relay:name:<yes|no>:<community>` and `relay:answer:<member>`."""
    assert turn.member is not None
    parts = argument.split(":")
    if len(parts) == 3 and parts[0] == "name" and parts[1] in ("yes", "no") and parts[2].isdigit():
        community_id = int(parts[2])
        if await turn.uow.memberships.get(turn.member.id, community_id) is None:
            menu.stale_button(turn)
            return
        turn.set_state(STATE_COMPOSE, community_id=community_id, share_name=parts[1] == "yes")
        turn.say(turn.tr.text("Please write your message for the ambassadors."))
        return
    if len(parts) == 3 and parts[0] == "answer":
        asking = await _asking_member(turn, parts[1], parts[2])
        shared = None if asking is None else await _shared_community(turn, asking.id)
        if asking is None or shared is None:
            menu.stale_button(turn)
            return
        turn.set_state(STATE_ANSWER, member_id=asking.id, member_tag=parts[2], community_id=shared)
        turn.say(turn.tr.text("Write your answer. The member will not see your name."))
        return
    menu.stale_button(turn)


async def _shared_community(turn: Turn, member_id: int) -> int | None:
    """A community the asking member belongs to and this ambassador leads."""
    assert turn.member is not None
    for membership, joined in await turn.uow.memberships.of_member(member_id):
        mine = await turn.uow.memberships.get(turn.member.id, joined.id)
        if mine is not None and mine.role is CommunityRole.AMBASSADOR:
            return membership.community_id
    return None


def _text(turn: Turn) -> str | None:
    if turn.inbound.kind is not InboundKind.TEXT:
        return None
    return clean_user_text(turn.inbound.text, TEXT_MAX) or None


async def on_text(turn: Turn) -> None:
    assert turn.member is not None and turn.conversation is not None
    text = _text(turn)
    if text is None:
        turn.say(turn.tr.text("I can only read text messages and buttons."))
        return
    data = turn.conversation.data
    community = await turn.uow.communities.get(int(str(data.get("community_id", 0))))
    if community is None:
        turn.clear_state()
        menu.stale_button(turn)
        return
    if turn.state == STATE_COMPOSE:
        name = turn.member.display_name if data.get("share_name") else None
        for ambassador_id in await turn.uow.memberships.member_ids_with_role(
            community.id, CommunityRole.AMBASSADOR
        ):
            reader = await turn.uow.members.get(ambassador_id)
            if reader is None:
                continue
            tr = turn.catalogs.get(reader.locale)
            head = (
                tr.text(
                    "Message from {name}, a member of {community}:",
                    name=isolate(name),
                    community=isolate(community.name(tr.locale)),
                )
                if name
                else tr.text(
                    "Message from a member of {community} (name not shared):",
                    community=isolate(community.name(tr.locale)),
                )
            )
            turn.deliver(
                ambassador_id,
                [
                    Reply(
                        f"{head}\n\n{isolate(text)}",
                        tr.locale,
                        (
                            Option(
                                f"relay:answer:{turn.member.id}:{member_tag(turn.member)}",
                                tr.text("Answer"),
                            ),
                        ),
                    )
                ],
            )
        turn.clear_state()
        turn.say(turn.tr.text("Sent. The answer of the ambassadors will come here."))
        return
    reader = await _asking_member(
        turn, str(data.get("member_id", "")), str(data.get("member_tag", ""))
    )
    turn.clear_state()
    if reader is None:
        turn.say(turn.tr.text("This member is no longer with us."))
        return
    tr = turn.catalogs.get(reader.locale)
    head = tr.text(
        "Answer from the ambassadors of {community}:",
        community=isolate(community.name(tr.locale)),
    )
    turn.deliver(
        reader.id,
        [
            Reply(
                f"{head}\n\n{isolate(text)}",
                tr.locale,
                (Option(f"relay:name:no:{community.id}", tr.text("Write back")),),
            )
        ],
    )
    turn.say(turn.tr.text("Sent."))
