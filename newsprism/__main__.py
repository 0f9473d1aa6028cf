"""``python -m newsprism``: the same as the ``newsprism`` command."""

from newsprism.cli import main

if __name__ == "__main__":
    main()
