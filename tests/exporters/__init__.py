"""Tests of the file writers in gkdesk/exporters."""
