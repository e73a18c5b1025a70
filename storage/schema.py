"""Imports every table module so SQLModel.metadata knows the whole schema."""

from storage import tables

__all__ = ["tables"]
