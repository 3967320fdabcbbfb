"""Storage of communities and memberships."""
