"""The meetup being created, kept in the conversation state until it is confirmed: the
steps' states, the draft read back from them, and the words for what cannot be accepted."""

from __future__ import annotations

from datetime import datetime

from bot.core.common.domain import Coordinates
from bot.core.communities.domain import Community
from bot.core.meetups.lifecycle import MeetupDraft, MeetupProblem
from bot.core.meetups.series import WEEKLY_RULE, monthly_rule
from dialogs.common.turn import Turn

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


def draft_data(turn: Turn) -> dict[str, object]:
    assert turn.conversation is not None
    return turn.conversation.data


def next_step(turn: Turn, state: str, **changes: object) -> None:
    turn.set_state(state, **{**draft_data(turn), **changes})


def draft_of(turn: Turn) -> MeetupDraft:
    data = draft_data(turn)
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


def repeat_rule(turn: Turn, community: Community) -> str | None:
    repeat = draft_data(turn).get("repeat")
    if repeat == "weekly":
        return WEEKLY_RULE
    if repeat == "monthly":
        return monthly_rule(draft_of(turn).starts_at, community.timezone)
    return None


def say_problem(turn: Turn, problem: MeetupProblem) -> None:
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
