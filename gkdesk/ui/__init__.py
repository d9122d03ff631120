"""The Qt window. The only package (with gkdesk/app.py) that imports PySide6."""
