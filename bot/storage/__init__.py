"""SQLAlchemy 2 async storage: one package per feature (tables and one repository module per
aggregate) on a small common part, the unit of work that gathers them, and the migrations.

The only package (besides its migrations) that imports SQLAlchemy and Alembic.
"""
