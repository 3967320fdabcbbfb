"""Josoor: a multilingual chat bot that connects refugees and supporters in local communities."""

__version__ = "0.1.0"
