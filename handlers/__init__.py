"""Everything Slack: listeners, Block Kit builders, and the outbound gateway."""
