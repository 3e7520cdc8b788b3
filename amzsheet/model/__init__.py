"""Recompute every computed column in pandas: pure functions, the notebook API. No file I/O."""
