"""Ambassador tools: appointing co-ambassadors, the audit log, invite links, community
groups, broadcasts with language versions, and the figures behind /stats and /members."""
