"""oppfolging: follow up the goals of Norwegian municipal health-and-care plans."""

__version__ = "0.1.0"
__all__ = ["__version__"]
