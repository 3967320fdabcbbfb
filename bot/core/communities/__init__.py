"""Local communities: finding one by name or place, joining, who is an ambassador where."""
