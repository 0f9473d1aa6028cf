"""Write docs/errors.md from the table of codes in newsprism/errors.py, so the list can't drift from the code.

    python scripts/make_error_docs.py          # rewrite docs/errors.md
    python scripts/make_error_docs.py --check  # exit 1 when docs/errors.md is stale (the test suite checks it)
"""

from __future__ import annotations

import sys
from pathlib import Path

from newsprism.errors import markdown

DOC = Path(__file__).resolve().parent.parent / "docs" / "errors.md"


def main(argv: list[str]) -> int:
    text = markdown()
    if "--check" in argv:
        if DOC.read_text(encoding="utf-8") != text:
            print(f"{DOC} is stale: run python scripts/make_error_docs.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
