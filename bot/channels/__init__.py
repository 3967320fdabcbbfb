"""Channel adapters: each translates one platform to and from the neutral message model.

Adapters hold no business rules: they convert, send, and report delivery problems.
"""
