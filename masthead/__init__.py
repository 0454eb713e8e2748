"""masthead: self-hosted publishing for reader-funded independent news sites."""

__version__ = "0.1.0"
