"""The features the dialog engine routes to, besides onboarding and the basic commands.

To add a feature: build a `Feature` in its module and append it here.
"""

from __future__ import annotations

from dialogs import checkin, free_text, meetup_create, meetup_manage, meetups, relay
from dialogs.ambassadors import AMBASSADOR_TOOLS
from dialogs.projects import PROJECTS
from dialogs.routing import Feature, MenuItem
from dialogs.welcome import WELCOME

MEETUPS = Feature(
    name="meetups",
    commands={
        "/meetups": meetups.show_upcoming,
        "/newmeetup": meetup_create.start,
        "/reminders": meetups.toggle_reminders,
        "/checkin": checkin.command,
    },
    options={
        "rsvp": meetups.answer,
        "ics": meetups.calendar_file,
        "mk": meetup_create.on_option,
        "manage": meetup_manage.show_menu,
        "mg": meetup_manage.on_option,
    },
    states={
        checkin.STATE_CODE: checkin.code_state,
        **{state: meetup_create.on_text for state in meetup_create.TEXT_STATES},
        **{state: meetup_manage.on_text for state in meetup_manage.TEXT_STATES},
    },
    location_states=frozenset({meetup_create.STATE_PLACE, meetup_manage.STATE_NEW_PLACE}),
    menu=(
        MenuItem("meetups", lambda tr: tr.text("Meetups"), meetups.show_upcoming),
        MenuItem(
            "newmeetup",
            lambda tr: tr.text("Create a meetup"),
            meetup_create.start,
            ambassadors_only=True,
        ),
    ),
)

UNDERSTANDING = Feature(
    name="understanding",
    options={"nlu": free_text.chosen, "relay": relay.on_option},
    states={relay.STATE_COMPOSE: relay.on_text, relay.STATE_ANSWER: relay.on_text},
)

FEATURES: tuple[Feature, ...] = (MEETUPS, UNDERSTANDING, PROJECTS, AMBASSADOR_TOOLS, WELCOME)
