"""Signed releases: a TUF repository written with python-tuf (`repository`), keys, and verification."""
