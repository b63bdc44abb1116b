"""The store's base error, shared by the write, edit and init modules."""


class StoreError(Exception):
    """A save that could not be done; `str(error)` is Norwegian, fit to show a user."""
