"""Conversations, channel-agnostic: they read a neutral Inbound and answer with Replies.

No module here imports a chat platform library or SQLAlchemy (enforced by ruff TID251).
"""
