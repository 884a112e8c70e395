"""budget-review: a review agent for Chinese public-sector budget documents."""

__version__ = "0.1.0"
