"""The App Home tab: listeners, Block Kit, and the refresher."""
