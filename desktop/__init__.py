"""The PySide6 desktop application: windows, pages, dialogs, Qt models and background jobs.

Everything here shows what ``scheduler.services`` returns and calls those
services for every change; no database sessions and no solver models here.
"""
