"""Command-line interface. Each subcommand lives in its own module and registers in main.COMMANDS."""
