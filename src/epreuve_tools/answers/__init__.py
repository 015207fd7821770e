"""Pure judging core: reproduces how Pix judges a response, to the character (``shared/domain/pix.md`` §2–3).

No I/O here. ``judge(key, response)`` returns a :class:`Verdict` whose explanation is structured data;
:func:`render_explanation` renders it in French.

Decisions, where Pix's behaviour is not a status:

* Where Pix's API throws (unreadable YAML, a QROCM-ind blank that the key lacks, a ``null`` value such as
  ``a:``, a QROCM-ind response that is a bare string, a QROCM-dep response that is empty YAML), the verdict is
  ``ko`` with ``pix_error`` saying why, in French. The judge itself never raises on a string within the
  bounds of :mod:`.limits`; past them it raises :class:`JudgingLimitError` (French message), not judging.
* A QROC key's accepted strings are the lines of ``'\n'.join(items)``, empty lines dropped, as Pix splits its
  one-string solution: an item containing ``'\n'`` is several accepted answers.
* A QROCM key's accepted strings are taken as the values Pix reads from the bundle's solution YAML: QROCM-ind
  pre-treats them and the blank names (Pix pre-treats the whole YAML text; two names it makes one are a
  duplicated key, which js-yaml refuses: every response is then a ``YamlParsingError``), QROCM-dep does not. This matches Pix when that YAML carries
  the strings literally (e.g. JSON text, which is YAML 1.2), not as escapes.

Reproduced as Pix does, although surprising (each pinned by a test in ``tests/answers``): an empty or
comment-only QROCM-ind response is ``ok`` (nothing is compared); a QROCM-ind blank named ``__proto__`` never
counts; a response blank the key lacks is a ``YamlParsingError``, but a ``TypeError`` when it is named after
a property of ``Object.prototype`` (``toString``, ``constructor``…), which Pix's lookup finds; a QROCM-dep response that is a plain string is split into UTF-16 code units; answers and groups are
visited in JavaScript's ``Object.keys`` order (array-index keys first); ``isNumeric`` trims but the number
reading does not, so ``' 1 000'`` is 1 and ``' - 5'`` is NaN (then no accepted answer equals it).
"""

from .explain import render_explanation
from .judge import ABANDON, judge, response_fields
from .key import KINDS, PIX_TYPE, AnswerKey, Kind
from .limits import (
    MAX_COMPARED_CHARACTERS,
    MAX_COMPARISONS,
    MAX_LISTED_CANDIDATES,
    MAX_RESPONSE_LENGTH,
    MAX_RESPONSE_NODES,
    Budget,
    JudgingLimitError,
)
from .treatments import (
    ALL_TOLERANCES,
    MAX_RATIO,
    Tolerance,
    apply_treatments,
    is_close_enough,
    is_numeric,
    levenshtein_distance,
    levenshtein_ratio,
    parse_number,
    pre_treat,
    t1,
    t2,
)
from .verdict import (
    Candidate,
    ChoiceCheck,
    Explanation,
    FieldCheck,
    NumberReading,
    NumericCheck,
    Status,
    Steps,
    Verdict,
)

__all__ = [
    "ABANDON",
    "ALL_TOLERANCES",
    "KINDS",
    "MAX_COMPARED_CHARACTERS",
    "MAX_COMPARISONS",
    "MAX_LISTED_CANDIDATES",
    "MAX_RATIO",
    "MAX_RESPONSE_LENGTH",
    "MAX_RESPONSE_NODES",
    "PIX_TYPE",
    "AnswerKey",
    "Budget",
    "Candidate",
    "ChoiceCheck",
    "Explanation",
    "FieldCheck",
    "JudgingLimitError",
    "Kind",
    "NumberReading",
    "NumericCheck",
    "Status",
    "Steps",
    "Tolerance",
    "Verdict",
    "apply_treatments",
    "is_close_enough",
    "is_numeric",
    "judge",
    "levenshtein_distance",
    "levenshtein_ratio",
    "parse_number",
    "pre_treat",
    "render_explanation",
    "response_fields",
    "t1",
    "t2",
]
