"""What every app shares and nothing else: the one error type services raise, and the one
cleaning of text people write. It imports no Hearth app (import-linter holds this)."""
