"""Files on disk: atomic saves, backups, locks, the import ledger, the computer's time zone."""
