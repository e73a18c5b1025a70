"""The outbox: what must be said in Slack after a saved change, and how it is delivered."""
