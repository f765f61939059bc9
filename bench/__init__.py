"""Benchmarks: scripts that print figures and ratios against a raw limit measured in the same run."""
