"""``python -m renstra_docs``: the ``renstra`` command."""

from .cli import main

if __name__ == "__main__":
    main()
