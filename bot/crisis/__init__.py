"""The crisis: its model, playbook, decisions and impact, declaration and response."""
