"""``python -m lingyuan_targets`` runs the command line."""

from lingyuan_targets.cli import main

if __name__ == "__main__":
    main()
