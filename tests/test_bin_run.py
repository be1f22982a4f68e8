"""bin/run on a port that is taken stops before it changes anything (a second bin/run used to
give the demo logins new passwords, then fail to serve)."""

import os
import socket
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bin_run_on_a_busy_port_says_so_and_changes_nothing(tmp_path):
    database = tmp_path / "db.sqlite3"
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = {**os.environ, "RUN_PORT": str(port), "DATABASE_URL": f"sqlite:///{database}"}
        result = subprocess.run(  # noqa: S603 - our own script
            [ROOT / "bin" / "run"], env=env, capture_output=True, text=True, timeout=60
        )
    assert result.returncode == 1
    assert f"Port {port} on 127.0.0.1 is already in use" in result.stderr
    assert "Nothing was changed." in result.stderr
    assert not database.exists()
