"""Validators generated from the schemas by scripts/compile_schemas.py."""
