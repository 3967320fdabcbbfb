"""Storage every feature shares: the declarative base, the repository base and the outbox."""
