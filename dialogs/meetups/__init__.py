"""Meetups: the list, RSVPs with a waitlist, calendar files, reminders on/off, planning and
managing a meetup, check-in with a code, copying another community's meetup format, the
meetup messages of the outbox, and free text about the next meetup."""

from __future__ import annotations

from dialogs.common.routing import CommandHelp, Feature, MenuItem, Tool
from dialogs.meetups import checkin, copy, create, draft, intents, manage, series, upcoming
from dialogs.meetups.notices import NOTICES

FEATURE = Feature(
    name="meetups",
    commands={
        "/meetups": upcoming.show_upcoming,
        "/newmeetup": create.start,
        "/reminders": upcoming.toggle_reminders,
        "/checkin": checkin.command,
    },
    help={
        "/meetups": CommandHelp(lambda tr: tr.text("The next meetups of your communities")),
        "/newmeetup": CommandHelp(lambda tr: tr.text("Plan a meetup"), ambassadors_only=True),
        "/reminders": CommandHelp(lambda tr: tr.text("Turn meetup reminders off or on")),
        "/checkin": CommandHelp(lambda tr: tr.text("Check in at a meetup with its code")),
    },
    options={
        "rsvp": upcoming.answer,
        "ics": upcoming.calendar_file,
        "mk": create.on_option,
        "manage": manage.show_menu,
        "mg": manage.on_option,
        "ms": series.on_option,
        "mcopy": copy.on_option,
    },
    states={
        checkin.STATE_CODE: checkin.code_state,
        **{state: create.on_text for state in draft.TEXT_STATES},
        **{state: manage.on_text for state in manage.TEXT_STATES},
        **{state: series.on_text for state in series.TEXT_STATES},
        **{state: copy.on_text for state in copy.TEXT_STATES},
    },
    location_states=frozenset(
        {draft.STATE_PLACE, manage.STATE_NEW_PLACE, series.STATE_PLACE, copy.STATE_PLACE}
    ),
    menu=(MenuItem("meetups", lambda tr: tr.text("Meetups"), upcoming.show_upcoming),),
    # Among the ambassador tools, not in the main menu: with it, an ambassador's main menu
    # would have eleven entries, more than a WhatsApp list holds.
    tools=(Tool("newmeetup", lambda tr: tr.text("Create a meetup"), create.start_for),),
    intents={
        "next_meetup": intents.next_meetup,
        "rsvp_yes": intents.rsvp_yes,
        "rsvp_no": intents.rsvp_no,
    },
    notices=NOTICES,
)
