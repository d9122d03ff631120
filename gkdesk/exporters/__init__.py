"""Writers of the files gkdesk hands out: fill-in Excel templates and, later, score workbooks.

Everything here is pure: records in, files out, no database and no Qt.
"""
