"""Slack for customer insight: `/crisis insight` modals and the segment picker."""
