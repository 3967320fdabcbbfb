"""Storage every feature shares: the declarative base, the repository base, the outbox, and
the WhatsApp delivery states."""
