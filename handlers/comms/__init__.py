"""Slack for telling customers: the update form, its preview, approval, and publishing."""
