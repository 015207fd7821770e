"""epreuve-tools: write, check and ship Pix épreuves."""

__version__ = "0.1.0"
