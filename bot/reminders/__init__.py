"""Reminders: what is due and when, which changes cause them, and delivering each exactly once."""
