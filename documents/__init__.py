"""The domain's facts in people's words, for every surface: Slack, the review document, the CLI."""
