"""csmaturity: assess a Customer Success operating model, offline, from the keyboard."""

__version__ = "0.1.0"
