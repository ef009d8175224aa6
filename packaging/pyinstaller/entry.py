"""Entry point of the frozen app: the same `journal` command as the installed one."""

from journal.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
