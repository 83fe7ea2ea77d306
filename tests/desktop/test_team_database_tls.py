"""File > Open team database… over verified TLS: the CA file is chosen in the dialog's file chooser, the server
is checked with ``verify-full`` and that CA, the choice is kept in the settings (the password is not), and a
server whose certificate another CA signed is refused with a message that names no password."""

from __future__ import annotations

from pathlib import Path

from database_helpers import TLS_PASSWORD


def _fill(dialog, server, ca: Path) -> None:
    dialog.host.setText("localhost")
    dialog.port.setValue(server.port)
    dialog.database.setText("gp_template")
    dialog.user.setText("gp")
    dialog.password.setText(TLS_PASSWORD)
    dialog.remember.setChecked(False)
    dialog.sslmode.setCurrentText("require")
    chooser = dialog.choose_ca_file()
    chooser.selectFile(str(ca))
    chooser.accept()


def test_the_chosen_ca_verifies_the_server_and_is_kept(make_window, planned_db, postgres_server, qsettings):
    window = make_window(planned_db)
    dialog = window.open_team_database()
    _fill(dialog, postgres_server, postgres_server.tls["ca"])
    assert dialog.ca_file.text() == str(postgres_server.tls["ca"])
    assert dialog.sslmode.currentText() == "verify-full"  # a CA file is for checking the server
    dialog.connect()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.problem.text()
    assert "sslmode=verify-full" in dialog.url and "sslrootcert=" in dialog.url
    assert window.jobs.db_url == dialog.url
    qsettings.sync()
    assert qsettings.value("team/ca_file") == str(postgres_server.tls["ca"])
    assert qsettings.value("team/sslmode") == "verify-full"
    assert TLS_PASSWORD not in Path(qsettings.fileName()).read_text(encoding="utf-8")

    again = window.open_team_database()
    assert again.ca_file.text() == str(postgres_server.tls["ca"])
    assert again.sslmode.currentText() == "verify-full"


def test_a_server_signed_by_another_ca_is_refused(make_window, planned_db, postgres_server, qsettings):
    window = make_window(planned_db)
    dialog = window.open_team_database()
    _fill(dialog, postgres_server, postgres_server.tls["other_ca"])
    dialog.connect()
    assert dialog.result() != dialog.DialogCode.Accepted
    problem = dialog.problem.text()
    assert problem.startswith("Could not connect:") and "was not trusted" in problem, problem
    assert "certificate verify failed" in problem and TLS_PASSWORD not in problem
    assert window.jobs.db_url == planned_db
    assert qsettings.value("team/ca_file") is None
