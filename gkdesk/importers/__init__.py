"""Readers that turn source documents (.docx and older Word/WPS files) into ``Block`` records."""
