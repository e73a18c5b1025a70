"""Slack for the crisis: declaring, the board, the steps, decisions, status; their Block Kit."""
