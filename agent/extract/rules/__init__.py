"""Rule-based extraction: patterns tuned on the real phrasing of budget reports, one module per claim family."""
