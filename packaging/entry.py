"""What the frozen program runs: the ``gkdesk`` command, which opens the window when given no command."""

import sys

from gkdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
