"""Slack for reminders: posting them, and their snooze buttons."""
