"""What every feature shares: the neutral message model, the clock, proactive delivery and
the outbox rows. Imports no feature."""
