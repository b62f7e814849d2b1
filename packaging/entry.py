"""Entry point of the PyInstaller bundle: the same `vpcdesigner` command as the installed one."""

import sys

from vpcdesigner.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
