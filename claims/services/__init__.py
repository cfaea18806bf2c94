"""Use cases: the only code that commits; each writes its audit event in the same transaction."""
