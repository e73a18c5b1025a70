"""The use cases on top of every capability: declaring, responding to and closing a crisis."""
