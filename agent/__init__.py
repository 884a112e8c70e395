"""budget-review: a review agent for Chinese public-sector budget documents."""

__version__ = "0.1.0"


def configure_logging(verbose: bool = False) -> None:
    """Log to stderr: warnings by default; with ``verbose`` (``--verbose``, BUDGET_REVIEW_VERBOSE=1) every
    debug line of the project's own packages, not of the libraries under them."""
    import logging
    import sys

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("budget-review: %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)
    for name in ("agent", "vectorstore", "eval"):
        logging.getLogger(name).setLevel(logging.DEBUG if verbose else logging.NOTSET)
