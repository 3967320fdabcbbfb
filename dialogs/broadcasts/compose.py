"""/broadcast, first half: who gets it (community, a meetup's RSVPs, a project) and the text.

The draft is stored as soon as the text is typed; languages, preview and sending are in
`dialogs.broadcasts.review`. `/broadcast Treffen am Samstag …` brings its text along: it waits in
the conversation state while the ambassador chooses the audience, and becomes the draft then.
"""

from __future__ import annotations

from bot.core.ambassadors.audience import meetup_choices, project_choices
from bot.core.ambassadors.broadcasts import BroadcastProblem, Broadcasts, clean_text
from bot.core.ambassadors.domain import BROADCAST_TEXT_MAX, AudienceKind
from bot.core.common.messages import InboundKind, Option
from bot.core.communities.domain import Community
from bot.core.communities.permissions import NotAllowed
from bot.i18n.formatting import format_moment
from dialogs.broadcasts import review
from dialogs.common import menu
from dialogs.common.communities import community_name, led_community, pick_community, refuse
from dialogs.common.turn import Turn

STATE_TEXT = "bc.text"
#: The audience question, with the text given after the command waiting in the state.
STATE_AUDIENCE = "bc.audience"


async def command(turn: Turn) -> None:
    """/broadcast, or /broadcast followed by the message: then straight to the audience."""
    _, _, given = turn.inbound.text.strip().partition(" ")
    text = None
    if given.strip():
        try:
            text = clean_text(given)
        except BroadcastProblem as problem:
            turn.clear_state()
            explain(turn, problem)
            return
    await _ask_community(turn, text)


def pending_text(turn: Turn) -> str | None:
    """The message given with /broadcast, while its audience is being chosen."""
    if turn.state != STATE_AUDIENCE or turn.conversation is None:
        return None
    text = turn.conversation.data.get("text")
    return text if isinstance(text, str) else None


async def on_audience_text(turn: Turn) -> None:
    """Typing while the audience question is open: ask it again (the text still waits)."""
    assert turn.conversation is not None
    community_id = turn.conversation.data.get("community_id")
    if isinstance(community_id, int):
        community = await led_community(turn, str(community_id))
        if community is not None:
            ask_audience(turn, community)
        return
    await _ask_community(turn, pending_text(turn))


async def _ask_community(turn: Turn, text: str | None) -> None:
    if text is None:
        turn.clear_state()
    else:
        turn.set_state(STATE_AUDIENCE, text=text)
    community = await pick_community(turn, "broadcast")
    if community is not None:
        ask_audience(turn, community)


def ask_audience(turn: Turn, community: Community) -> None:
    tr, cid = turn.tr, community.id
    text = pending_text(turn)
    if text is None:
        turn.clear_state()
    else:
        turn.set_state(STATE_AUDIENCE, text=text, community_id=cid)
    turn.say(
        tr.text(
            "Who in {community} should get your message?",
            community=community_name(turn, community),
        ),
        [
            Option(f"bc:aud:{cid}:community", tr.text("All members")),
            Option(f"bc:aud:{cid}:meetup", tr.text("Coming to a meetup")),
            Option(f"bc:aud:{cid}:project", tr.text("Members of a project")),
        ],
    )


async def choose_audience(turn: Turn, raw_community: str, kind: str, raw_id: str) -> None:
    """`bc:aud:<community>:<kind>`, `bc:m:<community>:<meetup>`, `bc:p:<community>:<project>`."""
    community = await led_community(turn, raw_community)
    if community is None:
        return
    tr = turn.tr
    if kind == "community":
        await ask_text(turn, community, AudienceKind.COMMUNITY, None)
    elif kind in ("meetup", "project") and raw_id.isdigit():
        await ask_text(turn, community, AudienceKind(kind), int(raw_id))
    elif kind == "meetup":
        meetups = await meetup_choices(turn.uow, community.id, turn.clock.now())
        if not meetups:
            turn.say(tr.text("There is no recent or coming meetup."))
            ask_audience(turn, community)
            return
        options = [
            Option(
                f"bc:m:{community.id}:{m.id}",
                f"{m.title} · {format_moment(m.when, turn.locale, community.timezone)}"
                if m.when
                else m.title,
            )
            for m in meetups
        ]
        turn.say(tr.text("The people who said they come to which meetup?"), options)
    elif kind == "project":
        projects = await project_choices(turn.uow, community.id)
        if not projects:
            turn.say(tr.text("There are no projects yet."))
            ask_audience(turn, community)
            return
        turn.say(
            tr.text("The members of which project?"),
            [Option(f"bc:p:{community.id}:{p.id}", p.title) for p in projects],
        )
    else:
        menu.stale_button(turn)


async def ask_text(
    turn: Turn, community: Community, kind: AudienceKind, audience_id: int | None
) -> None:
    text = pending_text(turn)
    if text is not None:
        await _draft(turn, community.id, kind, audience_id, text)
        return
    turn.set_state(
        STATE_TEXT, community_id=community.id, audience=kind.value, audience_id=audience_id
    )
    turn.say(
        turn.tr.text(
            "Write your message to {community} in your language; you can add other languages "
            "next. Text only, up to {limit} characters. (/cancel stops)",
            community=community_name(turn, community),
            limit=BROADCAST_TEXT_MAX,
        )
    )


async def on_text(turn: Turn) -> None:
    """The message itself, typed in the compose step."""
    assert turn.member is not None and turn.conversation is not None
    data = turn.conversation.data
    community_id, audience, audience_id = (
        data.get("community_id"),
        data.get("audience"),
        data.get("audience_id"),
    )
    if not isinstance(community_id, int) or audience not in set(AudienceKind):
        turn.clear_state()
        menu.stale_button(turn)
        return
    if turn.inbound.kind is not InboundKind.TEXT:
        turn.say(
            turn.tr.text("Please write the message as text; I cannot send pictures or files.")
        )
        return
    await _draft(
        turn,
        community_id,
        AudienceKind(str(audience)),
        audience_id if isinstance(audience_id, int) else None,
        turn.inbound.text,
    )


async def _draft(
    turn: Turn, community_id: int, kind: AudienceKind, audience_id: int | None, text: str
) -> None:
    """The draft from the text and its audience; then its languages (see review.py)."""
    assert turn.member is not None
    try:
        broadcast = await Broadcasts(turn.uow, turn.clock).draft(
            turn.member.id, community_id, kind, audience_id, turn.locale, text
        )
    except NotAllowed:
        refuse(turn)
        return
    except BroadcastProblem as problem:
        explain(turn, problem)
        if problem.reason == "audience_gone":
            turn.clear_state()
        return
    turn.clear_state()
    await review.show_languages(turn, broadcast)


def explain(turn: Turn, problem: BroadcastProblem) -> None:
    tr = turn.tr
    turn.say(
        {
            "empty": tr.text("The message is empty. Please write something."),
            "too_long": tr.text(
                "That is too long: at most {limit} characters. Please shorten it.",
                limit=problem.limit,
            ),
            "audience_gone": tr.text("That meetup or project is no longer there."),
        }.get(problem.reason, tr.text("This draft is no longer open."))
    )
