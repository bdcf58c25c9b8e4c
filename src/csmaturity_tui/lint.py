"""The rubric lint: what ``csmaturity rubric check`` warns about in a valid rubric.

A rubric that loads is well formed; the lint reads it as a consultant will read it
aloud to a client, and warns where the wording works against a clean answer. Each
rule is simple enough to state in one sentence (docs/methodology.md, "Rubric lint"):

- ``long-question``: a question of more than 30 words (split on white space).
- ``compound-question``: a question that asks several things at once: more than one
  question mark, a semicolon, " and " twice or more (one " and " often joins two
  nouns, "renewals and expansion"; two usually join clauses), or a list of three or
  more ("routing, response times and a shared view").
- ``repeated-descriptor``: a level descriptor whose text (case and spacing aside) is
  also another element's.
- ``near-duplicate-question``: two questions whose words match with a
  ``difflib.SequenceMatcher`` ratio of 0.85 or more (lower case, punctuation dropped).
- ``levels-not-distinct``: two levels of one element whose descriptors match by the
  same measure (0.85 or more): a client cannot tell them apart.
- ``no-evidence``: an element without an evidence hint.
- ``agent-in-maturity``: a maturity element (not the AI-readiness layer) whose question,
  evidence or levels speak of agents, AI, bots, copilots, LLMs or machine learning:
  the AI layer measures that, so a dimension counting it again counts AI twice and
  makes the agents' gates circular.
- ``absence-above``: a level above the middle of the scale (3 to 5 of 5) that states an
  absence ("no", "not", "never", "nobody", "none", "without", "n't"): a level that high
  should name what is there, so each level adds to the one below it on one axis.
- ``template-phrase``: a phrase of three words (two or more of them not small words
  like "the" or "of"; plurals folded) found at the same level in five or more
  elements: a template, not a description of each practice.

The standard library's ``difflib`` is enough here: a rubric has a few hundred short
texts, and a ratio over words is easy to explain and needs no extra dependency.

Pure core: standard library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations

from csmaturity_tui.rubric import AiElement, Element, Problem, Rubric, key_lines, locate

QUESTION_WORDS_MAX = 30
# "X, Y and Z" / "X, Y or Z": a word, a comma, more words, then "and" or "or"
_LIST = re.compile(r"\w+, [^,;?]+? (?:and|or) \w+", re.IGNORECASE)
SIMILAR_FROM = 0.85  # SequenceMatcher ratio over normalized words
KINDS: tuple[str, ...] = (
    "long-question",
    "compound-question",
    "repeated-descriptor",
    "near-duplicate-question",
    "levels-not-distinct",
    "no-evidence",
    "agent-in-maturity",
    "absence-above",
    "template-phrase",
)
# words that speak of AI agents ("AI" itself only in capitals)
_AGENTIC = re.compile(
    r"\b(?:[Aa]gents?|[Aa]gentic|[Bb]ots?|[Cc]hatbots?|[Cc]opilots?|LLMs?|[Mm]achine learning|"
    r"[Aa]rtificial intelligence|[Vv]irtual CSMs?|AI)\b"
)
_ABSENCE = re.compile(r"\b(?:no|not|never|nobody|none|without)\b|n't\b", re.IGNORECASE)
TEMPLATE_FROM = 5  # elements sharing one phrase at one level
_SMALL_WORDS = frozenset(
    {"a", "an", "the", "of", "to", "and", "or", "in", "on", "at", "by", "for", "with"}
    | {"from", "is", "are", "be", "its", "it", "their", "each", "every", "as", "that"}
    | {"this", "which", "who"}
)


@dataclass(frozen=True)
class Warning_:
    """One lint warning: where (a key path), which rule, and what it saw."""

    path: tuple[str, ...]
    kind: str
    message: str


def words(text: str) -> list[str]:
    """The words of ``text`` as the similarity rules compare them: lower case, no punctuation."""
    return re.findall(r"[a-z0-9]+", text.lower())


def similarity(a: list[str], b: list[str]) -> float:
    """How alike two word lists are, 0 to 1 (``difflib.SequenceMatcher`` ratio)."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < SIMILAR_FROM or matcher.quick_ratio() < SIMILAR_FROM:
        return matcher.quick_ratio()  # an upper bound already below the threshold
    return matcher.ratio()


