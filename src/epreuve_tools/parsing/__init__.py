"""Turning bytes into data with positions: text decoding, front matter, YAML, Markdown, blanks."""
