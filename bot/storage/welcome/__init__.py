"""Storage of Welcome Groups: groups, requests, proposals and matches, check-ins."""
