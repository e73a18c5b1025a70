"""Delivering what the app must say in Slack: the one engine for the outbox and reminders."""
