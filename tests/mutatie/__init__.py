"""Mutation testing of `domain/` against `tests/unit`: `./dev mutate` (`python -m tests.mutatie`).

Two sets of mutants. mutmut mutates the code inside functions, except decorated ones; the hand-made set
(`handgemaakt.py`) covers what mutmut skips: the `@event` methods of the aggregates, validators, and the
declarative bounds, defaults and names. A mutant that survives the unit tests is a change of behaviour no
test notices, unless it only changes the text of an error message (`meldingen.py`) or is listed, with the
reason, as equivalent (`gelijkwaardig.py`).
"""
