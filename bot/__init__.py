"""Crisis Desk domain: the customer-crisis playbook and its use cases (no Slack, no SQL)."""
