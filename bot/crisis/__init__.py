"""The crisis: its model, playbook, rules, decisions, impact and review record."""
