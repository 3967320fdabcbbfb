"""The local web chat: a page and a JSON endpoint on the bot's own HTTP server.

Each browser tab keeps a random session id in sessionStorage and is its own member.
"""
