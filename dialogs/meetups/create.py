"""Ambassadors create a meetup in the chat: title → when → place → seats → details → repeat.

Dates are typed naturally in any of our languages ("Saturday 15:00", "السبت ١٥:٠٠",
"12.12. 15 Uhr") or picked from buttons for the coming weekends. The draft lives in the
conversation state until the ambassador confirms; nothing is created half-way.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date

from bot.core.common.domain import Coordinates
from bot.core.common.messages import InboundKind, Option
from bot.core.communities.domain import Community
from bot.core.communities.permissions import led_communities, require_ambassador
from bot.core.meetups.domain import CAPACITY_MAX, DESCRIPTION_MAX, PLACE_MAX, MeetupSeries
from bot.core.meetups.lifecycle import CreateMeetup, MeetupDraft, MeetupProblem, clean_title
from bot.core.meetups.series import WEEKLY_RULE, MaterializeSeries, monthly_rule, occurrences
from bot.i18n.formatting import format_moment, format_number
from bot.i18n.text import clean_user_text, to_ascii_digits, to_native_digits
from dialogs.common import menu
from dialogs.common.moments import Unclear, explain_problem, parse_moment
from dialogs.common.turn import Turn
from dialogs.meetups.cards import card_options, card_text

STATE_COMMUNITY = "meetup.community"
STATE_TITLE = "meetup.title"
STATE_WHEN = "meetup.when"
STATE_TIME = "meetup.time"
STATE_PLACE = "meetup.place"
STATE_CAPACITY = "meetup.capacity"
STATE_DESCRIPTION = "meetup.description"
STATE_REPEAT = "meetup.repeat"
STATE_CONFIRM = "meetup.confirm"
#: States in which typed text (or a location) answers the creation dialog.
TEXT_STATES = (
    STATE_COMMUNITY, STATE_TITLE, STATE_WHEN, STATE_TIME, STATE_PLACE, STATE_CAPACITY,
    STATE_DESCRIPTION, STATE_REPEAT, STATE_CONFIRM,
)  # fmt: skip
PICK_TIMES = ((10, 0), (14, 0), (15, 0), (16, 0), (18, 0))
WEEKEND_DAYS_OFFERED = 6


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


async def _ask_title(turn: Turn, community: Community) -> None:
    turn.set_state(STATE_TITLE, community_id=community.id)
    turn.say(
        turn.tr.text(
            "Let's plan a meetup for {community}. What is it called? For example: Monthly "
            "meetup. (/cancel stops)",
            community=community.name(turn.locale),
        )
    )


def _data(turn: Turn) -> dict[str, object]:
    assert turn.conversation is not None
    return turn.conversation.data


def _next(turn: Turn, state: str, **changes: object) -> None:
    turn.set_state(state, **{**_data(turn), **changes})


async def on_text(turn: Turn) -> None:
    """Text, locations and media while a meetup is being created."""
    community = await _community(turn)
    if community is None:
        turn.clear_state()
        menu.stale_button(turn)
        return
    handlers = {
        STATE_TITLE: _title,
        STATE_WHEN: _when,
        STATE_TIME: _time,
        STATE_PLACE: _place,
        STATE_CAPACITY: _capacity,
        STATE_DESCRIPTION: _description,
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


async def _title(turn: Turn, community: Community) -> None:
    try:
        title = clean_title(turn.inbound.text)
    except MeetupProblem as problem:
        _problem(turn, problem)
        return
    _next(turn, STATE_WHEN, title=title)
    _ask_when(turn, community)


def _ask_when(turn: Turn, community: Community) -> None:
    tr = turn.tr
    zone = ZoneInfo(community.timezone)
    today = turn.clock.now().astimezone(zone).date()
    days = [
        today + timedelta(days=n)
        for n in range(1, 15)
        if (today + timedelta(days=n)).weekday() >= 5
    ]
    options = [
        Option(f"mk:day:{day:%Y%m%d}", _day_label(day, turn.locale))
        for day in days[:WEEKEND_DAYS_OFFERED]
    ]
    turn.say(
        tr.text(
            "When is it? Type the date and time, for example {example}, or pick a day.",
            example=_example(turn.locale),
        ),
        options,
        compact=True,
    )


def _day_label(day: date, locale: str) -> str:
    return to_native_digits(format_date(day, "EEE d MMM", locale=locale), locale)


def _example(locale: str) -> str:
    saturday = date(2026, 12, 5)  # a Saturday: only its weekday name is used
    weekday = format_date(saturday, "EEEE", locale=locale)
    return to_native_digits(f"{weekday} 15:00", locale)


async def _when(turn: Turn, community: Community) -> None:
    result = parse_moment(turn, community)
    if isinstance(result, datetime):
        await _moment_chosen(turn, community, result)
    elif isinstance(result, date):
        ask_time(turn, community, result)
    elif isinstance(result, Unclear):
        explain_problem(turn, result.reason)
        _ask_when(turn, community)


async def _moment_chosen(turn: Turn, community: Community, moment: datetime) -> None:
    _next(turn, STATE_PLACE, starts_at=moment.isoformat())
    turn.say(
        turn.tr.text("Where is it? Type the address, or send a location pin (📎 → Location)."),
        [Option("mk:skip", turn.tr.text("Skip"))],
    )


async def _time(turn: Turn, community: Community) -> None:
    raw_day = _data(turn).get("day")
    if not isinstance(raw_day, str):
        _next(turn, STATE_WHEN)
        _ask_when(turn, community)
        return
    day = date.fromisoformat(raw_day)
    result = parse_moment(turn, community, on_day=day)
    if isinstance(result, datetime):
        await _moment_chosen(turn, community, result)
    elif isinstance(result, date):
        ask_time(turn, community, day)
    elif isinstance(result, Unclear):
        explain_problem(turn, result.reason)
        ask_time(turn, community, day)


def ask_time(turn: Turn, community: Community, day: date) -> None:
    _next(turn, STATE_TIME, day=day.isoformat())
    turn.say(
        turn.tr.text(
            "At what time on {day}? Type it, or pick one.", day=_day_label(day, turn.locale)
        ),
        [
            Option(
                f"mk:time:{hour:02d}{minute:02d}",
                to_native_digits(f"{hour:02d}:{minute:02d}", turn.locale),
            )
            for hour, minute in PICK_TIMES
        ],
        compact=True,
    )


async def _place(turn: Turn, community: Community) -> None:
    if turn.inbound.kind is InboundKind.LOCATION and turn.inbound.location is not None:
        where = turn.inbound.location
        _next(turn, STATE_CAPACITY, latitude=where.latitude, longitude=where.longitude)
    else:
        place = clean_user_text(turn.inbound.text)
        if len(place) > PLACE_MAX:
            _problem(turn, MeetupProblem("place_too_long", PLACE_MAX))
            return
        _next(turn, STATE_CAPACITY, place=place or None)
    _ask_capacity(turn)


def _ask_capacity(turn: Turn) -> None:
    turn.say(
        turn.tr.text("How many people can come? Type a number, or tap No limit."),
        [Option("mk:nolimit", turn.tr.text("No limit"))],
    )


async def _capacity(turn: Turn, community: Community) -> None:
    text = to_ascii_digits(turn.inbound.text).strip()
    if not text.lstrip("-").isdigit():
        turn.say(
            turn.tr.text("Please type a number of seats, for example 30, or tap No limit."),
            [Option("mk:nolimit", turn.tr.text("No limit"))],
        )
        return
    capacity = int(text)
    if not 1 <= capacity <= CAPACITY_MAX:
        turn.say(
            turn.tr.text("The number of seats must be between 1 and {limit}.", limit=CAPACITY_MAX),
            [Option("mk:nolimit", turn.tr.text("No limit"))],
        )
        return
    _next(turn, STATE_DESCRIPTION, capacity=capacity)
    _ask_description(turn)


def _ask_description(turn: Turn) -> None:
    turn.say(
        turn.tr.text("Anything else people should know? For example what to bring."),
        [Option("mk:skip", turn.tr.text("Skip"))],
    )


async def _description(turn: Turn, community: Community) -> None:
    description = clean_user_text(turn.inbound.text)
    if len(description) > DESCRIPTION_MAX:
        _problem(turn, MeetupProblem("description_too_long", DESCRIPTION_MAX))
        return
    _next(turn, STATE_REPEAT, description=description or None)
    _ask_repeat(turn, community)


def _ask_repeat(turn: Turn, community: Community) -> None:
    tr = turn.tr
    turn.say(
        tr.text("Does it repeat?"),
        [
            Option("mk:repeat:once", tr.text("Only once")),
            Option("mk:repeat:weekly", tr.text("Every week")),
            Option("mk:repeat:monthly", tr.text("Every month, same week and weekday")),
        ],
    )


def _draft(turn: Turn) -> MeetupDraft:
    data = _data(turn)
    latitude, longitude = data.get("latitude"), data.get("longitude")
    capacity = data.get("capacity")
    return MeetupDraft(
        title=str(data["title"]),
        starts_at=datetime.fromisoformat(str(data["starts_at"])),
        place=str(data["place"]) if data.get("place") else None,
        place_coordinates=(
            Coordinates(float(latitude), float(longitude))  # type: ignore[arg-type]
            if latitude is not None and longitude is not None
            else None
        ),
        capacity=capacity if isinstance(capacity, int) else None,
        description=str(data["description"]) if data.get("description") else None,
    )


def _rule(turn: Turn, community: Community) -> str | None:
    repeat = _data(turn).get("repeat")
    if repeat == "weekly":
        return WEEKLY_RULE
    if repeat == "monthly":
        return monthly_rule(_draft(turn).starts_at, community.timezone)
    return None


async def _confirm(turn: Turn, community: Community) -> None:
    from bot.core.meetups.domain import Meetup

    draft = _draft(turn)
    preview = Meetup(
        id=0, community_id=community.id, title=draft.title, starts_at=draft.starts_at,
        place=draft.place, place_coordinates=draft.place_coordinates,
        capacity=draft.capacity, description=draft.description,
    )  # fmt: skip
    lines = [turn.tr.text("Please check:"), "", card_text(turn.tr, preview, community)]
    if draft.capacity is not None:
        lines.append(turn.tr.text("Seats: {n}", n=format_number(draft.capacity, turn.locale)))
    rule = _rule(turn, community)
    if rule is not None:
        series = MeetupSeries(0, community.id, rule, draft.title, draft.starts_at)
        upcoming = occurrences(
            series, community.timezone, draft.starts_at + timedelta(minutes=1),
            draft.starts_at + timedelta(days=70),
        )[:2]  # fmt: skip
        dates = ", ".join(format_moment(m, turn.locale, community.timezone) for m in upcoming)
        lines.append(turn.tr.text("Then again: {dates}", dates=dates))
    _next(turn, STATE_CONFIRM)
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
        day = date.fromisoformat(str(_data(turn)["day"]))
        local = datetime.combine(day, time(int(value[:2]), int(value[2:])), tzinfo=zone)
        if local <= turn.clock.now():
            explain_problem(turn, "past")
            return
        await _moment_chosen(turn, community, local)
    elif action == "at" and state in (STATE_WHEN, STATE_TIME) and value.isdigit():
        moment = datetime.fromtimestamp(int(value), tz=zone)
        if moment <= turn.clock.now():
            explain_problem(turn, "past")
            return
        await _moment_chosen(turn, community, moment)
    elif action == "skip" and state == STATE_PLACE:
        _next(turn, STATE_CAPACITY)
        _ask_capacity(turn)
    elif action == "nolimit" and state == STATE_CAPACITY:
        _next(turn, STATE_DESCRIPTION, capacity=None)
        _ask_description(turn)
    elif action == "skip" and state == STATE_DESCRIPTION:
        _next(turn, STATE_REPEAT, description=None)
        _ask_repeat(turn, community)
    elif action == "repeat" and state == STATE_REPEAT and value in ("once", "weekly", "monthly"):
        _next(turn, STATE_REPEAT, repeat=value)
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
    draft = _draft(turn)
    rule = _rule(turn, community)
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
        _problem(turn, problem)
        return
    turn.clear_state()
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
        _ask_when(turn, community)
    elif state == STATE_PLACE:
        await _moment_chosen(turn, community, _draft(turn).starts_at)
    elif state == STATE_CAPACITY:
        _ask_capacity(turn)
    elif state == STATE_DESCRIPTION:
        _ask_description(turn)
    elif state == STATE_REPEAT:
        _ask_repeat(turn, community)
    else:
        await _confirm(turn, community)


def _problem(turn: Turn, problem: MeetupProblem) -> None:
    tr = turn.tr
    limit = problem.limit or 0
    texts = {
        "title_empty": tr.text("Please type a title."),
        "title_too_long": tr.text(
            "That title is too long. Please use at most {limit} characters.", limit=limit
        ),
        "place_too_long": tr.text(
            "That address is too long. Please use at most {limit} characters.", limit=limit
        ),
        "description_too_long": tr.text(
            "That text is too long. Please use at most {limit} characters.", limit=limit
        ),
        "in_past": tr.text("That moment is in the past. Please give a date in the future."),
        "too_far": tr.text("That is too far ahead. Please choose a date within a year."),
        "capacity_range": tr.text(
            "The number of seats must be between 1 and {limit}.", limit=limit
        ),
    }
    turn.say(
        texts.get(
            problem.reason, tr.text("Sorry, something went wrong on my side. Please try again.")
        )
    )