Where = tuple[str, ...]  # a key path: ("dimensions", "0", "elements", "3")
Located = list[tuple[Where, "Element | AiElement"]]


def _elements(rubric: Rubric) -> Located:
    out: Located = []
    for i, d in enumerate(rubric.dimensions):
        out += [(("dimensions", str(i), "elements", str(j)), e) for j, e in enumerate(d.elements)]
    out += [(("ai_readiness", str(i)), a) for i, a in enumerate(rubric.ai_readiness)]
    return out


def compound(question: str) -> str | None:
    """Why ``question`` asks several things (the ``compound-question`` rule), or None."""
    marks = question.count("?")
    if marks > 1:
        return f"{marks} question marks"
    if ";" in question:
        return "a semicolon"
    ands = len(re.findall(r"\band\b", question, flags=re.IGNORECASE))
    if ands >= 2:
        return f"'and' {ands} times"
    listed = _LIST.search(question)
    if listed:
        return f"a list of three or more: {listed.group(0).strip()!r}"
    return None


def lint(rubric: Rubric) -> list[Warning_]:
    """Every warning for ``rubric``, element by element in file order, then the rules
    that compare elements with each other."""
    out: list[Warning_] = []
    elements = _elements(rubric)
    for where, e in elements:
        out += _question_rules(where, e)
        out += _level_rules(where, e)
        if where[0] == "dimensions":
            out += _agentic(where, e)
    out += _repeated_descriptors(elements)
    out += _near_duplicates(elements)
    out += _template_phrases(elements)
    return out


def _question_rules(where: Where, e: Element | AiElement) -> list[Warning_]:
    """``long-question``, ``compound-question`` and ``no-evidence`` for one element."""
    out: list[Warning_] = []
    n = len(e.question.split())
    if n > QUESTION_WORDS_MAX:
        out.append(
            Warning_(
                (*where, "question"),
                "long-question",
                f"question has {n} words (more than {QUESTION_WORDS_MAX}): ask one thing "
                "in one sentence",
            )
        )
    why = compound(e.question)
    if why:
        out.append(
            Warning_(
                (*where, "question"),
                "compound-question",
                f"question asks several things ({why}): a client cannot give one "
                "level to several things",
            )
        )
    if not e.evidence.strip():
        out.append(
            Warning_(
                (*where, "evidence"),
                "no-evidence",
                f"{e.id} has no evidence hint: say what to open or whom to ask",
            )
        )
    return out


def _level_rules(where: Where, e: Element | AiElement) -> list[Warning_]:
    """``levels-not-distinct`` and ``absence-above`` inside one element."""
    out: list[Warning_] = []
    level_words = [words(t) for t in e.levels]
    for (a, wa), (b, wb) in combinations(enumerate(level_words), 2):
        ratio = similarity(wa, wb)
        if ratio >= SIMILAR_FROM:
            out.append(
                Warning_(
                    (*where, "levels", str(b)),
                    "levels-not-distinct",
                    f"level {b + 1} reads like level {a + 1} (similarity {ratio:.2f}, "
                    f"from {SIMILAR_FROM}): make each level observably different",
                )
            )
    middle = (len(e.levels) + 2) // 2  # 3 of 5 (and of 4): the middle, and above it
    for k, text in enumerate(e.levels):
        found = _ABSENCE.search(text)
        if k + 1 >= middle and found:
            out.append(
                Warning_(
                    (*where, "levels", str(k)),
                    "absence-above",
                    f"level {k + 1} of {e.id} states an absence ({found.group(0)!r}): from "
                    f"level {middle} up, say what is there",
                )
            )
    return out


