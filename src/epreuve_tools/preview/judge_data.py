"""The answer key as the in-page judge (`site/assets/judge.js`) reads it: JSON data in the learner page.

QROCM blanks and groups are written as a list of ``[name, accepted]`` pairs, not as an object, so that the
script sees them in the key's order and no name (``__proto__``…) can act on a JavaScript object.
The text is ASCII (``\\uXXXX`` escapes), so it survives any page encoding, and the page escapes it again
as an attribute value: it is data, never markup nor script.
"""

from __future__ import annotations

import json
from typing import cast

from epreuve_tools.answers.key import AnswerKey, Groups


def key_data(key: AnswerKey) -> dict[str, object]:
    """What judge.js needs to judge as `epreuve answer` does: kind, solution, tolerances, format, selects."""
    solution: object
    if isinstance(key.solution, str):
        solution = key.solution
    elif key.kind in ("qrocm-ind", "qrocm-dep"):
        solution = [[name, list(accepted)] for name, accepted in cast(Groups, key.solution)]
    else:
        solution = list(key.solution)
    return {
        "kind": key.kind,
        "solution": solution,
        "tolerances": list(key.tolerances),
        "format": key.format,
        "selects": sorted(key.selects),
        "firstBlankIsSelect": key.first_blank_is_select,
    }


def key_json(key: AnswerKey) -> str:
    """:func:`key_data` as one line of ASCII JSON."""
    return json.dumps(key_data(key), ensure_ascii=True, separators=(",", ":"))
