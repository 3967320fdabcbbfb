"""A member's control over their data: everything stored about them, export and erasure."""
