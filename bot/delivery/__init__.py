"""Delivering what the app must say in Slack: the outbox and the one engine for it and reminders."""
