"""Small, correct, vectorised implementations behind the handbook's answers.

Every function here is shown on a page of the handbook through a named section
(``# --8<-- [start:name]`` … ``# --8<-- [end:name]``), has a doctest that asserts a
property of its definition, and is checked against an independent reference library
in ``tests/test_snippets/``.
"""
