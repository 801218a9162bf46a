"""Learning from use: outcomes and ratings counted, badly answered questions kept (redacted,
only when allowed) and grouped for `fwbot gaps`."""
