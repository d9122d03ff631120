"""Turning imported document text into tasks, units and deadlines."""
