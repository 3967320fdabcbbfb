"""The channel-agnostic core: one package per feature (domain, ports, use cases) on a small
common part (messages, clock, delivery, the outbox).

Nothing in here imports a chat platform library, SQLAlchemy or a web framework; the
import-linter contracts in pyproject.toml keep it that way and keep the features layered.
"""
