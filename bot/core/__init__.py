"""The channel-agnostic core: domain objects, ports and use cases.

Nothing in here imports a chat platform library, SQLAlchemy or a web framework; a lint rule
(ruff TID251, configured in pyproject.toml) keeps it that way.
"""