def _agentic(where: Where, e: Element | AiElement) -> list[Warning_]:
    """``agent-in-maturity``: the first place a maturity element speaks of AI agents."""
    texts: list[tuple[Where, str]] = [(("question",), e.question), (("evidence",), e.evidence)]
    texts += [(("levels", str(k)), t) for k, t in enumerate(e.levels)]
    for key, text in texts:
        found = _AGENTIC.search(text)
        if found:
            return [
                Warning_(
                    (*where, *key),
                    "agent-in-maturity",
                    f"{e.id} speaks of {found.group(0)!r} in its {key[0]}: the AI-readiness "
                    "layer measures agents; a maturity element that counts them again "
                    "makes the agents' gates circular",
                )
            ]
    return []


def _repeated_descriptors(elements: Located) -> list[Warning_]:
    """``repeated-descriptor``: a descriptor that is also another element's."""
    out: list[Warning_] = []
    descriptor_of: dict[str, str] = {}
    for where, e in elements:
        for k, text in enumerate(e.levels):
            key = " ".join(text.lower().split())
            first = descriptor_of.setdefault(key, e.id)
            if first != e.id:
                out.append(
                    Warning_(
                        (*where, "levels", str(k)),
                        "repeated-descriptor",
                        f"level {k + 1} of {e.id} repeats a descriptor of {first}",
                    )
                )
    return out


def _near_duplicates(elements: Located) -> list[Warning_]:
    """``near-duplicate-question``: two questions worded nearly alike."""
    out: list[Warning_] = []
    question_words = [(where, e, words(e.question)) for where, e in elements]
    for (_first_at, ea, qa), (second_at, eb, qb) in combinations(question_words, 2):
        ratio = similarity(qa, qb)
        if ratio >= SIMILAR_FROM:
            out.append(
                Warning_(
                    (*second_at, "question"),
                    "near-duplicate-question",
                    f"{eb.id} asks nearly what {ea.id} asks (similarity {ratio:.2f}, "
                    f"from {SIMILAR_FROM})",
                )
            )
    return out


def phrases(text: str) -> set[str]:
    """The three-word phrases of ``text`` that ``template-phrase`` counts: lower case,
    plurals folded ("indicators" reads as "indicator"), two or more words of each
    phrase not small words ("the", "of")."""
    folded = [
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
        for w in words(text)
    ]
    return {
        " ".join(folded[i : i + 3])
        for i in range(len(folded) - 2)
        if sum(w not in _SMALL_WORDS for w in folded[i : i + 3]) >= 2
    }


def _template_phrases(elements: Located) -> list[Warning_]:
    """``template-phrase``: one warning per phrase and level, at its first element."""
    seen: dict[tuple[int, str], list[tuple[Where, str]]] = {}
    for where, e in elements:
        for k, text in enumerate(e.levels):
            for phrase in sorted(phrases(text)):
                seen.setdefault((k, phrase), []).append(((*where, "levels", str(k)), e.id))
    out: list[Warning_] = []
    for (k, phrase), places in seen.items():
        if len(places) >= TEMPLATE_FROM:
            ids = ", ".join(eid for _where, eid in places)
            out.append(
                Warning_(
                    places[0][0],
                    "template-phrase",
                    f"{phrase!r} is at level {k + 1} of {len(places)} elements ({ids}): "
                    "describe each practice in its own words",
                )
            )
    return out


def lint_problems(rubric: Rubric, filename: str) -> list[Problem]:
    """The warnings as lines ``FILE:LINE: key.path: warning: message [kind]``."""
    lines = key_lines(rubric.source)
    return [
        Problem(
            filename,
            locate(lines, w.path),
            ".".join(w.path),
            f"warning: {w.message} [{w.kind}]",
        )
        for w in lint(rubric)
    ]
