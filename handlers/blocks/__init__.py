"""Block Kit builders, all made of slack_sdk.models so Slack's limits are checked before sending."""
