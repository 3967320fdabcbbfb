"""The names the NLU speaks: intents, the fallback, the internal out-of-scope class, languages."""

from __future__ import annotations

from typing import Final

#: Every intent a parse can return besides `NLU_FALLBACK`, in a fixed order.
INTENTS: Final[tuple[str, ...]] = (
    "greet",
    "goodbye",
    "thanks",
    "affirm",
    "deny",
    "help",
    "find_community",
    "next_meetup",
    "rsvp_yes",
    "rsvp_no",
    "list_projects",
    "join_project",
    "leave_project",
    "change_language",
    "reminders_off",
    "delete_my_data",
    "talk_to_human",
    "welcome_group",
)
#: What a parse says when no intent is likely enough (or the message is out of scope).
NLU_FALLBACK: Final = "nlu_fallback"
#: Training-only class of messages we do not handle (weather, prices, jokes, gibberish…); it
#: calibrates the fallback and is never returned: a parse says `NLU_FALLBACK` instead.
OUT_OF_SCOPE: Final = "out_of_scope"
#: The languages the training data and the language identifier cover.
LANGUAGES: Final[tuple[str, ...]] = ("ar", "fa", "en", "de", "nl", "uk")
#: The only entity.
CITY: Final = "city"
