"""Benchmarks: scripts that print numbers (run them all with `make bench`)."""
