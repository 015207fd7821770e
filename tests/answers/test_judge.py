"""Named cases: type, key, tolerances, format, response → status, each citing the rule it pins.

"Pix test" marks a case taken from Pix's own unit tests (``solution-service-*_test.js``); "pix.md" cites
``shared/domain/pix.md``; "Pix code" cites the source line the case reproduces.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from epreuve_tools.answers import AnswerKey, judge, render_explanation

ALL = ("t1", "t2", "t3")


@dataclass(frozen=True)
class Case:
    key: AnswerKey
    response: str
    status: str
    rule: str
    timed_out: bool = False
    details: dict[str, bool] | None = None
    pix_error: bool = False


def qroc(
    *accepted: str, tolerances: tuple[str, ...] = ALL, fmt: str | None = None, select: bool = False
) -> AnswerKey:
    return AnswerKey.qroc(accepted, tolerances=tolerances, format=fmt, first_blank_is_select=select)


def ind(
    blanks: dict[str, list[str]], tolerances: tuple[str, ...] = ALL, selects: tuple[str, ...] = ()
) -> AnswerKey:
    return AnswerKey.qrocm_ind(blanks, tolerances=tolerances, selects=selects)


def dep(
    groups: dict[str, list[str]], tolerances: tuple[str, ...] = ALL, selects: tuple[str, ...] = ()
) -> AnswerKey:
    return AnswerKey.qrocm_dep(groups, tolerances=tolerances, selects=selects)


QCU = AnswerKey.qcu("2")
QCM = AnswerKey.qcm(["1", "3"])

CASES: dict[str, Case] = {
    # -- skip and timeout (pix.md §2.3, Examiner.evaluate) ----------------------------------------------------
    "aband": Case(QCU, "#ABAND#", "aband", "pix.md §2.3 #ABAND# before any validator"),
    "aband-even-if-timed-out": Case(QCU, "#ABAND#", "aband", "pix.md §2.3", timed_out=True),
    "aband-is-exact": Case(QCU, " #ABAND#", "ko", "pix.md §2.3 value === '#ABAND#'"),
    "aband-qrocm": Case(ind({"a": ["x"]}), "#ABAND#", "aband", "pix.md §2.3"),
    "timedout-correct": Case(QCU, "2", "timedout", "pix.md §2.3 ok + timed out → timedout", timed_out=True),
    "timedout-wrong-stays-ko": Case(QCU, "1", "ko", "pix.md §2.3 only a correct answer", timed_out=True),
    # -- QCU (pix.md §3.3) ------------------------------------------------------------------------------------
    "qcu-exact": Case(QCU, "2", "ok", "pix.md §3.3 answer === solution"),
    "qcu-trailing-space": Case(QCU, "2 ", "ko", "pix.md §3.3 no trimming"),
    "qcu-leading-zero": Case(QCU, "02", "ko", "pix.md §3.3 string equality"),
    "qcu-other": Case(QCU, "1", "ko", "pix.md §3.3"),
    "qcu-empty": Case(QCU, "", "ko", "pix.md §3.3"),
    # -- QCM (pix.md §3.3 areCSVequivalent) -------------------------------------------------------------------
    "qcm-same": Case(QCM, "1,3", "ok", "pix.md §3.3"),
    "qcm-order-free": Case(QCM, "3,1", "ok", "pix.md §3.3 sorted"),
    "qcm-spaces-trimmed": Case(QCM, " 3 , 1 ", "ok", "pix.md §3.3 each item trimmed"),
    "qcm-js-trim": Case(QCM, "\u00a01,3\ufeff", "ok", "pix.md §3.3 lodash trim = JS whitespace"),
    "qcm-python-space-not-trimmed": Case(QCM, "\x1c1,3", "ko", "pix.md §3.3 U+001C is not JS whitespace"),
    "qcm-missing": Case(QCM, "1", "ko", "pix.md §3.3 missing item"),
    "qcm-extra": Case(QCM, "1,3,2", "ko", "pix.md §3.3 extra item"),
    "qcm-duplicate": Case(
        QCM, "1,1,3", "ko", "pix.md §3.3 lists compared whole: a duplicate is an extra item"
    ),
    "qcm-trailing-comma": Case(QCM, "1,3,", "ko", "pix.md §3.3 split(',') keeps the empty item"),
    "qcm-semicolon": Case(QCM, "1;3", "ko", "pix.md §3.3 only ',' separates"),
    "qcm-key-with-spaces": Case(AnswerKey.qcm([" 3", "1 "]), "1,3", "ok", "pix.md §2.1 solution '1, 3'"),
    # -- QROC string branch (pix.md §3.4 step 4) --------------------------------------------------------------
    "qroc-same": Case(qroc("Answer"), "Answer", "ok", "Pix test QROC"),
    "qroc-case": Case(qroc("ANSWER"), "answer", "ok", "Pix test QROC (T1)"),
    "qroc-inner-spaces": Case(qroc("abcde"), "a b c d e", "ok", "Pix test QROC (T1 removes spaces)"),
    "qroc-nbsp": Case(qroc("abcde"), "a\u00a0b\u00a0c d e", "ok", "Pix test QROC (pre-treatment + T1)"),
    "qroc-solution-trimmed": Case(qroc("    abcd   "), "abcd", "ok", "Pix test QROC (T1 trims the solution)"),
    "qroc-punctuation": Case(qroc("punct"), ",.!p-u-n-c-t", "ok", "Pix test QROC (T2)"),
    "qroc-accents": Case(qroc("wîth àccénts êêê"), "with accents eee", "ok", "Pix test QROC (T1)"),
    "qroc-among-variants": Case(
        qroc("variant 1\nvariant 2\nvariant 3\n"), "variant 1", "ok", "Pix test QROC"
    ),
    "qroc-0.2-away": Case(qroc("quacks\nazertysqdf\nblablabla\n"), "quack", "ok", "Pix test QROC (T3)"),
    "qroc-0.25-away": Case(qroc("qvak\nqwak\nanything\n"), "quak", "ok", "Pix test QROC (T3 inclusive)"),
    "qroc-0.3-away": Case(qroc("1234567"), "0123456789", "ko", "Pix test QROC (T3)"),
    "qroc-0.4-away": Case(qroc("qvakes\nqwakes\nanything\n"), "quaks", "ko", "Pix test QROC (T3)"),
    "qroc-10-away": Case(qroc("0123456789"), "a", "ko", "Pix test QROC (T3: answer length)"),
    "qroc-no-match": Case(qroc("unmatched solution variant"), "abandoned answer", "ko", "Pix test QROC"),
    "qroc-empty-solution": Case(qroc(""), "", "ko", "Pix test QROC (empty solution)"),
    "qroc-only-empty-lines": Case(qroc("\n", ""), "", "ko", "pix.md §3.4 step 2 empty lines dropped"),
    "qroc-item-with-newline": Case(qroc("Paris\nLutèce"), "Lutèce", "ok", "pix.md §3.4 step 2 split on \\n"),
    "qroc-crlf-without-t1": Case(
        qroc("Paris\r\nLyon", tolerances=()), "Paris", "ko", "pix.md §8: a stray \\r stays without T1"
    ),
    "qroc-crlf-with-t1": Case(
        qroc("Paris\r\nLyon", tolerances=("t1",)), "Paris", "ok", "pix.md §8: T1 trims it"
    ),
    "qroc-answer-nfc": Case(qroc("\u00e9", tolerances=()), "e\u0301", "ok", "pix.md §3.4 answer pre-treated"),
    "qroc-solution-not-nfc": Case(
        qroc("e\u0301", tolerances=()), "\u00e9", "ko", "pix.md §3.4 solutions are not pre-treated"
    ),
    "qroc-answer-nbsp": Case(qroc("a b", tolerances=()), "a\u00a0b", "ok", "pix.md §3.4 answer pre-treated"),
    "qroc-solution-nbsp": Case(qroc("a\u00a0b", tolerances=()), "a b", "ko", "pix.md §3.4 asymmetric"),
    "qroc-t2-keeps-outer-spaces": Case(
        qroc(" Shi FooBar ", tolerances=("t2",)), " Shi Foo-Bar ", "ok", "pix.md §3.2 T2 (Pix test)"
    ),
    "qroc-t2-outer-spaces-matter": Case(
        qroc("Shi FooBar", tolerances=("t2",)), " Shi Foo-Bar ", "ko", "pix.md §3.2 T2 keeps outer spaces"
    ),
    "qroc-cœur-is-cur": Case(qroc("cœur", tolerances=("t1", "t2")), "cur", "ok", "pix.md §3.2 T2 drops œ"),
    "qroc-coeur-is-not-cœur": Case(
        qroc("cœur", tolerances=("t1", "t2")), "coeur", "ko", "pix.md §3.2 T1 keeps œ"
    ),
    "qroc-t2-alone-drops-accents": Case(
        qroc("iae eee", tolerances=("t2", "t3")), "îàé êêê", "ko", "Pix test QROC t1 deactivated (accent)"
    ),
    "qroc-spaces-only-solution": Case(qroc("   "), "", "ok", "pix.md §3.2 T1 empties it; empty vs empty = 0"),
    "qroc-empty-answer": Case(qroc("x"), "", "ko", "pix.md §3.2 T3 empty answer → infinity"),
    "qroc-emoji-ratio-in-code-units": Case(
        qroc("abc", tolerances=("t3",)), "abc😀", "ko", "pix.md §3.2 T3 in UTF-16 units: 2/5 > 0.25"
    ),
    "qroc-emoji-surrogates-share": Case(
        qroc("😀😁", tolerances=("t3",)), "😀😀", "ok", "pix.md §3.2 T3 in UTF-16 units: 1/4"
    ),
    "qroc-javascript-whitespace": Case(
        qroc("ab", tolerances=("t1",)), "a\u3000\ufeffb", "ok", "pix.md §3.2 T1 removes JS \\s"
    ),
    "qroc-python-whitespace-kept": Case(
        qroc("ab", tolerances=("t1",)), "a\x85b", "ko", "pix.md §3.2 T1: U+0085 is not JS \\s"
    ),
    # -- QROC with a select as its blank (pix.md §3.4 step 4) ------------------------------------------------
    "select-same": Case(qroc("Answer", select=True), "Answer", "ok", "Pix test QROC select"),
    "select-case": Case(qroc("ANSWER", select=True), "answer", "ko", "Pix test QROC select: no T1"),
    "select-spaces": Case(qroc("abcde", select=True), "a b c d e", "ko", "Pix test QROC select"),
    "select-punctuation": Case(
        qroc("punct", select=True), ",.!p-u-n-c-t", "ko", "Pix test QROC select: no T2"
    ),
    "select-variants": Case(
        qroc("variant 1\nvariant 2", select=True), "variant 1", "ok", "Pix test QROC select"
    ),
    "select-no-t3": Case(qroc("quacks", select=True), "quack", "ko", "Pix test QROC select: no T3"),
    "select-still-pre-treated": Case(qroc("a b", select=True), "a\u00a0b", "ok", "pix.md §3.4 pre-treatment"),
    # -- QROC numeric branch (pix.md §3.4 step 3) ------------------------------------------------------------
    "num-equal": Case(qroc("0.123", fmt="nombre"), "0.123", "ok", "Pix test QROC numeric"),
    "num-leading-zero": Case(qroc("123", fmt="nombre"), "0123", "ok", "Pix test QROC numeric"),
    "num-trailing-zero": Case(qroc("123", fmt="nombre"), "1230", "ko", "Pix test QROC numeric"),
    "num-dot-zero": Case(qroc("123", fmt="nombre"), "123.0", "ok", "Pix test QROC numeric"),
    "num-comma-zero": Case(qroc("123", fmt="nombre"), "123,0", "ok", "Pix test QROC numeric"),
    "num-comma-zeros": Case(qroc("123", fmt="nombre"), "123,000", "ok", "Pix test QROC numeric"),
    "num-other-decimal": Case(qroc("123", fmt="nombre"), "123.4", "ko", "Pix test QROC numeric"),
    "num-two-commas": Case(qroc("123", fmt="nombre"), "123,,00", "ko", "Pix test QROC numeric: not numeric"),
    "num-two-dots": Case(qroc("123", fmt="nombre"), "123..00", "ko", "Pix test QROC numeric"),
    "num-comma-dot": Case(qroc("123", fmt="nombre"), "123,.00", "ko", "Pix test QROC numeric"),
    "num-close-below": Case(qroc("123", fmt="nombre"), "122,1", "ko", "Pix test QROC numeric: no T3"),
    "num-solution-decimal": Case(qroc("123.4", fmt="nombre"), "123", "ko", "Pix test QROC numeric"),
    "num-solution-dot-zero": Case(qroc("123.0", fmt="nombre"), "123", "ok", "Pix test QROC numeric"),
    "num-space": Case(qroc("25000", fmt="nombre"), "00025 000", "ok", "Pix test QROC numeric"),
    "num-several": Case(qroc("21\n22\n23\n", fmt="nombre"), "23", "ok", "Pix test QROC numeric"),
    "num-55,0": Case(qroc("55", fmt="nombre"), "55,0", "ok", "pix.md §3.4 step 3"),
    "num-padded": Case(qroc("55", fmt="nombre"), " 055 ", "ok", "FORMAT.md §2 example"),
    "num-first-space-and-comma": Case(
        qroc("1000.5", fmt="nombre"), "1 000,5", "ok", "pix.md §3.4 first only"
    ),
    "num-second-space-not-numeric": Case(
        qroc("1000000", fmt="nombre"), "1 000 000", "ok", "pix.md §3.4: not numeric → string branch, T1"
    ),
    "num-leading-space-is-the-first": Case(
        qroc("1", fmt="nombre"),
        " 1 000",
        "ok",
        "Pix code: isNumeric trims, cleanStringAndParseFloat does not",
    ),
    "num-leading-space-not-1000": Case(qroc("1000", fmt="nombre"), " 1 000", "ko", "Pix code: value is 1"),
    "num-hex-is-zero": Case(
        qroc("0", fmt="nombre"), "0x10", "ok", "pix.md §3.4: Number('0x10') ok, parseFloat 0"
    ),
    "num-hex-not-sixteen": Case(qroc("16", fmt="nombre"), "0x10", "ko", "pix.md §3.4"),
    "num-exponent": Case(qroc("1000", fmt="nombre"), "1e3", "ok", "JS Number/parseFloat"),
    "num-infinity": Case(qroc("1e400", fmt="nombre"), "Infinity", "ok", "JS parseFloat overflow"),
    "num-minus-zero": Case(qroc("0", fmt="nombre"), "-0", "ok", "indexOf uses ===, -0 === 0"),
    "num-plus": Case(qroc("5", fmt="nombre"), "+5", "ok", "JS Number('+5')"),
    "num-nan-value": Case(
        qroc("-5", fmt="nombre", tolerances=()),
        " - 5",
        "ko",
        "Pix code: numeric, but parseFloat('- 5') is NaN",
    ),
    "num-not-numeric-answer": Case(
        qroc("12", fmt="nombre"), "12abc", "ko", "pix.md §3.4: string branch, T3 3/5"
    ),
    "num-nbsp-string-branch": Case(
        qroc("1000", fmt="nombre"), "1\u00a0000", "ok", "pix.md §3.4: not numeric; pre-treatment + T1"
    ),
    "num-non-numeric-solution": Case(
        qroc("55", "cinquante-cinq", fmt="nombre"),
        "55,0",
        "ko",
        "pix.md §3.4: every solution must be numeric",
    ),
    "num-format-required": Case(qroc("55"), "55,0", "ko", "pix.md §3.4: only with format nombre"),
    "num-select-ignored": Case(
        qroc("55", fmt="nombre", select=True), "55,0", "ok", "Pix code: the numeric branch ignores selects"
    ),
    # -- QROCM-ind (pix.md §3.5) ------------------------------------------------------------------------------
    "ind-nominal": Case(
        ind({"9lettres": ["courgette"], "6lettres": ["tomate", "chicon", "legume"]}),
        "9lettres: courgette\n6lettres: tomate",
        "ok",
        "Pix test QROCM-ind nominal",
        details={"9lettres": True, "6lettres": True},
    ),
    "ind-numbers": Case(
        ind({"num1": ["888"], "num2": ["64"]}), "num1: 888\nnum2: 64", "ok", "Pix test QROCM-ind numbers"
    ),
    "ind-comma-decimal": Case(
        ind({"num1": ["888,00"], "num2": ["64"]}), 'num1: "888,00"\nnum2: 64', "ok", "Pix test QROCM-ind"
    ),
    "ind-solution-spaces-and-case": Case(
        ind({"9lettres": ["  COUrgETTE   "], "6lettres": ["   TOmaTE    ", "LEGUME   "]}),
        "9lettres: c o u r g e t t e\n6lettres: t o m a t e",
        "ok",
        "Pix test QROCM-ind",
    ),
    "ind-levenshtein": Case(
        ind({"9lettres": ["courgette"], "6lettres": ["tomate"]}),
        "9lettres: C O U G E T T E\n6lettres: \u00a0O M A T E",
        "ok",
        "Pix test QROCM-ind (T1 + T3)",
    ),
    "ind-everything": Case(
        ind({"9lettres": ["courgette"], "6lettres": ["tomate"]}),
        "9lettres: ç O u -- ;\" ;--- _ ' grè TTÊ\n6lettres: \u00a0O M A T E",
        "ok",
        "Pix test QROCM-ind (T1 + T2 + T3)",
    ),
    "ind-swapped": Case(
        ind({"9lettres": ["courgette"], "6lettres": ["tomate", "chicon"]}),
        "9lettres: tomate\n6lettres: courgette",
        "ko",
        "Pix test QROCM-ind: each blank has its own answers",
        details={"9lettres": False, "6lettres": False},
    ),
    "ind-one-too-far": Case(
        ind({"9lettres": ["abcdefg"], "6lettres": ["ghjklm", "ghjklp"]}),
        "9lettres: abcde\n6lettres: ghjkl",
        "ko",
        "Pix test QROCM-ind: one ratio above 0.25",
        details={"9lettres": False, "6lettres": True},
    ),
    "ind-strict-without-t3": Case(
        ind({"a": ["courgette"]}, tolerances=("t1", "t2")), "a: courgett", "ko", "pix.md §3.5 step 5 includes"
    ),
    "ind-select-no-tolerance": Case(
        ind({"a": ["Paris"], "b": ["Lyon"]}, selects=("b",)),
        "a: paris\nb: lyon",
        "ko",
        "pix.md §3.5 step 4 select blanks get none",
        details={"a": True, "b": False},
    ),
    "ind-both-pre-treated": Case(
        ind({"a": ["a\u00a0b", "e\u0301"]}, tolerances=()), "a: a b", "ok", "pix.md §3.5 step 2 both sides"
    ),
    "ind-answer-nfc": Case(ind({"a": ["e\u0301"]}, tolerances=()), "a: \u00e9", "ok", "pix.md §3.5 step 2"),
    "ind-missing-key-throws": Case(
        ind({"a": ["x"]}), "a: x\nz: y", "ko", "pix.md §3.5 step 5 YamlParsingError", pix_error=True
    ),
    "ind-inherited-key-throws": Case(
        ind({"a": ["x"]}),
        "toString: x",
        "ko",
        "Pix code: solutions['toString'] is a function",
        pix_error=True,
    ),
    "ind-absent-keys-unchecked": Case(
        ind({"a": ["x"], "b": ["y"]}),
        "a: x",
        "ok",
        "pix.md §3.5 keys missing from the answer",
        details={"a": True},
    ),
    "ind-empty-response-ok": Case(
        ind({"a": ["x"]}), "", "ok", "Pix code: load('') is undefined, nothing compared", details={}
    ),
    "ind-comment-response-ok": Case(ind({"a": ["x"]}), "# rien", "ok", "Pix code: null answers", details={}),
    "ind-invalid-yaml": Case(
        ind({"lecteur": ["G"]}), "lecteur: [ a", "ko", "Pix test QROCM-ind: YamlParsingError", pix_error=True
    ),
    "ind-scalar-response": Case(
        ind({"a": ["Paris"]}), "Paris", "ko", "Pix code: assigning into a string throws", pix_error=True
    ),
    "ind-null-value": Case(ind({"a": ["x"]}), "a:", "ko", "Pix code: null.toString() throws", pix_error=True),
    "ind-duplicated-key": Case(
        ind({"a": ["x"]}), "a: x\na: x", "ko", "js-yaml: duplicated mapping key", pix_error=True
    ),
    "ind-unknown-tag": Case(
        ind({"a": ["5"]}), "a: !!int 5", "ko", "js-yaml FAILSAFE: unknown tag", pix_error=True
    ),
    "ind-list-value-joined": Case(
        ind({"a": ["x,y"]}, tolerances=()), "a: [x, y]", "ok", "Pix code: array.toString() joins with ','"
    ),
    "ind-details-in-js-order": Case(
        ind({"b": ["x"], "2": ["x"], "1": ["x"]}),
        "b: x\n2: y\n1: x",
        "ko",
        "Object.keys order: array indices first",
        details={"1": True, "2": False, "b": True},
    ),
    "ind-proto-not-counted": Case(
        ind({"__proto__": ["x"], "a": ["y"]}),
        "__proto__: wrong\na: y",
        "ok",
        "Pix code: results['__proto__'] = false sets a prototype",
        details={"a": True},
    ),
    "ind-line-separator-is-content": Case(
        ind({"a": ["x\u2028y"]}, tolerances=()),
        "a: x\u2028y",
        "ok",
        "js-yaml (YAML 1.2): U+2028 is no line break",
    ),
    "ind-timedout-keeps-details": Case(
        ind({"a": ["x"]}), "a: x", "timedout", "pix.md §2.3", timed_out=True, details={"a": True}
    ),
    # -- QROCM-dep (pix.md §3.5) ------------------------------------------------------------------------------
    "dep-both": Case(
        dep({"Google": ["Google"], "Yahoo": ["Yahoo"]}),
        "num1: Google\nnum2: Yahoo",
        "ok",
        "Pix test QROCM-dep",
    ),
    "dep-any-order": Case(
        dep({"Google": ["Google"], "Yahoo": ["Yahoo"]}), "num1: Yahoo\nnum2: Google", "ok", "pix.md §3.5 dep"
    ),
    "dep-numbers": Case(
        dep({"Google": ["987"], "Yahoo": ["123,00"]}), 'num1: "123,00"\nnum2: 987', "ok", "Pix test QROCM-dep"
    ),
    "dep-spaces": Case(
        dep({"Google": ["foo"], "Yahoo": ["bar"]}),
        'num1: "  foo "\nnum2: "    bar "',
        "ok",
        "Pix test QROCM-dep",
    ),
    "dep-mixed-errors": Case(
        dep({"Google": ["Google", "google.fr", "Google Search"], "Yahoo": ["Yahoo", "Yahoo Answer"]}),
        "num1: GooGLe!!! earch  \nnum2:  Yahoo  n-?swer  ",
        "ok",
        "Pix test QROCM-dep (T1 + T2 + T3)",
    ),
    "dep-more-groups-than-blanks": Case(
        dep({"Google": ["Google"], "Yahoo": ["Yahoo"], "Bing": ["Bing"]}),
        "num1: Bing\nnum2: Google",
        "ok",
        "pix.md §3.5 dep step 5",
    ),
    "dep-incorrect": Case(
        dep({"Google": ["Google"], "Yahoo": ["Yahoo"]}), "num1: Foo\nnum2: Bar", "ko", "Pix test"
    ),
    "dep-duplicate-counts-once": Case(
        dep({"Google": ["Google", "google.fr"], "Yahoo": ["Yahoo"]}),
        "num1: google.fr\nnum2: google.fr",
        "ko",
        "Pix test QROCM-dep: a group is used once",
    ),
    "dep-empty-response": Case(dep({"Google": ["Google"]}), "", "ko", "Pix test QROCM-dep: empty answer"),
    "dep-greedy-first-group": Case(
        dep({"g1": ["a", "b"], "g2": ["a"]}),
        "x: a\ny: b",
        "ko",
        "pix.md §3.5 dep step 4: 'a' uses g1, 'b' finds nothing",
    ),
    "dep-greedy-other-order": Case(
        dep({"g1": ["a", "b"], "g2": ["a"]}), "x: b\ny: a", "ok", "pix.md §3.5 dep step 4"
    ),
    "dep-answer-keys-in-js-order": Case(
        dep({"g1": ["a", "b"], "g2": ["a"]}),
        "x: a\n1: b",
        "ok",
        "Object.entries: key '1' first, so 'b' uses g1 and 'a' g2",
    ),
    "dep-group-names-in-js-order": Case(
        dep({"2": ["a"], "1": ["a", "b"]}),
        "x: a\ny: b",
        "ko",
        "Object.entries: group '1' is tried first and 'a' uses it",
    ),
    "dep-selects-ignored": Case(
        dep({"g": ["Paris"]}, selects=("x",)), "x: paris", "ok", "pix.md §3.5 dep step 3: select type ignored"
    ),
    "dep-solution-not-pre-treated": Case(
        dep({"g": ["e\u0301"]}, tolerances=()),
        "x: e\u0301",
        "ko",
        "pix.md §3.5 dep: answers only pre-treated",
    ),
    "dep-string-response": Case(
        dep({"g": ["a"], "h": ["b"]}), "ab", "ok", "Pix code: Object.entries('ab') is [['0','a'],['1','b']]"
    ),
    "dep-null-response": Case(
        dep({"g": ["a"]}), "---", "ko", "Pix code: Object.entries(null) throws", pix_error=True
    ),
    "dep-invalid-yaml": Case(
        dep({"g": ["a"]}),
        "lecteur: [ a\nnum2: efgh",
        "ko",
        "Pix test QROCM-dep: YamlParsingError",
        pix_error=True,
    ),
}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_case(case: Case) -> None:
    verdict = judge(case.key, case.response, timed_out=case.timed_out)
    assert verdict.status == case.status, render_explanation(verdict)
    assert (verdict.pix_error is not None) is case.pix_error, verdict.pix_error
    if case.details is not None:
        assert verdict.details == case.details
        assert list(verdict.details) == list(case.details)  # JavaScript key order


# The stress matrix of Pix's solution-service-qroc_test.js ("match, strong focus on treatments" and the
# "tN deactivated" blocks): 13 answers against '\nvariant1\n<solution>\n', under the 8 tolerance sets.
STRESS = [
    ("no-stress", "Answer", "Answer"),
    ("spaces", "a b c d e", "abcde"),
    ("reverted-spaces", "abcde", "a b c d e"),
    ("uppercase", "ANSWER", "answer"),
    ("reverted-uppercase", "answer", "ANSWER"),
    ("accent", "îàé êêê", "iae eee"),
    ("reverted-accent", "iae eee", "îàé êêê"),
    ("diacritic", "ççççç", "ccccc"),
    ("reverted-diacritic", "ccccc", "ççççç"),
    ("punctuation", ".!p-u-n-c-t", "punct"),
    ("reverted-punctuation", "punct", ".!p-u-n-c-t"),
    ("levenshtein", "0123456789", "123456789"),
    ("reverted-levenshtein", "123456789", "0123456789"),
]
# For each deactivated set, the expected outputs in STRESS order ("o" ok, "k" ko).
STRESS_EXPECTED = {
    (): "ooooooooooooo",
    ("t1",): "okkkkkkkkoooo",
    ("t2",): "oooooooookkoo",
    ("t3",): "oooooooooookk",
    ("t1", "t2"): "okkkkkkkkkkoo",
    ("t1", "t3"): "okkkkkkkkookk",
    ("t2", "t3"): "oooooooookkkk",
    ("t1", "t2", "t3"): "okkkkkkkkkkkk",
}


@pytest.mark.parametrize(
    ("deactivated", "stress", "answer", "solution", "expected"),
    [
        pytest.param(
            off, name, answer, solution, "ok" if flags[i] == "o" else "ko", id=f"off{''.join(off)}-{name}"
        )
        for off, flags in STRESS_EXPECTED.items()
        for i, (name, answer, solution) in enumerate(STRESS)
    ],
)
def test_pix_qroc_stress_matrix(
    deactivated: tuple[str, ...], stress: str, answer: str, solution: str, expected: str
) -> None:
    """pix.md §3.2/§3.4: Pix test solution-service-qroc_test.js, every tolerance combination."""
    enabled = tuple(t for t in ALL if t not in deactivated)
    key = AnswerKey.qroc([f"\nvariant1\n{solution}\n"], tolerances=enabled)
    assert judge(key, answer).status == expected, stress


def test_explanation_shows_each_step() -> None:
    """The explanation carries the response and each accepted answer after pre-treatment, T1, T2, and the
    T3 ratio; the French rendering names them."""
    verdict = judge(qroc("Cœur"), "  coeur\u00a0")
    (check,) = verdict.explanation.fields
    assert check.response.pre_treated == "  coeur "
    assert check.response.t1 == "coeur"
    assert check.response.t2 == "coeur"
    (candidate,) = check.candidates
    assert candidate.accepted.pre_treated is None  # QROC solutions are not pre-treated
    assert candidate.accepted.compared == "cur"
    assert candidate.distance == 2
    assert candidate.ratio == 0.4
    text = render_explanation(verdict)
    assert "« coeur » par T1 (espaces, majuscules et accents ignorés)" in text
    assert "2 caractères à changer sur 5, plus d'un sur quatre, ne correspond pas" in text


def test_to_dict_is_json_ready() -> None:
    """--json: the verdict as plain data; infinite ratios become 'Infinity'."""
    import json

    verdict = judge(qroc("x"), "")
    data = verdict.to_dict()
    json.dumps(data, allow_nan=False)
    fields = data["explanation"]["fields"]  # type: ignore[index]
    assert fields[0]["candidates"][0]["ratio"] == "Infinity"
    assert fields[0]["response"]["compared"] == ""


def test_pix_error_explained_in_french() -> None:
    """pix.md §3.5 step 5: a blank unknown to the key is an error in Pix; we say so and judge ko."""
    verdict = judge(ind({"a": ["x"]}), "z: x")
    assert verdict.status == "ko"
    assert verdict.details is None
    assert verdict.pix_error is not None
    assert "n'existe pas dans la clé" in verdict.pix_error
