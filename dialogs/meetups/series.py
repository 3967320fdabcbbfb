"""Ambassadors change a recurring meetup from one occurrence on, or stop it there.

Reached from the management screen of an occurrence (`mg:series:<id>`): the occurrence is
the "from" date, so nobody has to type one.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.core.ambassadors.domain import AuditAction
from bot.core.common.domain import Coordinates
from bot.core.common.messages import InboundKind, Option
from bot.core.communities.domain import Community
from bot.core.meetups.domain import Meetup
from bot.core.meetups.lifecycle import MeetupProblem
from bot.core.meetups.series import WEEKLY_RULE
from bot.core.meetups.series_changes import ChangeSeries, Repeat, StopSeries
from bot.i18n.formatting import format_moment
from bot.i18n.text import isolate
from dialogs.common import menu
from dialogs.common.moments import Unclear, explain_problem, parse_moment
from dialogs.common.turn import Turn
from dialogs.meetups.manage import meetup_for_ambassador

STATE_TIME = "series.time"
STATE_PLACE = "series.place"
TEXT_STATES = (STATE_TIME, STATE_PLACE)


async def _occurrence(turn: Turn, raw_id: str) -> tuple[Meetup, Community] | None:
    found = await meetup_for_ambassador(turn, raw_id)
    if found is None:
        return None
    meetup, _ = found
    series = await turn.uow.series.get(meetup.series_id) if meetup.series_id else None
    if series is None or not series.active or meetup.cancelled:
        turn.say(turn.tr.text("This meetup is not part of a running series."))
        menu.show(turn)
        return None
    return found


async def on_option(turn: Turn, argument: str) -> None:
    """`ms:<action>:<meetup id>[:<more>]`."""
    action, _, rest = argument.partition(":")
    raw_id, _, extra = rest.partition(":")
    found = await _occurrence(turn, raw_id)
    if found is None:
        return
    meetup, community = found
    tr, mid = turn.tr, meetup.id
    when = format_moment(meetup.starts_at, turn.locale, community.timezone)
    if action == "menu":
        series = await turn.uow.series.get(meetup.series_id or 0)
        weekly = series is not None and series.rule == WEEKLY_RULE
        turn.say(
            tr.text(
                "Change every meeting of {title} from {when} on. What changes?",
                title=isolate(meetup.title),
                when=when,
            ),
            [
                Option(f"ms:time:{mid}", tr.text("The time")),
                Option(f"ms:place:{mid}", tr.text("The place")),
                Option(f"ms:repeat:{mid}:monthly", tr.text("Every month instead"))
                if weekly
                else Option(f"ms:repeat:{mid}:weekly", tr.text("Every week instead")),
                Option(f"ms:stop:{mid}", tr.text("Stop the series")),
                Option(f"manage:{mid}", tr.text("Back")),
            ],
        )
    elif action == "time":
        turn.set_state(STATE_TIME, meetup_id=mid)
        turn.say(
            tr.text(
                "When is the meeting of {when} from now on? Type the date and time.", when=when
            )
        )
    elif action == "at" and extra.isdigit():
        moment = datetime.fromtimestamp(int(extra), ZoneInfo(community.timezone))
        await _change(turn, meetup, starts_at=moment)
    elif action == "place":
        turn.set_state(STATE_PLACE, meetup_id=mid)
        turn.say(tr.text("What is the new place? Type the address or send a location pin."))
    elif action == "repeat" and extra in ("weekly", "monthly"):
        repeat: Repeat = "weekly" if extra == "weekly" else "monthly"
        await _change(turn, meetup, repeat=repeat)
    elif action == "stop":
        turn.say(
            tr.text(
                "Stop {title} from {when} on? These meetings are cancelled and everyone who "
                "said they would come is told.",
                title=isolate(meetup.title),
                when=when,
            ),
            [
                Option(f"ms:stopyes:{mid}", tr.text("Yes, stop the series")),
                Option(f"manage:{mid}", tr.text("No, keep it")),
            ],
        )
    elif action == "stopyes":
        told = await StopSeries(turn.uow, turn.clock)(mid)
        await _audit(turn, meetup, AuditAction.SERIES_STOPPED)
        turn.say(
            tr.plural(
                "The series is stopped. {n} person will be told.",
                "The series is stopped. {n} people will be told.",
                told,
            )
        )
        menu.show(turn)
    else:
        menu.stale_button(turn)


async def on_text(turn: Turn) -> None:
    """The new time or place of the series, typed."""
    assert turn.conversation is not None
    found = await _occurrence(turn, str(turn.conversation.data.get("meetup_id", "")))
    if found is None:
        turn.clear_state()
        return
    meetup, community = found
    kind = turn.inbound.kind
    if turn.state == STATE_PLACE and kind is InboundKind.LOCATION:
        await _change(turn, meetup, place_coordinates=turn.inbound.location)
    elif turn.state == STATE_PLACE and kind is InboundKind.TEXT:
        await _change(turn, meetup, place=turn.inbound.text)
    elif turn.state == STATE_TIME and kind is InboundKind.TEXT:
        result = parse_moment(turn, community, prefix=f"ms:at:{meetup.id}")
        if isinstance(result, datetime):
            await _change(turn, meetup, starts_at=result)
        elif isinstance(result, date):
            explain_problem(turn, "no_time")
        elif isinstance(result, Unclear):
            explain_problem(turn, result.reason)
    else:
        turn.say(turn.tr.text("I can only read text messages and buttons."))


async def _change(
    turn: Turn,
    meetup: Meetup,
    *,
    starts_at: datetime | None = None,
    place: str | None = None,
    place_coordinates: Coordinates | None = None,
    repeat: Repeat | None = None,
) -> None:
    try:
        told = await ChangeSeries(turn.uow, turn.clock)(
            meetup.id, starts_at=starts_at, place=place, place_coordinates=place_coordinates,
            repeat=repeat,
        )  # fmt: skip
    except MeetupProblem as problem:
        if problem.reason == "place_too_long":
            turn.say(
                turn.tr.text(
                    "That address is too long. Please use at most {limit} characters.",
                    limit=200,
                )
            )
        else:
            explain_problem(turn, {"in_past": "past"}.get(problem.reason, problem.reason))
        return
    turn.clear_state()
    await _audit(turn, meetup, AuditAction.SERIES_CHANGED)
    turn.say(
        turn.tr.plural(
            "The series is changed from this meeting on. {n} person will be told.",
            "The series is changed from this meeting on. {n} people will be told.",
            told,
        ),
        [Option("menu:meetups", turn.tr.text("Meetups"))],
    )


async def _audit(turn: Turn, meetup: Meetup, action: AuditAction) -> None:
    assert turn.member is not None
    await turn.uow.audit.record(
        action, turn.clock.now(), community_id=meetup.community_id, actor_id=turn.member.id,
        subject_id=meetup.series_id,
    )  # fmt: skip
