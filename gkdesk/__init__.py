"""gkdesk: 政务公开工作要点任务管理。"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("gkdesk")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
