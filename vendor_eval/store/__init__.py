"""Persistence: SQLModel tables, the database engine, units of work and migrations."""
