"""Correspondence with practices and students: calendars (iCalendar), email drafts (RFC 5322) and plan changes.

Nothing here sends anything: the app stays offline. Calendar files and email
drafts are written for the officer to open in Outlook or a calendar program.
"""
