"""gkdesk: 政务公开工作要点任务管理。"""

# Kept equal to pyproject.toml's version by tests/test_cli.py (reading package metadata at start-up
# costs 30 ms of the window's start).
__version__ = "0.1.0"
