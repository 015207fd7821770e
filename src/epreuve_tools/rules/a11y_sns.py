"""Accessibility of sensory characteristics: position, shape, sound (A11Y-SNS).

Registered in `rules/__init__.py`; its rules land in slices of issue #10.
"""
