"""The preview site for reviewers (issue #11): every épreuve as the learner sees it, and as a reviewer
checks it.

`pages.py` turns the content into engine-neutral pages (Markdown files whose body is HTML we escaped
ourselves, plus assets); `engine.py` is the only module that knows mkdocs-material, so that moving to
another static engine (Zensical…) touches it and the `site/` project only.
"""
