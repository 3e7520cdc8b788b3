"""``python -m amzsheet``: the same as the ``amzsheet`` command."""

from .cli import cli

cli(prog_name="amzsheet")
