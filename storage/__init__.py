"""Persistence: SQLModel tables, engine setup, Alembic migrations, repositories."""
