"""``python -m langchain_taskgen.cli``: the ``taskgen`` command."""

from langchain_taskgen.cli import main

if __name__ == "__main__":
    main()
