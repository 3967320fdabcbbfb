"""Telegram adapter (python-telegram-bot 22). The only package that imports `telegram`."""
