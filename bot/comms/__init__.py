"""Telling customers: honest updates, approved before they go out, delivered exactly once."""
