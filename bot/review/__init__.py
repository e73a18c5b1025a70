"""Closing a crisis: resolution, the review after the dust settles, and the review document."""
