"""Adapters: HTTP, PostgreSQL, NATS, the CLI, and the composition root."""
