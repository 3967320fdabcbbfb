"""Members: accepting the privacy notice, channel accounts, the open dialog step, and
forgetting what we only needed for a while."""
