"""Tests of the release tooling under ``packaging/``."""
