"""Background jobs on APScheduler 3.11.

State lives in our database, never in the scheduler: jobs are plain functions that receive
what they need, open their own unit of work and can run twice without harm.
"""
