"""JSON Schema validation of front matters, référentiel and parcours, reported at exact positions."""
