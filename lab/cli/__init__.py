"""The headless jobs (`descent-lab SUBCOMMAND`) and the launcher of the window."""
