"""nominate: check Seoul Foreign Honorary Citizen nominations against the published criteria."""

__version__ = "0.1.0"
