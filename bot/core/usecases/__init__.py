"""Use cases: small classes, dependencies in the constructor, the work in `async __call__`."""
