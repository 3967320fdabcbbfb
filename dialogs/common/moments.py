"""Understanding a typed date and time in a dialog, and explaining what went wrong."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.core.common.messages import Option
from bot.core.communities.domain import Community
from bot.i18n.formatting import format_moment
from dialogs.common.turn import Turn


@dataclass(frozen=True, slots=True)
class Unclear:
    """Why a typed moment was not understood (`nlu.when.Problem.reason`)."""

    reason: str


def parse_moment(
    turn: Turn, community: Community, *, on_day: date | None = None, prefix: str = "mk:at"
) -> datetime | date | Unclear | None:
    """The moment typed; the day alone (ask for the time); what was unclear; or None
    when an ambiguous time was already answered with buttons `<prefix>:<unix time>`."""
    # Imported here: building its word tables takes 0.15 s, paid on first use, not at start-up.
    from nlu.when import Ambiguous, When, parse_when

    text = turn.inbound.text.strip()[:200]
    if on_day is not None:
        text = f"{on_day.isoformat()} {text}"
    result = parse_when(text, turn.locale, turn.clock.now(), community.timezone)
    if isinstance(result, When):
        return result.moment
    if isinstance(result, Ambiguous):
        turn.say(
            turn.tr.text("Which time do you mean?"),
            [
                Option(
                    f"{prefix}:{int(candidate.timestamp())}",
                    format_moment(candidate, turn.locale, community.timezone),
                )
                for candidate in result.candidates
            ],
        )
        return None
    if result.reason == "no_time" and result.date is not None:
        return result.date
    return Unclear(result.reason)


def explain_problem(turn: Turn, reason: str) -> None:
    tr = turn.tr
    texts = {
        "impossible_date": tr.text(
            "That date does not exist. Please check the day and the month."
        ),
        "past": tr.text("That moment is in the past. Please give a date in the future."),
        "too_far": tr.text("That is too far ahead. Please choose a date within a year."),
        "nonexistent_time": tr.text(
            "That time does not exist on that day because the clocks change. Please choose "
            "another time."
        ),
    }
    turn.say(texts.get(reason) or tr.text("I did not understand that date and time."))
