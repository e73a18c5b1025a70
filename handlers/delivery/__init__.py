"""The outbox's Slack side: each kind of row rendered and sent once."""
