"""``python -m dashboard.cli``: the ``cchc`` command."""

import sys

from dashboard.cli import main

sys.exit(main())
