"""Storage of members: accounts, consents, dialog state, parked links, processed events."""
