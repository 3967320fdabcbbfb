"""What every dialog feature shares: the turn, the routing types, the main menu, handing over
to another feature's step, picking a community, language names and small text helpers.

Imports no feature package (an import-linter contract checks it): features reach each other
only through `turn.routes`.
"""
