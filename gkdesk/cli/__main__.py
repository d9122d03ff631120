"""``python -m gkdesk.cli``: the same program as the ``gkdesk`` command."""

import sys

from gkdesk.cli import main

sys.exit(main())
