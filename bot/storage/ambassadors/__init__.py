"""Storage of the ambassador tools: invites, the audit log, community groups, broadcasts and
the figures behind /stats, /members and the impact page."""
