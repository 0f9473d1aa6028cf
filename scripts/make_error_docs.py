"""Write docs/errors.md from the table of codes in newsprism/errors.py, so the list can't drift from the code.

    python scripts/make_error_docs.py          # rewrite docs/errors.md
    python scripts/make_error_docs.py --check  # exit 1 when docs/errors.md is stale (the test suite checks it)
"""

from __future__ import annotations

import sys
from pathlib import Path

from make_cli_docs import write_or_check  # scripts/ is on the path when run as a script

from newsprism.errors import markdown

DOC = Path(__file__).resolve().parent.parent / "docs" / "errors.md"


def main(argv: list[str]) -> int:
    return write_or_check(DOC, markdown(), argv, "make_error_docs.py")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
