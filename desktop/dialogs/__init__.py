"""dialogs of the desktop application."""
