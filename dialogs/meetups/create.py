"""Ambassadors create a meetup in the chat: title → when → place → seats → details → repeat.

Dates are typed naturally in any of our languages ("Saturday 15:00", "السبت ١٥:٠٠",
"12.12. 15 Uhr") or picked from buttons for the coming weekends. The draft lives in the
conversation state until the ambassador confirms; nothing is created half-way. This module
routes the dialog; the questions are in `create_steps.py`, the draft in `draft.py`.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.ambassadors.domain import AuditAction
from bot.core.common.messages import InboundKind, Option
from bot.core.communities.domain import Community
from bot.core.communities.permissions import led_communities, require_ambassador
from bot.core.meetups.domain import MeetupSeries
from bot.core.meetups.lifecycle import CreateMeetup, MeetupProblem
from bot.core.meetups.series import MaterializeSeries, occurrences
from bot.i18n.formatting import format_moment, format_number
from dialogs.common import menu
from dialogs.common.audit import audited
from dialogs.common.moments import explain_problem
from dialogs.common.turn import Turn
from dialogs.meetups.cards import card_options, card_text
from dialogs.meetups.create_steps import (
    answer_capacity,
    answer_description,
    answer_place,
    answer_time,
    answer_title,
    answer_when,
    ask_capacity,
    ask_description,
    ask_repeat,
    ask_time,
    ask_when,
    moment_chosen,
)
from dialogs.meetups.draft import (
    STATE_CAPACITY,
    STATE_COMMUNITY,
    STATE_CONFIRM,
    STATE_DESCRIPTION,
    STATE_PLACE,
    STATE_REPEAT,
    STATE_TIME,
    STATE_TITLE,
    STATE_WHEN,
    draft_data,
    draft_of,
    next_step,
    repeat_rule,
    say_problem,
)


async def start(turn: Turn) -> None:
    """/newmeetup: ambassadors only; with several communities, ask which one first."""
    assert turn.member is not None
    led = await led_communities(turn.uow, turn.member.id)
    if not led:
        turn.say(turn.tr.text("Only ambassadors of a community can create meetups."))
        menu.show(turn)
        return
    if len(led) == 1:
        await _ask_title(turn, led[0])
        return
    turn.set_state(STATE_COMMUNITY)
    turn.say(
        turn.tr.text("For which community is the meetup?"),
        [Option(f"mk:community:{c.id}", c.name(turn.locale)) for c in led],
    )


async def _community(turn: Turn) -> Community | None:
    assert turn.member is not None and turn.conversation is not None
    community_id = turn.conversation.data.get("community_id")
    if not isinstance(community_id, int):
        return None
    try:
        await require_ambassador(turn.uow, turn.member.id, community_id)
    except PermissionError:
        return None
    return await turn.uow.communities.get(community_id)


async def start_for(turn: Turn, community: Community) -> None:
    """Create a meetup from the ambassador tools, for the community chosen there."""
    await _ask_title(turn, community)


async def _ask_title(turn: Turn, community: Community) -> None:
    turn.set_state(STATE_TITLE, community_id=community.id)
    turn.say(
        turn.tr.text(
            "Let's plan a meetup for {community}. What is it called? For example: Monthly "
            "meetup. (/cancel stops)",
            community=community.name(turn.locale),
        )
    )


async def on_text(turn: Turn) -> None:
    """Text, locations and media while a meetup is being created."""
    community = await _community(turn)
    if community is None:
        turn.clear_state()
        menu.stale_button(turn)
        return
    handlers = {
        STATE_TITLE: answer_title,
        STATE_WHEN: answer_when,
        STATE_TIME: answer_time,
        STATE_PLACE: answer_place,
        STATE_CAPACITY: answer_capacity,
        STATE_DESCRIPTION: answer_description,
    }
    handler = handlers.get(turn.state)
    if handler is None or (
        turn.inbound.kind is not InboundKind.TEXT
        and not (turn.state == STATE_PLACE and turn.inbound.kind is InboundKind.LOCATION)
    ):
        if turn.inbound.kind is InboundKind.UNSUPPORTED:
            turn.say(turn.tr.text("I can only read text messages and buttons."))
        await _reprompt(turn, community)
        return
    await handler(turn, community)


async def _confirm(turn: Turn, community: Community) -> None:
    from bot.core.meetups.domain import Meetup

    draft = draft_of(turn)
    preview = Meetup(
        id=0, community_id=community.id, title=draft.title, starts_at=draft.starts_at,
        place=draft.place, place_coordinates=draft.place_coordinates,
        capacity=draft.capacity, description=draft.description,
    )  # fmt: skip
    lines = [turn.tr.text("Please check:"), "", card_text(turn.tr, preview, community)]
    if draft.capacity is not None:
        lines.append(turn.tr.text("Seats: {n}", n=format_number(draft.capacity, turn.locale)))
    rule = repeat_rule(turn, community)
    if rule is not None:
        series = MeetupSeries(0, community.id, rule, draft.title, draft.starts_at)
        upcoming = occurrences(
            series, community.timezone, draft.starts_at + timedelta(minutes=1),
            draft.starts_at + timedelta(days=70),
        )[:2]  # fmt: skip
        dates = ", ".join(format_moment(m, turn.locale, community.timezone) for m in upcoming)
        lines.append(turn.tr.text("Then again: {dates}", dates=dates))
    next_step(turn, STATE_CONFIRM)
    turn.say(
        "\n".join(lines),
        [
            Option("mk:create", turn.tr.text("Create the meetup")),
            Option("mk:cancel", turn.tr.text("Cancel")),
        ],
    )


async def on_option(turn: Turn, argument: str) -> None:
    """`mk:*` buttons of the creation dialog."""
    assert turn.member is not None
    action, _, value = argument.partition(":")
    if action == "community" and value.isdigit():
        chosen = int(value)
        led = {c.id: c for c in await led_communities(turn.uow, turn.member.id)}
        if chosen in led:
            await _ask_title(turn, led[chosen])
            return
    if not turn.state.startswith("meetup.") or turn.conversation is None:
        menu.stale_button(turn)
        return
    community = await _community(turn)
    if community is None:
        turn.clear_state()
        menu.stale_button(turn)
        return
    await _on_step_option(turn, community, action, value)


async def _on_step_option(turn: Turn, community: Community, action: str, value: str) -> None:
    state = turn.state
    zone = ZoneInfo(community.timezone)
    if action == "day" and state in (STATE_WHEN, STATE_TIME) and len(value) == 8:
        ask_time(turn, community, date(int(value[:4]), int(value[4:6]), int(value[6:])))
    elif action == "time" and state == STATE_TIME and len(value) == 4 and value.isdigit():
        day = date.fromisoformat(str(draft_data(turn)["day"]))
        local = datetime.combine(day, time(int(value[:2]), int(value[2:])), tzinfo=zone)
        if local <= turn.clock.now():
            explain_problem(turn, "past")
            return
        await moment_chosen(turn, community, local)
    elif action == "at" and state in (STATE_WHEN, STATE_TIME) and value.isdigit():
        moment = datetime.fromtimestamp(int(value), tz=zone)
        if moment <= turn.clock.now():
            explain_problem(turn, "past")
            return
        await moment_chosen(turn, community, moment)
    elif action == "skip" and state == STATE_PLACE:
        next_step(turn, STATE_CAPACITY)
        ask_capacity(turn)
    elif action == "nolimit" and state == STATE_CAPACITY:
        next_step(turn, STATE_DESCRIPTION, capacity=None)
        ask_description(turn)
    elif action == "skip" and state == STATE_DESCRIPTION:
        next_step(turn, STATE_REPEAT, description=None)
        ask_repeat(turn, community)
    elif action == "repeat" and state == STATE_REPEAT and value in ("once", "weekly", "monthly"):
        next_step(turn, STATE_REPEAT, repeat=value)
        await _confirm(turn, community)
    elif action == "create" and state == STATE_CONFIRM:
        await _create(turn, community)
    elif action == "cancel":
        turn.clear_state()
        turn.say(turn.tr.text("OK, the meetup was not created."))
        menu.show(turn)
    else:
        menu.stale_button(turn)


async def _create(turn: Turn, community: Community) -> None:
    assert turn.member is not None
    draft = draft_of(turn)
    rule = repeat_rule(turn, community)
    try:
        series_id = None
        if rule is not None:
            series = await turn.uow.series.add(
                MeetupSeries(
                    0, community.id, rule, draft.title, draft.starts_at, draft.place,
                    draft.place_coordinates, draft.capacity, draft.description,
                ),
                turn.clock.now(),
            )  # fmt: skip
            series_id = series.id
        meetup = await CreateMeetup(turn.uow, turn.clock)(
            community.id, draft, created_by=turn.member.id, series_id=series_id
        )
        if rule is not None:
            await MaterializeSeries(turn.uow, turn.clock)()
    except MeetupProblem as problem:
        say_problem(turn, problem)
        return
    turn.clear_state()
    await audited(turn, AuditAction.MEETUP_CREATED, community.id, subject_id=meetup.id)
    turn.say(turn.tr.text("Done! Members see the meetup under /meetups and can say if they come."))
    turn.say(
        card_text(turn.tr, meetup, community),
        card_options(turn.tr, meetup, None, ambassador=True),
    )


async def _reprompt(turn: Turn, community: Community) -> None:
    state = turn.state
    if state == STATE_TITLE:
        await _ask_title(turn, community)
    elif state in (STATE_WHEN, STATE_TIME):
        ask_when(turn, community)
    elif state == STATE_PLACE:
        await moment_chosen(turn, community, draft_of(turn).starts_at)
    elif state == STATE_CAPACITY:
        ask_capacity(turn)
    elif state == STATE_DESCRIPTION:
        ask_description(turn)
    elif state == STATE_REPEAT:
        ask_repeat(turn, community)
    else:
        await _confirm(turn, community)
