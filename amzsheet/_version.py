"""The version of amzsheet."""

__version__ = "0.1.0"
