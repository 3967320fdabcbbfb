"""SQLAlchemy 2 async storage: tables, repositories and the unit of work.

The only package (besides its migrations) that imports SQLAlchemy and Alembic.
"""
