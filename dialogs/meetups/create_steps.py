"""The questions of the creation dialog and their answers: title, when (typed naturally or
picked), the time on a picked day, place, seats, details, repeat."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date

from bot.core.common.messages import InboundKind, Option
from bot.core.communities.domain import Community
from bot.core.meetups.domain import CAPACITY_MAX, DESCRIPTION_MAX, PLACE_MAX
from bot.core.meetups.lifecycle import MeetupProblem, clean_title
from bot.i18n.text import clean_user_text, to_native_digits
from dialogs.common.moments import Unclear, explain_problem, parse_moment
from dialogs.common.text import typed_number
from dialogs.common.turn import Turn
from dialogs.meetups.draft import (
    STATE_CAPACITY,
    STATE_DESCRIPTION,
    STATE_PLACE,
    STATE_REPEAT,
    STATE_TIME,
    STATE_WHEN,
    draft_data,
    next_step,
    say_problem,
)

PICK_TIMES = ((10, 0), (14, 0), (15, 0), (16, 0), (18, 0))
WEEKEND_DAYS_OFFERED = 6


async def answer_title(turn: Turn, community: Community) -> None:
    try:
        title = clean_title(turn.inbound.text)
    except MeetupProblem as problem:
        say_problem(turn, problem)
        return
    next_step(turn, STATE_WHEN, title=title)
    ask_when(turn, community)


def ask_when(turn: Turn, community: Community) -> None:
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


async def answer_when(turn: Turn, community: Community) -> None:
    result = parse_moment(turn, community)
    if isinstance(result, datetime):
        await moment_chosen(turn, community, result)
    elif isinstance(result, date):
        ask_time(turn, community, result)
    elif isinstance(result, Unclear):
        explain_problem(turn, result.reason)
        ask_when(turn, community)


async def moment_chosen(turn: Turn, community: Community, moment: datetime) -> None:
    next_step(turn, STATE_PLACE, starts_at=moment.isoformat())
    turn.say(
        turn.tr.text("Where is it? Type the address, or send a location pin (📎 → Location)."),
        [Option("mk:skip", turn.tr.text("Skip"))],
    )


async def answer_time(turn: Turn, community: Community) -> None:
    raw_day = draft_data(turn).get("day")
    if not isinstance(raw_day, str):
        next_step(turn, STATE_WHEN)
        ask_when(turn, community)
        return
    day = date.fromisoformat(raw_day)
    result = parse_moment(turn, community, on_day=day)
    if isinstance(result, datetime):
        await moment_chosen(turn, community, result)
    elif isinstance(result, date):
        ask_time(turn, community, day)
    elif isinstance(result, Unclear):
        explain_problem(turn, result.reason)
        ask_time(turn, community, day)


def ask_time(turn: Turn, community: Community, day: date) -> None:
    next_step(turn, STATE_TIME, day=day.isoformat())
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


async def answer_place(turn: Turn, community: Community) -> None:
    if turn.inbound.kind is InboundKind.LOCATION and turn.inbound.location is not None:
        where = turn.inbound.location
        next_step(turn, STATE_CAPACITY, latitude=where.latitude, longitude=where.longitude)
    else:
        place = clean_user_text(turn.inbound.text)
        if len(place) > PLACE_MAX:
            say_problem(turn, MeetupProblem("place_too_long", PLACE_MAX))
            return
        next_step(turn, STATE_CAPACITY, place=place or None)
    ask_capacity(turn)


def ask_capacity(turn: Turn) -> None:
    turn.say(
        turn.tr.text("How many people can come? Type a number, or tap No limit."),
        [Option("mk:nolimit", turn.tr.text("No limit"))],
    )


async def answer_capacity(turn: Turn, community: Community) -> None:
    capacity = typed_number(turn.inbound.text)
    if capacity is None:
        turn.say(
            turn.tr.text("Please type a number of seats, for example 30, or tap No limit."),
            [Option("mk:nolimit", turn.tr.text("No limit"))],
        )
        return
    if not 1 <= capacity <= CAPACITY_MAX:
        turn.say(
            turn.tr.text("The number of seats must be between 1 and {limit}.", limit=CAPACITY_MAX),
            [Option("mk:nolimit", turn.tr.text("No limit"))],
        )
        return
    next_step(turn, STATE_DESCRIPTION, capacity=capacity)
    ask_description(turn)


def ask_description(turn: Turn) -> None:
    turn.say(
        turn.tr.text("Anything else people should know? For example what to bring."),
        [Option("mk:skip", turn.tr.text("Skip"))],
    )


async def answer_description(turn: Turn, community: Community) -> None:
    description = clean_user_text(turn.inbound.text)
    if len(description) > DESCRIPTION_MAX:
        say_problem(turn, MeetupProblem("description_too_long", DESCRIPTION_MAX))
        return
    next_step(turn, STATE_REPEAT, description=description or None)
    ask_repeat(turn, community)


def ask_repeat(turn: Turn, community: Community) -> None:
    tr = turn.tr
    turn.say(
        tr.text(
            "Does it repeat? Every month means the same week and weekday, for example the "
            "second Saturday of each month."
        ),
        [
            Option("mk:repeat:once", tr.text("Only once")),
            Option("mk:repeat:weekly", tr.text("Every week")),
            Option("mk:repeat:monthly", tr.text("Every month")),
        ],
    )
