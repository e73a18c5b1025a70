"""Slack for closing: `/crisis resolve`, `/crisis review` and their modals."""
