"""File > Open team database…: connects to a real PostgreSQL server, copies the local data into the empty team
database on request, and the window then shows the server; the password never lands in the settings file."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url

from scheduler.services import Workspace, data


def test_connect_copy_local_data_and_switch(make_window, planned_db, postgres_server, qsettings, tmp_path):
    server = postgres_server.fresh(migrated=False)
    try:
        window = make_window(planned_db)
        dialog = window.open_team_database()
        url = make_url(server)
        dialog.host.setText(url.query["host"])
        dialog.port.setValue(int(url.query["port"]))
        dialog.database.setText(url.database)
        dialog.user.setText("gp")
        dialog.password.setText("not-a-real-secret")
        dialog.sslmode.setCurrentText("disable")
        dialog.copy_local.setChecked(True)
        dialog.connect()
        assert dialog.result() == dialog.DialogCode.Accepted, dialog.problem.text()
        assert window.jobs.db_url == dialog.url
        label = window.database_label.text()
        assert "postgresql" in label and "not-a-real-secret" not in label
        assert window.state.snapshot.plan is not None and window.state.snapshot.plan.name == "Plan A"
        with Workspace.open(dialog.url) as team, Workspace.open(planned_db) as local:
            assert data.counts(team) == data.counts(local)
        qsettings.sync()
        assert "not-a-real-secret" not in Path(qsettings.fileName()).read_text()
        assert qsettings.value("team/user") == "gp"

        window.switch_database(planned_db)
        assert window.database_label.text().endswith("planned.db")
    finally:
        postgres_server.drop(server)


def test_missing_fields_are_named(make_window, planned_db):
    window = make_window(planned_db)
    dialog = window.open_team_database()
    dialog.host.setText("")
    dialog.user.setText("")
    dialog.connect()
    assert "Give the server; give the user name" in dialog.problem.text()
    assert dialog.result() != dialog.DialogCode.Accepted
