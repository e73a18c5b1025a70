"""The App Home: what is on each person's plate, as facts the Home tab renders."""
