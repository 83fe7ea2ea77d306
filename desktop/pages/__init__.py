"""pages of the desktop application."""
