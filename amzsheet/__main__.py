"""``python -m amzsheet``: the same as the ``amzsheet`` command."""

from amzsheet.cli import cli

cli(prog_name="amzsheet")
