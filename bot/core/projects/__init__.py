"""Projects: proposing and deciding, members and leads, updates, topics and interests."""
