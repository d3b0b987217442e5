"""Entry point of the frozen bundle (PyInstaller): the same command as ``descent-lab``."""

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()  # harmless without child processes; required with them
    from lab.cli.main import main

    raise SystemExit(main())
