"""GP placement scheduler: the core, usable without any GUI.

Sub-packages: ``exchange`` (the data contract's tables), ``store`` (the
database), ``solver`` (CP-SAT planning), ``reports`` (PDF documents),
``services`` (one function per thing a user does) and ``cli``.
"""

__version__ = "0.1.0"
