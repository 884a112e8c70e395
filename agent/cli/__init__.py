"""Command-line interface: one module per command group, each with a ``register(app)``."""
