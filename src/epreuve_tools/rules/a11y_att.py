"""Accessibility of attachments (A11Y-ATT).

Registered in `rules/__init__.py`; its rules land in slices of issue #10.
"""
