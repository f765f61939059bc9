"""Use cases: commands run against each region's event store."""
