"""Evaluation harness: a labelled dataset, a solver (the review pipeline) and a scorer.

Shaped like inspect_ai: ``dataset`` loads samples with expected findings, ``solver`` runs the
reviewer on one sample, ``scorer`` matches findings against labels; ``run`` ties them into a
versioned ``EvalLog`` that can be re-scored without re-running the reviewer.

Inside this package the name ``eval`` shadows the builtin; never call ``eval(...)`` here.
"""

EVAL_FORMAT_VERSION = "1"
