"""Welcome Groups: groups and requests, the matching, proposals, talking and check-ins."""
