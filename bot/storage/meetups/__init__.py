"""Storage of meetups, series, RSVPs and check-ins."""
