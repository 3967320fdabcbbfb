"""Meetups: planning, changing and cancelling, RSVPs with a waitlist, series, reminders."""
