"""Whether a mutant changes nothing but the text of an error message."""

from __future__ import annotations

import ast

MELDING = "<melding>"


def _naam(functie: ast.expr) -> str:
    if isinstance(functie, ast.Name):
        return functie.id
    if isinstance(functie, ast.Attribute):
        return functie.attr
    return ""


class _ZonderMeldingen(ast.NodeTransformer):
    """Replaces the message of every `RegelGeschonden(regel, melding, ...)` and `...Error(...)` by one mark."""

    def visit_Call(self, knoop: ast.Call) -> ast.AST:
        self.generic_visit(knoop)
        naam = _naam(knoop.func)
        if naam == "RegelGeschonden":
            knoop.args = [*knoop.args[:1], ast.Constant(MELDING)]
            knoop.keywords = [k for k in knoop.keywords if k.arg != "melding"]
        elif naam.endswith(("Error", "Exception")):
            knoop.args = [ast.Constant(MELDING)]
        return knoop


def _zonder_meldingen(bron: str) -> str:
    return ast.dump(_ZonderMeldingen().visit(ast.parse(bron)), include_attributes=False)


def alleen_melding(origineel: str, mutant: str) -> bool:
    """True when `mutant` differs from `origineel` (a function's source) only inside error messages.

    The message is the second argument of `RegelGeschonden` (the rule, the first, is behaviour) and every
    positional argument of an exception class whose name ends in Error or Exception. A removed message
    counts as a changed message; a removed rule, field (`veld=`) or anything outside a message does not.
    """
    if origineel == mutant:
        return False
    try:
        return _zonder_meldingen(origineel) == _zonder_meldingen(mutant)
    except SyntaxError:
        return False
