"""File > Open team database…: the server's address, user, TLS mode and CA file, the password from the OS
keyring, and the first-time copy of the local data to an empty team database.

The CA file (the university's CA certificate, with which ``verify-full`` checks the server) is kept in the
settings with the rest of the connection; the password never is."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from desktop.context import AppContext
from desktop.widgets.screen_fit import fit_to_screen, scrolling_body
from scheduler.services.team_server import SSL_MODES, VERIFYING_MODES, ServerConnection

PREFIX = "team/"


def connect_job(url: str, local_db: str | None, copy_local: bool) -> str:
    """Checks the server (and copies the local database into it when asked); returns the server's description."""
    from scheduler.services import Workspace, backups, team_server

    if copy_local:
        with Workspace.open(local_db) as local:
            backups.move_to_server(local, url)
    return team_server.check(url)


class TeamDatabaseDialog(QDialog):
    """Asks for the connection; ``url`` holds the database to open once the dialog is accepted."""

    def __init__(self, ctx: AppContext, settings: QSettings, local_db: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open team database")
        self.ctx, self.settings, self.local_db = ctx, settings, local_db
        self.url: str | None = None
        self.host = QLineEdit(str(settings.value(PREFIX + "host", "")))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(int(settings.value(PREFIX + "port", 5432)))
        self.database = QLineEdit(str(settings.value(PREFIX + "database", "placements")))
        self.user = QLineEdit(str(settings.value(PREFIX + "user", "")))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.sslmode = QComboBox()
        self.sslmode.addItems(SSL_MODES)
        self.sslmode.setCurrentText(str(settings.value(PREFIX + "sslmode", "verify-full")))
        self.sslmode.setToolTip("TLS: 'verify-full' checks that the server's certificate is signed by the CA file "
                                "and names this server; 'require' only encrypts the connection")
        self.ca_file = QLineEdit(str(settings.value(PREFIX + "ca_file", "")))
        self.ca_file.setPlaceholderText("the CA certificate from your IT department (.pem, .crt)")
        self.choose_ca = QPushButton("C&hoose…")
        self.choose_ca.clicked.connect(self.choose_ca_file)
        self.ca_chooser: QFileDialog | None = None
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(self.choose_ca)
        self.remember = QCheckBox("Keep the password in this computer's credential store")
        self.remember.setChecked(True)
        self.copy_local = QCheckBox("Copy my local data to this team database (first time only; it must be empty)")
        form = QFormLayout()
        for label, field in (("&Server:", self.host), ("&Port:", self.port), ("&Database:", self.database),
                             ("&User name:", self.user), ("Pass&word:", self.password), ("&TLS mode:", self.sslmode)):
            form.addRow(label, field)
        form.addRow("&CA file:", ca_row)
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        self.problem.setObjectName("dialogProblem")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Connect")
        buttons.accepted.connect(self.connect)
        buttons.rejected.connect(self.reject)
        layout, outer = scrolling_body(self)
        layout.addLayout(form)
        layout.addWidget(self.remember)
        layout.addWidget(self.copy_local)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        outer.addWidget(buttons)
        self.user.editingFinished.connect(self._fill_saved_password)
        self._fill_saved_password()
        fit_to_screen(self)

    def connection(self) -> ServerConnection:
        return ServerConnection(self.host.text().strip(), self.database.text().strip(), self.user.text().strip(),
                                self.port.value(), self.sslmode.currentText(), self.ca_file.text().strip())

    def choose_ca_file(self) -> QFileDialog:
        """Opens a file chooser for the CA certificate; choosing one fills the CA file (see ``set_ca_file``)."""
        chooser = QFileDialog(self, "Choose the CA certificate", self.ca_file.text().strip(),
                              "Certificates (*.pem *.crt *.cer);;All files (*)")
        chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
        chooser.setOption(QFileDialog.Option.DontUseNativeDialog)  # the same chooser on every system and in tests
        chooser.fileSelected.connect(self.set_ca_file)
        self.ca_chooser = chooser
        chooser.open()
        return chooser

    def set_ca_file(self, path: str) -> None:
        """A CA file is for checking the server: a mode that does not check it becomes ``verify-full``."""
        self.ca_file.setText(path)
        if path and self.sslmode.currentText() not in VERIFYING_MODES:
            self.sslmode.setCurrentText("verify-full")

    def _fill_saved_password(self) -> None:
        from scheduler.services import team_server

        if not self.password.text() and not self.connection().problems():
            self.password.setText(team_server.saved_password(self.connection()) or "")

    def connect(self) -> None:
        from scheduler.services import team_server

        connection = self.connection()
        problems = connection.problems()
        if problems:
            self.problem.setText("; ".join(problems).capitalize() + ".")
            return
        self.problem.setText("Connecting…")
        url = connection.url(self.password.text())

        def connected(_description: str) -> None:
            for key in ("host", "port", "database", "user", "sslmode", "ca_file"):
                self.settings.setValue(PREFIX + key, getattr(connection, key))
            if self.remember.isChecked() and self.password.text() and \
                    not team_server.remember_password(connection, self.password.text()):
                self.ctx.show_status("This computer has no credential store: the password will be asked each time.")
            self.url = url
            self.accept()

        self.ctx.jobs.run(connect_job, url, self.local_db, self.copy_local.isChecked(), needs_workspace=False,
                          name="connect to the team database", on_success=connected,
                          on_failure=lambda e: self.problem.setText(f"Could not connect: {e}"))
