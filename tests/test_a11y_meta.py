"""A11Y-META (flags, answer leaks, alternative instruction, waivers) and A11Y-TIM (time limits):
what the fixture corpus cannot show on its own."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from epreuve_tools.analysis import parse_epreuve
from epreuve_tools.answers import AnswerKey, judge
from epreuve_tools.model import Epreuve
from epreuve_tools.rules import REGISTRY
from epreuve_tools.rules.a11y_img import image_test_alt
from epreuve_tools.rules.a11y_meta import (
    accessibility_flags_contradict_content,
    alternative_instruction_not_usable,
    answer_leak,
    relies_on_colour,
    waiver_hygiene,
)
from epreuve_tools.rules.a11y_tim import (
    slow_reader_seconds,
    timer_blind_unchecked,
    timer_not_justified,
    timer_shorter_than_reading,
    words_to_read,
)

_QROC_BODY = (
    "Qui a écrit *De l'esprit des lois* ?\n\n::: propositions\nAuteur : ${auteur§Auteur du livre}\n:::\n"
)
_QCU_BODY = (
    "Quel élément de la page trahit l'hameçonnage ?\n\n::: propositions\n"
    "- Le cadenas de la barre d'adresse\n- Le nom de domaine session-securisee.info\n- Le titre de la page\n:::\n"
)


def _epreuve(front: str, body: str = _QROC_BODY) -> Epreuve:
    header = 'id: x-y-z\ncompetence: "4.1"\ntube: "@motDePasse"\nlevel: 2\nstatus: validé\n'
    data = f"---\n{header}{textwrap.dedent(front)}---\n\n{body}".encode()
    findings, epreuve = parse_epreuve(data)
    assert epreuve is not None, findings
    return epreuve


def _qroc(front: str, answer: str = "[Montesquieu]", body: str = _QROC_BODY) -> Epreuve:
    return _epreuve(f"type: qroc\nanswer: {answer}\n{textwrap.dedent(front)}", body)


def _messages(problems: object) -> list[str]:
    return [problem.message for problem in problems]  # type: ignore[attr-defined]


# -- A11Y-META-003: answer leaks, judged by the Pix judge ----------------------------------------------


@pytest.mark.parametrize(
    "alt",
    [
        "Portrait de Montesquieu en habit de magistrat",  # as written
        "Portrait de MONTESQUIÉU en habit de magistrat",  # T1: case and accents
        "Portrait de Montes-quieu en habit de magistrat",  # T2: punctuation
        "Portrait de Montesquiou en habit de magistrat",  # T3: two edits in eleven letters
        "Portrait : « Montesquieu ».",  # punctuation around the fragment
    ],
)
def test_an_alt_the_judge_would_accept_leaks_the_answer(alt: str) -> None:
    epreuve = _qroc(f'illustration: {{src: a.png, alt: "{alt}"}}\n')
    assert _messages(answer_leak(epreuve)) == [
        "le texte alternatif de l'illustration donne une réponse acceptée : « Montesquieu »"
    ]


def test_the_epreuves_own_tolerances_decide_the_leak() -> None:
    near = 'illustration: {src: a.png, alt: "Portrait de Montesquiou"}\n'
    assert list(answer_leak(_qroc(near)))
    assert not list(answer_leak(_qroc(near + "tolerances: [t1, t2]\n")))  # no T3: not accepted


def test_a_multi_word_answer_is_looked_for_in_windows_of_its_length() -> None:
    epreuve = _qroc(
        'illustration: {src: a.png, alt: "Agenda : le créneau du jeudi 19 juin est libre"}\n',
        '["jeudi 19 juin"]',
    )
    assert len(list(answer_leak(epreuve))) == 1
    apart = _qroc('illustration: {src: a.png, alt: "Agenda : jeudi, et le 19 juin"}\n', '["jeudi 19 juin"]')
    assert not list(answer_leak(apart))


def test_short_answers_are_not_looked_for() -> None:
    # « 1 » is in « Image 1 », « oui » in many sentences: four characters at least
    for answer in ('["1"]', "[oui]"):
        epreuve = _qroc('illustration: {src: a.png, alt: "Image 1 de l\'épreuve : oui ou non"}\n', answer)
        assert not list(answer_leak(epreuve)), answer


def test_a_near_match_of_a_short_answer_is_chance() -> None:
    front = 'illustration: {src: a.png, alt: "Image 1 de l\'épreuve : deux sourires"}\n'
    # the judge itself would take « sourires » for « souris »: the guard is what keeps the rule quiet
    assert judge(AnswerKey.qroc(["souris"]), "sourires").status == "ok"
    assert not list(answer_leak(_qroc(front, "[souris]")))


def test_an_answer_the_instruction_shows_is_not_a_leak() -> None:
    body = "Le mot hameçonnage désigne une fraude.\n\n::: propositions\nFraude : ${mot§Fraude, hameçonnage}\n:::\n"
    assert not list(answer_leak(_qroc("", "[hameçonnage]", body)))
    # the address or the title of a link is not shown: it does not count as shown
    hidden = body.replace("Le mot hameçonnage", '[Le mot](https://a.fr/hameconnage "hameçonnage")')
    assert len(list(answer_leak(_qroc("", "[hameçonnage]", hidden)))) == 2  # the title and the label


def test_every_accessibility_text_is_read() -> None:
    front = """\
        illustration:
          src: images/portrait-montesquieu.png
          alt: "Portrait d'un philosophe"
          description: "Gravure : Montesquieu en habit"
        alternative_instruction: "Qui a écrit ce livre (indice : Montesquieu) ?"
        embed: {url: "https://a.fr", title: "Biographie de Montesquieu", height: 400}
        media: [{src: son.mp3, kind: audio, title: "Entretien avec Montesquieu", transcript: "Bonjour."}]
        """
    body = (
        "Qui a écrit ce livre ? ![Buste de Montesquieu](buste.png)\n\n::: propositions\n"
        "Auteur : ${auteur#Montesquieu§Auteur du livre, Montesquieu}\n:::\n"
    )
    found = sorted(_messages(answer_leak(_qroc(front, body=body))))
    assert [message.split(" donne ")[0] for message in found] == sorted(
        [
            "la consigne alternative",
            "la description longue de l'illustration",
            "l'indication (`#`) du champ « auteur »",
            "le libellé (`§`) du champ « auteur »",
            "le nom du fichier « portrait-montesquieu.png »",
            "le texte alternatif d'une image",
            "le titre d'un média",
            "le titre du contenu intégré",
        ]
    )


def test_a_decorative_illustration_is_not_heard() -> None:
    assert not list(answer_leak(_qroc('illustration: {src: a.png, decorative: true, alt: "Montesquieu"}\n')))


def test_qrocm_answers_are_looked_for_per_blank_and_selects_are_exact() -> None:
    body = (
        "Complétez.\n\n::: propositions\nVille : ${ville§Ville, pas Strasbourgg}\n\n"
        'Région : ${region§Région du Grand Est options=["Grand Est","Bretagne"]}\n:::\n'
    )
    epreuve = _epreuve('type: qrocm-ind\nanswer: {ville: [Strasbourg], region: ["Grand Est"]}\n', body)
    # « Strasbourgg » is one edit from « Strasbourg » (T3); the select's « Grand Est » is written as is
    assert sorted(_messages(answer_leak(epreuve))) == [
        "le libellé (`§`) du champ « region » donne une réponse acceptée : « Grand Est »",
        "le libellé (`§`) du champ « ville » donne une réponse acceptée : « Strasbourg »",
    ]
    select_near = body.replace("Région du Grand Est", "Région du Grand-Est")
    epreuve = _epreuve('type: qrocm-ind\nanswer: {ville: [Strasbourg], region: ["Grand Est"]}\n', select_near)
    assert len(list(answer_leak(epreuve))) == 1  # no tolerance for a select


def test_choices_leak_through_the_right_proposal_alone() -> None:
    qcu = "type: qcu\nanswer: 2\n"
    right = qcu + 'illustration: {src: a.png, alt: "Page : le nom de domaine session-securisee.info"}\n'
    assert _messages(answer_leak(_epreuve(right, _QCU_BODY))) == [
        "le texte alternatif de l'illustration donne une réponse acceptée : « Le nom de domaine "
        "session-securisee.info »"
    ]
    # naming a wrong proposal too tells nothing about which one is right
    both = right.replace("Page :", "Page : le titre de la page, puis")
    assert not list(answer_leak(_epreuve(both, _QCU_BODY)))
    # a one-word proposal is a label of the screen, that any description names
    short = "Quel bouton ?\n\n::: propositions\n- Envoyer\n- Annuler\n:::\n"
    assert not list(
        answer_leak(
            _epreuve(qcu.replace("2", "1") + 'illustration: {src: a.png, alt: "Bouton Envoyer"}\n', short)
        )
    )


def test_an_image_test_leak_is_reported_once() -> None:
    exact = _qroc('illustration: {src: a.png, role: test, alt: "Image 1 : portrait de Montesquieu"}\n')
    assert list(image_test_alt(exact))
    assert not list(answer_leak(exact))
    # a near match IMG-010 does not see is this rule's
    near = _qroc('illustration: {src: a.png, role: test, alt: "Image 1 : portrait de Montesquiou"}\n')
    assert not list(image_test_alt(near))
    assert len(list(answer_leak(near))) == 1


def test_hostile_answers_do_not_break_the_rule() -> None:
    for answer in ("[]", "{a: 1}", "[[1, 2]]", '["' + "x " * 3000 + '"]', "null"):
        list(answer_leak(_qroc('illustration: {src: a.png, alt: "x x x"}\n', answer)))
    list(answer_leak(_epreuve("type: qcm\nanswer: [true, 9]\n", _QCU_BODY)))


# -- A11Y-META-002: flags against the content ----------------------------------------------------------


def _flags(non_voyant: str = "OK", daltonien: str = "RAS", sourds: str = "RAS") -> str:
    return f"accessibility: {{non_voyant: {non_voyant}, daltonien: {daltonien}, sourds_malentendants: {sourds}}}\n"


def test_an_image_test_needs_a_blind_flag_ko_or_an_alternative() -> None:
    image_test = 'illustration: {src: a.png, role: test, alt: "Image 1 de l\'épreuve"}\n'
    for flag in ("OK", "RAS"):
        assert len(list(accessibility_flags_contradict_content(_qroc(image_test + _flags(flag))))) == 1
    for flag in ("KO", "Acquis Non Pertinent", "A tester"):
        assert not list(accessibility_flags_contradict_content(_qroc(image_test + _flags(flag))))
    alternative = image_test + 'alternative_instruction: "Le tableau : A1 vaut 3."\n' + _flags()
    assert not list(accessibility_flags_contradict_content(_qroc(alternative)))
    assert not list(accessibility_flags_contradict_content(_qroc(image_test)))  # no flags: META-001's


def test_an_essential_embed_without_alternative_is_not_for_blind_learners() -> None:
    embed = 'embed: {url: "https://a.fr", title: Simulateur, height: 400}\n'
    expected = 0 if "A11Y-EMB-005" in REGISTRY else 1  # EMB-005 says it once it exists
    assert len(list(accessibility_flags_contradict_content(_qroc(embed + _flags())))) == expected
    optional = embed.replace("height: 400", "height: 400, essential: false")
    assert not list(accessibility_flags_contradict_content(_qroc(optional + _flags())))
    usable = embed.replace("height: 400", "height: 400, accessibility: {screen_reader: true}")
    assert not list(accessibility_flags_contradict_content(_qroc(usable + _flags())))


def test_sound_without_transcript_is_not_for_deaf_learners() -> None:
    audio = "media: [{src: son.mp3, kind: audio}]\n"
    assert _messages(accessibility_flags_contradict_content(_qroc(audio + _flags()))) == [
        "`sourds_malentendants: RAS` contredit le contenu : le son « son.mp3 » n'a pas de transcription"
    ]
    assert not list(accessibility_flags_contradict_content(_qroc(audio + _flags(sourds="KO"))))
    transcribed = "media: [{src: son.mp3, kind: audio, transcript: son.txt}]\n"
    assert not list(accessibility_flags_contradict_content(_qroc(transcribed + _flags())))
    video = "media: [{src: film.mp4, kind: video}]\n"
    assert len(list(accessibility_flags_contradict_content(_qroc(video + _flags())))) == 1
    captioned = "media: [{src: film.mp4, kind: video, captions: film.vtt}]\n"
    assert not list(accessibility_flags_contradict_content(_qroc(captioned + _flags())))
    silent = "media: [{src: film.mp4, kind: video, sound: false}]\n"
    assert not list(accessibility_flags_contradict_content(_qroc(silent + _flags())))


def test_a_media_test_is_left_to_med_006() -> None:
    assert "A11Y-MED-006" in REGISTRY
    media_test = "media: [{src: son.mp3, kind: audio, test: true, test_reason: Reconnaître un appel}]\n"
    assert not list(accessibility_flags_contradict_content(_qroc(media_test + _flags())))


def test_colour_counts_only_where_there_is_something_to_see() -> None:
    body = "Quelle valeur la case rouge du tableau contient-elle ?\n\n::: propositions\nValeur : ${v§Valeur}\n:::\n"
    shown = _qroc('illustration: {src: a.png, alt: "Tableau de cases"}\n' + _flags(), body=body)
    told = _qroc(_flags(), body=body)
    assert relies_on_colour(shown)
    assert not relies_on_colour(told)
    assert _messages(accessibility_flags_contradict_content(shown)) == [
        "`daltonien: RAS` contredit le contenu : la réponse dépend d'une couleur"
    ]
    declared = 'illustration: {src: a.png, alt: "Graphique", colour_dependent: true}\n'
    assert relies_on_colour(_qroc(declared))
    doubled = declared.replace("true}", 'true, colour_cue: "Chaque barre porte son libellé"}')
    assert not relies_on_colour(_qroc(doubled))


# -- A11Y-META-004: the alternative instruction --------------------------------------------------------


@pytest.mark.parametrize(
    ("alternative", "flagged"),
    [
        ("Observez l'image et dites quel jour est libre.", True),
        ("D'après la capture d'écran ci-dessous, quel jour est libre ?", True),
        ("Le planning est sur [cette page](https://a.fr) ; voir [ici](https://b.fr).", True),
        ("Quel est le créneau de la case verte ?", False),  # A11Y-CLR-001 reads the alternative too
        ("Le tableau ci-dessous donne les rendez-vous : lundi 9 h, mardi 10 h. Quel jour est libre ?", False),
        ("La capture montre un agenda : lundi est plein, mardi est libre.", False),
    ],
)
def test_an_alternative_instruction_must_be_usable_without_sight(alternative: str, flagged: bool) -> None:
    epreuve = _qroc(f'alternative_instruction: "{alternative}"\n')
    assert bool(list(alternative_instruction_not_usable(epreuve))) is flagged


# -- A11Y-META-005: waivers --------------------------------------------------------------------------


def test_waiver_hygiene_adds_only_what_the_schema_and_the_engine_do_not_check() -> None:
    def waivers(*items: str) -> list[str]:
        return _messages(waiver_hygiene(_qroc("a11y:\n  waivers:\n" + "".join(items))))

    good = '    - {rule: A11Y-LNK-003, reason: "L\'épreuve porte sur une adresse", author: C. Martin, date: "2024-02-29"}\n'
    assert waivers(good) == []
    assert waivers('    - {rule: A11Y-LNK-003, reason: "A11Y-LNK-003"}\n') == [
        "raison de dérogation qui n'explique rien : « A11Y-LNK-003 »"
    ]
    assert waivers('    - {rule: A11Y-LNK-003, reason: "xxxxxxxxxxxx"}\n') == [
        "raison de dérogation qui n'explique rien : « xxxxxxxxxxxx »"
    ]
    assert waivers(good, good) == ["deuxième dérogation à « A11Y-LNK-003 » (la première est la n° 1)"]
    # no author, no date: both stay optional
    assert waivers('    - {rule: A11Y-LNK-003, reason: "L\'épreuve porte sur une adresse"}\n') == []


# -- A11Y-TIM ------------------------------------------------------------------------------------------

_TIMED_BODY = (
    "Un deux trois quatre cinq six sept huit neuf dix.\n\n::: propositions\n- Onze douze\n- Treize\n:::\n"
)


def test_slow_reader_estimate() -> None:
    epreuve = _epreuve("type: qcu\nanswer: 1\n", _TIMED_BODY)
    assert words_to_read(epreuve) == 13
    # 13 words at 80 words a minute (9.75 s), one click (5 s), the validation (5 s)
    assert slow_reader_seconds(epreuve) == 20
    qroc = _qroc("")  # 8 words (6 s), one blank (20 s), the validation (5 s)
    assert (words_to_read(qroc), slow_reader_seconds(qroc)) == (8, 31)
    # a screen-reader user reads the alternative instruction, when it is the longer text
    longer = _epreuve('type: qcu\nanswer: 1\nalternative_instruction: "' + "mot " * 40 + '"\n', _TIMED_BODY)
    assert words_to_read(longer) == 43


def test_timer_shorter_than_reading_is_a_strict_comparison() -> None:
    def flagged(timer: int, extra: str = "") -> bool:
        epreuve = _epreuve(f"type: qcu\nanswer: 1\ntimer: {timer}\n{extra}", _TIMED_BODY)
        return bool(list(timer_shorter_than_reading(epreuve)))

    assert flagged(19)
    assert not flagged(20)
    assert not flagged(5, 'timer_essential: true\ntimer_reason: "Repérer la fraude en un coup d\'œil"\n')


def test_timer_rules_stay_quiet_without_a_timer() -> None:
    epreuve = _epreuve("type: qcu\nanswer: 1\n" + _flags(), _TIMED_BODY)
    assert not list(timer_not_justified(epreuve))
    assert not list(timer_shorter_than_reading(epreuve))
    assert not list(timer_blind_unchecked(epreuve))
    justified = _epreuve(
        'type: qcu\nanswer: 1\ntimer: 60\ntimer_essential: true\ntimer_reason: "Repérer vite"\n'
        + _flags("KO"),
        _TIMED_BODY,
    )
    assert not list(timer_not_justified(justified))
    assert not list(timer_blind_unchecked(justified))


def test_rule_pages_name_their_norms() -> None:
    for code in ("A11Y-META-003", "A11Y-TIM-002"):
        shown = subprocess.run(
            [sys.executable, "-m", "epreuve_tools", "rule", code], capture_output=True, text=True, check=True
        )
        assert "Références : RGAA" in shown.stdout


@pytest.mark.parametrize(
    "front",
    [
        "accessibility: [OK, KO]\n",
        "accessibility: {non_voyant: 3, daltonien: null}\n",
        'a11y: {waivers: "A11Y-LNK-003"}\n',
        "a11y: {waivers: [3, {rule: 4}, {rule: A11Y-LNK-003, reason: 5, date: 20250101}]}\n",
        "timer: true\ntimer_essential: yes\n",
        'timer: "60"\n',
        "timer: -5\n",
        'media: "son.mp3"\n',
        "media: [3, {kind: audio}, {src: [1], kind: video, transcript: 4}]\n",
        "embed: [https://a.fr]\n",
        "embed: {accessibility: 3}\n",
        "illustration: [a.png]\n",
        "illustration: {role: test, alt: 3, colour_dependent: yes}\n",
        "alternative_instruction: 5\n",
        "alternative_instruction: [Observez l'image]\n",
    ],
)
def test_hostile_front_matter_breaks_no_rule(front: str) -> None:
    data = (
        f"---\nid: x-y-z\ntype: qcu\nanswer: 1\n{front}---\nQuestion ?\n\n::: propositions\n- A\n- B\n:::\n"
    )
    findings, epreuve = parse_epreuve(data.encode())
    assert epreuve is not None, findings
    for rule in (
        accessibility_flags_contradict_content,
        alternative_instruction_not_usable,
        answer_leak,
        waiver_hygiene,
        timer_blind_unchecked,
        timer_not_justified,
        timer_shorter_than_reading,
    ):
        list(rule(epreuve))
    for code in ("A11Y-META-001", "A11Y-META-006"):
        check = REGISTRY[code].document_check
        assert check is not None
        list(check(epreuve))
