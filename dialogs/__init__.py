"""Conversations, channel-agnostic: they read a neutral Inbound and answer with Replies.

No module here imports a chat platform library or SQLAlchemy, and no feature package imports
another (import-linter contracts in pyproject.toml).
"""
