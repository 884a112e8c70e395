"""budget-review: a review agent for Chinese public-sector budget documents."""
import logging
import sys

__version__ = "0.1.0"


def configure_logging(verbose: bool = False) -> None:
    """Log the project's own packages to stderr: warnings by default, every DEBUG line with
    ``verbose`` (``--verbose``, BUDGET_REVIEW_VERBOSE=1).  The root logger and the libraries'
    loggers are left alone, so embedding applications and test log capture keep working."""
    for name in ("agent", "vectorstore", "eval"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.DEBUG if verbose else logging.WARNING)
        if not any(getattr(h, "budget_review", False) for h in logger.handlers):
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter("budget-review: %(levelname)s %(name)s: %(message)s"))
            handler.budget_review = True  # type: ignore[attr-defined]
            logger.addHandler(handler)
