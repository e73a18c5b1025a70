"""Customer insight gathered before a crisis: segments, exposure, and their service."""
