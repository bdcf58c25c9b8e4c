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


def _elements(rubric: Rubric) -> list[tuple[tuple[str, ...], Element | AiElement]]:
    out: list[tuple[tuple[str, ...], Element | AiElement]] = []
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
    """Every warning for ``rubric``, element by element in file order."""
    out: list[Warning_] = []
    elements = _elements(rubric)
    descriptor_of: dict[str, str] = {}
    for where, e in elements:
        out.extend(_question_warnings(where, e))
        out.extend(_level_warnings(where, e, descriptor_of))
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


def _question_warnings(where: tuple[str, ...], e: Element | AiElement) -> list[Warning_]:
    """A question too long or asking several things; no evidence hint."""
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


def _level_warnings(
    where: tuple[str, ...], e: Element | AiElement, descriptor_of: dict[str, str]
) -> list[Warning_]:
    """Levels that read alike, and descriptors already used (``descriptor_of`` grows)."""
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
