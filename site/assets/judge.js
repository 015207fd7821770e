/*
 * The preview site's in-page judge (issue #11): the reviewer answers an épreuve on its learner page, the
 * "Vérifier" button judges the response as `epreuve answer` does, which judges as Pix's API does
 * (shared/domain/pix.md §3; the Python judge is src/epreuve_tools/answers/judge.py).
 *
 * No dependency, no inline script, no eval: it runs under a Content-Security-Policy that only allows
 * scripts from the site itself. The answer key is read from the form's `data-cle` attribute (JSON data,
 * escaped by the page builder), never executed.
 *
 * The same file is loaded by Node.js in the tests (`module.exports`), which judge a file of cases written
 * by the Python judge and require the same status, per-field verdicts and compared strings, to the
 * character (tests/test_site_judge.py).
 *
 * Page contract: QCU/QCM inputs are named "reponse" with `value` = the proposal's number; a blank's
 * input, select or textarea has `name` = the blank's name and an id starting with "champ-"; the verdict
 * goes to the form's `[role="status"]` element: `data-status` = the status `epreuve answer --json` gives
 * (empty when the response is not judged), text = a French sentence.
 */
(function (global) {
  "use strict";

  const ABANDON = "#ABAND#"; // "Je passe"
  const MAX_RATIO = 0.25; // Pix's LEVENSHTEIN_DISTANCE_MAX_RATE: a ratio equal to it is accepted
  // the bounds of src/epreuve_tools/answers/limits.py, counted the same way (in code points)
  const MAX_RESPONSE_LENGTH = 10000;
  const MAX_COMPARISONS = 20000;
  const MAX_COMPARED_CHARACTERS = 1000000;
  const MAX_ARRAY_INDEX = 4294967294; // 2 ** 32 - 2
  // Object.prototype's own properties (Node 20): Pix's `solutions[name]` finds them when the key lacks them
  const OBJECT_PROTOTYPE_NAMES = new Set([
    "constructor", "__defineGetter__", "__defineSetter__", "hasOwnProperty", "__lookupGetter__",
    "__lookupSetter__", "isPrototypeOf", "propertyIsEnumerable", "toString", "valueOf", "__proto__",
    "toLocaleString",
  ]);
  // characters js-yaml refuses in a document (PATTERN_NON_PRINTABLE): a QROCM response carrying one is
  // unreadable for Pix; the page writes control characters below U+0020 as JSON escapes, so not those
  const NOT_PRINTABLE = /[\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

  // -- treatments (validation-treatments.js, string-similarity-service.js) -----------------------------

  function preTreat(s) {
    return String(s).normalize("NFC").replace(/\u00A0/g, " ");
  }

  function t1(s) {
    return String(s).trim().toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\s/g, "");
  }

  function t2(s) {
    // Pix's middle step, `.replace('/ {2,}/', ' ')`, replaces a string literal that never occurs: left out
    return String(s).replace(/[^a-zA-Z0-9 ]+/g, "").replace(/\s\s+/g, " ");
  }

  /** Edit distance in UTF-16 code units, as fast-levenshtein (insert, delete, substitute cost 1). */
  function levenshtein(a, b) {
    if (a === b) return 0;
    if (a.length === 0) return b.length;
    if (b.length === 0) return a.length;
    let previous = new Array(b.length + 1);
    let current = new Array(b.length + 1);
    for (let j = 0; j <= b.length; j++) previous[j] = j;
    for (let i = 1; i <= a.length; i++) {
      current[0] = i;
      const unit = a.charCodeAt(i - 1);
      for (let j = 1; j <= b.length; j++) {
        const cost = unit === b.charCodeAt(j - 1) ? 0 : 1;
        current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      }
      [previous, current] = [current, previous];
    }
    return previous[b.length];
  }

  /** A string's length as Python counts it (code points), for the bounds shared with the Python judge. */
  function codePoints(s) {
    let count = 0;
    for (let i = 0; i < s.length; i++) {
      const unit = s.charCodeAt(i);
      // a high surrogate followed by a low one is one character
      if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < s.length) {
        const next = s.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) i++;
      }
      count++;
    }
    return count;
  }

  function isNumeric(s) {
    const x = s.replace(",", ".").trim().replace(" ", "");
    return !isNaN(Number(x)) && !isNaN(parseFloat(x));
  }

  function readNumber(s) {
    return parseFloat(s.replace(" ", "").replace(",", "."));
  }

  function isArrayIndex(key) {
    return /^(?:0|[1-9][0-9]*)$/.test(key) && Number(key) <= MAX_ARRAY_INDEX;
  }

  /** `Object.keys` order: array indices first, ascending, then the other names as inserted. */
  function ownKeysOrder(names) {
    const indices = names.filter(isArrayIndex).sort((a, b) => Number(a) - Number(b));
    return indices.concat(names.filter((name) => !isArrayIndex(name)));
  }

  // -- judging ---------------------------------------------------------------------------------------------

  class LimitError extends Error {}

  class PixError extends Error {
    constructor(kind, reason) {
      super(reason);
      this.kind = kind; // the error Pix's API throws: YamlParsingError, TypeError
    }
  }

  function budget() {
    const left = { comparisons: MAX_COMPARISONS, characters: MAX_COMPARED_CHARACTERS };
    return function spend(comparisons, characters) {
      if (comparisons > left.comparisons || characters > left.characters) {
        throw new LimitError("trop de travail pour juger cette réponse");
      }
      left.comparisons -= comparisons;
      left.characters -= characters;
    };
  }

  function steps(text, tolerances) {
    const afterT1 = tolerances.includes("t1") ? t1(text) : null;
    const afterT2 = tolerances.includes("t2") ? t2(afterT1 === null ? text : afterT1) : null;
    if (afterT2 !== null) return afterT2;
    return afterT1 === null ? text : afterT1;
  }

  /** isAnswerValid: the ratio distance / answer length ≤ 0.25 under T3, string equality otherwise. */
  function compare(answer, accepted, tolerances, group) {
    const useT3 = tolerances.includes("t3");
    return accepted.map((reference) => {
      const equal = answer === reference;
      if (!useT3) return { compared: reference, distance: null, matched: equal, group };
      let distance;
      let ratio;
      if (answer.length === 0) {
        distance = reference.length;
        ratio = reference === "" ? 0 : Infinity;
      } else {
        distance = equal ? 0 : levenshtein(answer, reference);
        ratio = distance / answer.length;
      }
      return { compared: reference, distance, matched: ratio <= MAX_RATIO, group };
    });
  }

  function field(name, compared, candidates, extra) {
    const matched = candidates.some((candidate) => candidate.matched);
    return Object.assign({ name, matched, compared, group: null, numeric: false, select: false, candidates }, extra);
  }

  function csvItems(value) {
    return value.split(",").map((item) => item.trim()).sort();
  }

  function difference(items, removed) {
    const left = items.slice();
    for (const item of removed) {
      const at = left.indexOf(item);
      if (at >= 0) left.splice(at, 1);
    }
    return left;
  }

  function judgeQcu(key, response) {
    const ok = response === key.solution;
    return { ok, choices: { given: [response], expected: [key.solution] } };
  }

  function judgeQcm(key, response) {
    const given = csvItems(response);
    const expected = csvItems(key.solution.join(","));
    const ok = given.length === expected.length && given.every((item, i) => item === expected[i]);
    return {
      ok,
      choices: { given, expected, missing: difference(expected, given), unexpected: difference(given, expected) },
    };
  }

  function judgeQroc(key, response, spend) {
    const solutions = key.solution.join("\n").split("\n").filter((line) => line !== "");
    if (solutions.length === 0) return { ok: false, fields: [] };
    spend(solutions.length, codePoints(response) * solutions.length + solutions.reduce((n, s) => n + codePoints(s), 0));
    if (key.format === "nombre" && isNumeric(response) && solutions.every(isNumeric)) {
      const value = readNumber(response);
      const matched = solutions.some((solution) => readNumber(solution) === value);
      const check = { name: null, matched, compared: response, group: null, numeric: true, candidates: [] };
      return { ok: matched, fields: [Object.assign(check, { select: key.firstBlankIsSelect })] };
    }
    const tolerances = key.firstBlankIsSelect ? [] : key.tolerances;
    const answer = steps(preTreat(response), tolerances);
    const candidates = compare(answer, solutions.map((s) => steps(s, tolerances)), tolerances, null);
    const check = field(null, answer, candidates, { select: key.firstBlankIsSelect });
    return { ok: check.matched, fields: [check] };
  }

  /**
   * The response's fields as Pix reads the YAML text the page sends: names and values pre-treated, in
   * `Object.keys` order. Two names that the pre-treatment makes one, or a character js-yaml refuses,
   * make the text unreadable.
   */
  function readFields(pairs) {
    // NFC runs over the whole text: a combining mark after a JSON escape (`\n` + U+0303) composes with
    // its last letter (`\ñ`), and the text no longer reads
    try {
      JSON.parse(preTreat(responseText(pairs)));
    } catch (error) {
      throw new PixError(
        "YamlParsingError",
        "un accent écrit en deux caractères suit un caractère de contrôle et rend la réponse illisible",
      );
    }
    const values = new Map();
    for (const [name, value] of pairs) {
      if (NOT_PRINTABLE.test(name) || NOT_PRINTABLE.test(value)) {
        throw new PixError("YamlParsingError", "la réponse contient un caractère que YAML refuse");
      }
      const read = preTreat(name);
      if (values.has(read)) {
        throw new PixError("YamlParsingError", `le champ « ${read} » y est écrit deux fois`);
      }
      values.set(read, preTreat(value));
    }
    return ownKeysOrder(Array.from(values.keys())).map((name) => [name, values.get(name)]);
  }

  function indBlanks(key) {
    const blanks = new Map();
    for (const [name, accepted] of key.solution) {
      const read = preTreat(name);
      if (blanks.has(read)) {
        throw new PixError("YamlParsingError", `la clé de réponse a deux champs que Pix lit tous deux « ${read} »`);
      }
      blanks.set(read, accepted);
    }
    return blanks;
  }

  function missingBlank(name) {
    if (OBJECT_PROTOTYPE_NAMES.has(name)) {
      const reason = "n'est pas dans la clé de réponse et porte le nom d'une propriété de tout objet JavaScript";
      return new PixError("TypeError", `le champ « ${name} » ${reason}`);
    }
    return new PixError("YamlParsingError", `le champ « ${name} » n'existe pas dans la clé de réponse`);
  }

  function judgeQrocmInd(key, pairs, spend) {
    if (key.solution.length === 0) return { ok: false, fields: [] };
    const texts = readFields(pairs);
    const blanks = indBlanks(key);
    const absent = texts.find(([name]) => !blanks.has(name));
    if (absent !== undefined) throw missingBlank(absent[0]);
    for (const [name, text] of texts) {
      const accepted = blanks.get(name);
      spend(accepted.length, codePoints(text) * accepted.length + accepted.reduce((n, s) => n + codePoints(s), 0));
    }
    const selects = new Set(key.selects);
    const fields = texts.map(([name, text]) => {
      const select = selects.has(name);
      const tolerances = select ? [] : key.tolerances;
      const answer = steps(text, tolerances);
      const accepted = blanks.get(name).map((variant) => steps(preTreat(variant), tolerances));
      // `results['__proto__'] = …` sets a prototype in Pix, not a result: that field never counts
      return field(name, answer, compare(answer, accepted, tolerances, null), { select, counted: name !== "__proto__" });
    });
    return { ok: fields.every((f) => f.matched || !f.counted), fields };
  }

  function judgeQrocmDep(key, pairs, spend) {
    if (key.solution.length === 0) return { ok: false, fields: [] };
    const texts = readFields(pairs);
    const groups = new Map(key.solution);
    const variants = key.solution.flatMap(([, accepted]) => accepted);
    const acceptedLength = variants.reduce((n, s) => n + codePoints(s), 0);
    const textsLength = texts.reduce((n, [, text]) => n + codePoints(text), 0);
    spend(texts.length * variants.length, textsLength * variants.length + texts.length * acceptedLength);
    const tolerances = key.tolerances; // Pix applies them to the drop-down lists too, here
    const selects = new Set(key.selects);
    const remaining = ownKeysOrder(key.solution.map(([name]) => name));
    const fields = texts.map(([name, text]) => {
      const answer = steps(text, tolerances);
      const tried = [];
      let used = null;
      for (const group of remaining) {
        const candidates = compare(answer, groups.get(group).map((v) => steps(v, tolerances)), tolerances, group);
        tried.push(...candidates);
        if (candidates.some((candidate) => candidate.matched)) {
          used = group;
          break;
        }
      }
      if (used !== null) remaining.splice(remaining.indexOf(used), 1);
      return Object.assign(field(name, answer, tried, { select: selects.has(name) }), { matched: used !== null, group: used });
    });
    return { ok: fields.every((f) => f.matched), fields };
  }

  /** The text the page sends for a QROCM, as `epreuve answer` is given it: JSON, which is YAML. */
  function responseText(pairs) {
    return "{" + pairs.map(([name, value]) => `${JSON.stringify(name)}: ${JSON.stringify(value)}`).join(", ") + "}";
  }

  /** Field pairs with one value per name, first place and last value (a dictionary's behaviour). */
  function uniquePairs(pairs) {
    const values = new Map();
    for (const [name, value] of pairs) values.set(String(name), String(value));
    return Array.from(values.entries());
  }

  /**
   * Judge `response` against `key` (the data the page builder embeds): a string for QCU, QCM and QROC,
   * a list of [name, value] pairs for QROCM. Returns { status, limit, pixError, fields, choices }: status
   * is "ok", "ko", "aband" or null when the response is not judged (limit then says why).
   */
  function judge(key, response) {
    const result = { status: null, limit: null, pixError: null, fields: [], choices: null };
    const qrocm = key.kind === "qrocm-ind" || key.kind === "qrocm-dep";
    const pairs = qrocm ? uniquePairs(response) : null;
    const text = qrocm ? responseText(pairs) : String(response);
    if (text === ABANDON) {
      result.status = "aband";
      return result;
    }
    if (codePoints(text) > MAX_RESPONSE_LENGTH) {
      result.limit = `réponse trop longue : ${codePoints(text)} caractères, l'outil n'en juge pas plus de 10 000`;
      return result;
    }
    try {
      const spend = budget();
      let outcome;
      if (key.kind === "qcu") outcome = judgeQcu(key, text);
      else if (key.kind === "qcm") outcome = judgeQcm(key, text);
      else if (key.kind === "qroc") outcome = judgeQroc(key, text, spend);
      else if (key.kind === "qrocm-ind") outcome = judgeQrocmInd(key, pairs, spend);
      else outcome = judgeQrocmDep(key, pairs, spend);
      result.status = outcome.ok ? "ok" : "ko";
      result.fields = outcome.fields || [];
      result.choices = outcome.choices || null;
    } catch (error) {
      if (error instanceof LimitError) {
        result.limit = error.message;
      } else if (error instanceof PixError) {
        result.status = "ko";
        result.pixError = { kind: error.kind, reason: error.message };
      } else {
        throw error;
      }
    }
    return result;
  }

  // -- the verdict in French --------------------------------------------------------------------------------

  const TOLERANCE_WORDS = {
    t1: "T1 (espaces, majuscules et accents ignorés)",
    t2: "T2 (ponctuation ignorée)",
    t3: "T3 (une faute de frappe pour quatre caractères)",
  };

  function plural(count, singular, several) {
    return `${count} ${count <= 1 ? singular : several}`;
  }

  function toleranceWords(key) {
    if (key.kind === "qroc" && key.firstBlankIsSelect) return "liste déroulante : aucune tolérance";
    if (key.tolerances.length === 0) return "aucune tolérance";
    const selects = key.kind === "qrocm-ind" && key.selects.length ? " (aucune pour les listes déroulantes)" : "";
    return "tolérances : " + key.tolerances.map((t) => TOLERANCE_WORDS[t]).join(", ") + selects;
  }

  function choicesSentence(key, result) {
    if (key.kind === "qcu") {
      return result.choices.given[0] === "" ? "aucune proposition n'est choisie." : "ce n'est pas la bonne proposition.";
    }
    const { given, missing } = result.choices;
    const unexpected = result.choices.unexpected.filter((item) => item !== ""); // "" is nothing checked
    const parts = [];
    if (missing.length) {
      parts.push(plural(missing.length, "bonne proposition n'est pas cochée", "bonnes propositions ne sont pas cochées"));
    }
    if (unexpected.length) {
      parts.push(plural(unexpected.length, "proposition est cochée en trop", "propositions sont cochées en trop"));
    }
    const checked = given.filter((item) => item !== "").length;
    const rule = checked < 2 ? " (sur Pix, il faut cocher au moins deux propositions pour valider)" : "";
    return parts.join(", ") + rule + ".";
  }

  function fieldsSentence(key, result) {
    const fields = result.fields.filter((f) => f.counted !== false);
    if (fields.length === 0) return " Aucun champ n'est vérifié.";
    const words = fields.map((f) => `« ${f.name} » ${f.matched ? "juste" : "faux"}`);
    const dep = key.kind === "qrocm-dep" && result.status === "ko";
    const rule = dep ? " (chaque champ doit correspondre à un groupe de réponses différent)" : "";
    return ` Par champ : ${words.join(", ")}${rule} ; ${toleranceWords(key)}.`;
  }

  /** The verdict as one French sentence, for the page's status element. */
  function describe(key, result) {
    if (result.limit !== null) return `Réponse non jugée : ${result.limit}.`;
    if (result.status === "aband") return "Épreuve passée (« Je passe ») : Pix ne compare pas la réponse.";
    if (result.pixError !== null) {
      const reason = result.pixError.reason;
      return `Réponse refusée : Pix ne peut pas la juger (${reason}) ; son serveur s'arrête alors sur une erreur.`;
    }
    const head = result.status === "ok" ? "Réponse acceptée" : "Réponse refusée";
    if (key.kind === "qcu" || key.kind === "qcm") {
      return result.status === "ok" ? `${head}.` : `${head} : ${choicesSentence(key, result)}`;
    }
    if (key.kind === "qroc") {
      const check = result.fields[0];
      if (check === undefined) return `${head} : la clé de réponse ne contient aucune réponse acceptée.`;
      if (check.numeric) {
        const value = check.matched ? "elle vaut une réponse acceptée" : "elle ne vaut aucune réponse acceptée";
        return `${head} : comparée comme un nombre, ${value}.`;
      }
      if (result.status === "ok") return `${head} (${toleranceWords(key)}).`;
      return `${head} : elle ne correspond à aucune réponse acceptée (${toleranceWords(key)}).`;
    }
    return `${head}.${fieldsSentence(key, result)}`;
  }

  // -- the page ---------------------------------------------------------------------------------------------

  function blanksOf(form) {
    return Array.from(form.querySelectorAll("input[id^='champ-'], select[id^='champ-'], textarea[id^='champ-']"));
  }

  function responseOf(form, kind) {
    if (kind === "qcu") {
      const checked = form.querySelector("input[name='reponse']:checked");
      return checked === null ? "" : checked.value;
    }
    if (kind === "qcm") {
      return Array.from(form.querySelectorAll("input[name='reponse']:checked"), (box) => box.value).join(",");
    }
    const blanks = blanksOf(form);
    if (kind === "qroc") return blanks.length ? blanks[0].value : "";
    return blanks.map((element) => [element.name, element.value]);
  }

  function show(form, key) {
    const status = form.querySelector("[role='status']");
    const result = judge(key, responseOf(form, key.kind));
    const verdicts = new Map(result.fields.map((f) => [f.name, f.matched]));
    for (const element of blanksOf(form)) {
      const matched = key.kind === "qroc" ? result.status === "ok" : verdicts.get(preTreat(element.name));
      if (matched === undefined || result.status === null) element.removeAttribute("data-verdict");
      else element.setAttribute("data-verdict", matched ? "ok" : "ko");
    }
    status.setAttribute("data-status", result.status === null ? "" : result.status);
    status.textContent = describe(key, result);
  }

  function attach(document) {
    for (const form of document.querySelectorAll("form.epreuve-form[data-cle]")) {
      let key;
      try {
        key = JSON.parse(form.getAttribute("data-cle"));
      } catch (error) {
        continue; // the builder writes valid JSON; a hand-edited page is not judged
      }
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        show(form, key);
      });
    }
  }

  const api = { judge, describe, preTreat, t1, t2, levenshtein, isNumeric, ownKeysOrder, responseText };
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    global.EpreuveJudge = api;
    if (global.document) {
      if (global.document.readyState === "loading") {
        global.document.addEventListener("DOMContentLoaded", () => attach(global.document));
      } else {
        attach(global.document);
      }
    }
  }
})(this);
