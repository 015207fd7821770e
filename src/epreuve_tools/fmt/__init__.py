"""`epreuve fmt`: the house form of épreuves, parcours and référentiel (pure core; the edge is `cli/fmt.py`).

`core.format_file` takes a file's bytes and gives its formatted bytes or the loader's finding;
`yamlfmt` lays out YAML keeping comments; `typography` and `body` set French prose.
"""
