"""Calendar files (RFC 5545) for meetups, correct in common calendar apps.

The UID is stable per meetup, so importing the file again after a change updates the entry
instead of adding a second one; times carry a TZID with a VTIMEZONE, so a meetup at 15:00 in
Vienna stays at 15:00 Vienna time whatever zone the phone is in.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import quote
from zoneinfo import ZoneInfo

from bot.core.meetups.domain import Meetup

#: Meetups have no end time in our data; calendars need one.
DEFAULT_LENGTH = timedelta(hours=2)
UID_DOMAIN = "josoor.community"


def meetup_uid(meetup: Meetup) -> str:
    return f"meetup-{meetup.id}@{UID_DOMAIN}"


def meetup_calendar(
    meetup: Meetup, timezone: str, now: datetime, *, sequence: int = 0, url: str | None = None
) -> bytes:
    from icalendar import Calendar, Event, vText  # 0.3 s to import: only when a file is asked for

    zone = ZoneInfo(timezone)
    calendar = Calendar()
    calendar.add("prodid", "-//Josoor//Meetups//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", meetup_uid(meetup))
    event.add("dtstamp", now)
    event.add("sequence", sequence)
    start = meetup.starts_at.astimezone(zone)
    event.add("dtstart", start)
    event.add("dtend", start + DEFAULT_LENGTH)
    event.add("summary", meetup.title)
    if meetup.place:
        event.add("location", vText(meetup.place))
    if meetup.place_coordinates is not None:
        event.add("geo", (meetup.place_coordinates.latitude, meetup.place_coordinates.longitude))
    if meetup.description:
        event.add("description", meetup.description)
    if url:
        event.add("url", url)
    event.add("status", "CANCELLED" if meetup.cancelled else "CONFIRMED")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def map_link(meetup: Meetup) -> str | None:
    """An OpenStreetMap link: to the pin if there is one, else a search for the address."""
    if meetup.place_coordinates is not None:
        lat, lon = meetup.place_coordinates.latitude, meetup.place_coordinates.longitude
        return (
            f"https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lon:.5f}"
            f"#map=17/{lat:.5f}/{lon:.5f}"
        )
    if meetup.place:
        return f"https://www.openstreetmap.org/search?query={quote(meetup.place)}"
    return None
