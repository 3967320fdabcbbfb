"""The local web chat: a page and a JSON endpoint on the bot's own HTTP server.

Each browser tab is its own member, identified by a session cookie and a tab id the server
issues (`session.py`).
"""
