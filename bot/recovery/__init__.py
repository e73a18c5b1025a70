"""Rebuilding trust: the use cases over the trust facts and every other capability."""
