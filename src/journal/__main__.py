"""`python -m journal`: the same as the `journal` command."""

from journal.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
