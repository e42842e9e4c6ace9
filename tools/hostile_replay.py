#!/usr/bin/env python3
"""Replays, from outside, the attacks of issue 9 against a built `shortlist` binary.

Starts `shortlist serve` on loopback with the built-in Retell simulator and a fresh data folder,
creates an admin and a recruiter, a job, a campaign and candidates, lets the simulator place a
call, then sends what an attacker or a careless proxy would. After each case it checks that
/healthz still answers, and prints what it measured (database growth, resident memory, statuses).

Run from the repository root, against a release build for figures:
  swift build -c release && python3 tools/hostile_replay.py --binary .build/release/shortlist
`--baseline` leaves out configuration keys an older binary does not know. Standard library only;
everything stays on 127.0.0.1.
"""

import argparse
import datetime
import hashlib
import hmac
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import zoneinfo

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
API_KEY = "replay-api-key"
RESULTS = []


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def open_zone():
    """A zone where it is between 10:00 and 17:00 now, so the campaign may call at once."""
    for name in ["America/Chicago", "Europe/London", "Asia/Kolkata", "Asia/Tokyo", "Pacific/Auckland",
                 "America/Los_Angeles", "Asia/Singapore", "Europe/Berlin", "America/Sao_Paulo", "Pacific/Honolulu"]:
        hour = datetime.datetime.now(zoneinfo.ZoneInfo(name)).hour
        if 10 <= hour < 17:
            return name
    return "UTC"


class Daemon:
    def __init__(self, binary, baseline, data, static):
        self.binary, self.data, self.port = os.path.abspath(binary), data, free_port()
        self.config = os.path.join(data, "config.toml")
        extra_server = "" if baseline else "idle_timeout_seconds = 5\n"
        with open(self.config, "w") as f:
            f.write(f'[server]\nlisten = "127.0.0.1:{self.port}"\npublic_url = "http://127.0.0.1:{self.port}"\n'
                    f'static_dir = "{static}"\ntrusted_proxies = ["127.0.0.1"]\n{extra_server}'
                    f'[database]\npath = "{data}/shortlist.sqlite"\n'
                    f'[retell]\nmode = "simulator"\napi_key = "{API_KEY}"\n[security]\ncookie_secure = false\n'
                    f'[simulator]\nspeedup = 200.0\nanswered = 1.0\nvoicemail = 0.0\nno_answer = 0.0\nbusy = 0.0\n'
                    f'invalid_number = 0.0\nopt_out = 0.0\n')
        self.process = None

    def cli(self, *args, stdin=None):
        out = subprocess.run([self.binary, *args, "--config", self.config], input=stdin, capture_output=True,
                             text=True, cwd=self.data, timeout=60)
        if out.returncode != 0:
            raise RuntimeError(f"{args}: {out.stderr.strip()}")
        return out.stdout.strip()

    def start(self):
        self.log = open(os.path.join(self.data, "daemon.log"), "w")
        self.process = subprocess.Popen([self.binary, "serve", "--config", self.config], cwd=self.data,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(100):
            if self.alive():
                return
        raise RuntimeError("the daemon did not start")

    def alive(self):
        time.sleep(0.2)  # a crash takes a moment to close the listening socket
        try:
            return request(self.port, "GET", "/healthz", timeout=5)[0] == 200
        except OSError:
            return False

    def rss_kib(self):
        if self.process.poll() is not None:
            return 0
        with open(f"/proc/{self.process.pid}/status") as f:
            return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))

    def db_bytes(self):
        return sum(os.path.getsize(os.path.join(self.data, n)) for n in os.listdir(self.data) if n.startswith("shortlist.sqlite"))

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def request(port, method, path, body=None, headers=None, timeout=30):
    """(status, headers, body); status 0 when the connection broke (the daemon died, say)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        headers = dict(response.getheaders())
        headers["Set-Cookie"] = "; ".join(response.msg.get_all("Set-Cookie") or [])
        return response.status, headers, response.read()
    except (ConnectionError, http.client.HTTPException, socket.timeout):
        return 0, {}, b""
    finally:
        conn.close()


def api(port, token, method, path, payload=None):
    headers = {"Authorization": f"Bearer {token}"}
    body = None
    if payload is not None:
        body = json.dumps(payload).encode()
        headers["Content-Type"] = "application/json"
    status, _, data = request(port, method, path, body, headers)
    return status, (json.loads(data) if data.startswith(b"{") or data.startswith(b"[") else data)


def sign(body, key=API_KEY):
    stamp = int(time.time() * 1000)
    digest = hmac.new(key.encode(), body + str(stamp).encode(), hashlib.sha256).hexdigest()
    return f"v={stamp},d={digest}"


def sign_in(port, email, password, forwarded=None):
    """Returns (status, session cookie or None)."""
    status, headers, page = request(port, "GET", "/login")
    csrf = re.search(rb'name="_csrf" value="([^"]+)"', page).group(1).decode()
    cookie = re.search(r"(shortlist_login_csrf=[^;]+)", headers.get("Set-Cookie", "")).group(1)
    form = urllib.parse.urlencode({"_csrf": csrf, "email": email, "password": password})
    extra = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    if forwarded:
        extra["X-Forwarded-For"] = forwarded
    status, headers, _ = request(port, "POST", "/login", form, extra)
    session = re.search(r"(shortlist_session=[^;]+)", headers.get("Set-Cookie", ""))
    return status, session.group(1) if session else None


def check(name, ok, detail, daemon):
    alive = daemon.alive()
    verdict = "PASS" if ok and alive else "FAIL"
    RESULTS.append(verdict)
    print(f"{verdict}  {name}: {detail}; /healthz {'answers' if alive else 'DOES NOT ANSWER'}", flush=True)
    if not alive:
        print("      the daemon died; restarting it for the next case", flush=True)
        daemon.stop()
        daemon.start()


def setup(daemon, port):
    password = "replay-admin-password-1"
    daemon.cli("migrate")
    daemon.cli("user", "add", "--email", "admin@replay.test", "--role", "admin", "--password-stdin", stdin=password + "\n")
    daemon.cli("user", "add", "--email", "rita@replay.test", "--role", "recruiter", "--password-stdin", stdin="rita-password-123\n")
    admin = daemon.cli("token", "create", "--name", "admin", "--role", "admin", "--user", "admin@replay.test").splitlines()[-1]
    rita = daemon.cli("token", "create", "--name", "rita", "--role", "recruiter", "--user", "rita@replay.test").splitlines()[-1]
    daemon.start()
    daemon.restarts = 0
    _, job = api(port, admin, "POST", "/api/v1/jobs", {"company": "Acme", "title": "Driver"})
    zone = open_zone()
    status, campaign = api(port, admin, "POST", "/api/v1/campaigns", {
        "name": "Replay", "job_id": job["id"], "from_number": "+14155550100",
        "questions": ["When can you start?"],
        "targets": [{"key": "notes", "name": "Notes", "goal_type": "text"},
                    {"key": "years", "name": "Years", "goal_type": "number"}],
        "calling": {"timezone": zone, "window_start": "08:00", "window_end": "21:00",
                    "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}})
    assert status == 201, campaign
    cid = campaign["id"]
    api(port, admin, "POST", f"/api/v1/campaigns/{cid}/candidates",
        [{"full_name": "Jane Doe", "phone": "+15125550134", "timezone": zone}])
    api(port, admin, "POST", f"/api/v1/campaigns/{cid}/agent")
    api(port, admin, "POST", f"/api/v1/campaigns/{cid}/batches")
    for _ in range(200):
        _, calls = api(port, admin, "GET", f"/api/v1/campaigns/{cid}/calls")
        if calls["items"] and calls["items"][0].get("retell_call_id"):
            return admin, rita, password, cid, calls["items"][0]
        time.sleep(0.1)
    raise RuntimeError("no call was placed")


def analyzed_body(call, value):
    call_object = {
        "call_id": call["retell_call_id"], "agent_id": "agent_x", "call_status": "ended", "call_type": "phone_call",
        "metadata": {"shortlist_call_id": call["id"]}, "start_timestamp": 1795000000000,
        "end_timestamp": 1795000095000, "duration_ms": value, "transcript": "Agent: Hi",
        "call_cost": {"combined_cost": value},
        "call_analysis": {"call_summary": "x", "user_sentiment": "Positive", "call_successful": True,
                          "custom_analysis_data": {"key_points": value, "notes": value, "years": value,
                                                   "sentiment_score": value, "available_to_work": True}}}
    return json.dumps({"event": "call_analyzed", "call": call_object}).replace('"__NUM__"', "1e19").encode()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/shortlist")
    parser.add_argument("--baseline", action="store_true", help="an older binary: leave out keys it does not know")
    parser.add_argument("--static", default=os.path.join(REPO_ROOT, "static"), help="templates and assets")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="shortlist-replay-") as data:
        daemon = Daemon(args.binary, args.baseline, data, args.static)
        try:
            run(daemon, args)
        finally:
            daemon.stop()
    failed = RESULTS.count("FAIL")
    print(f"{len(RESULTS) - failed} passed, {failed} failed")
    return 1 if failed else 0


def run(daemon, args):
    port = daemon.port
    admin, rita, password, cid, call = setup(daemon, port)

    # 1. A signed webhook whose analysis holds 1e19 (and a huge cost and duration).
    body = analyzed_body(call, "__NUM__")
    status, _, answer = request(port, "POST", "/webhooks/retell", body,
                                {"Content-Type": "application/json", "X-Retell-Signature": sign(body)})
    check("signed webhook with 1e19 in the analysis, cost and duration", status in (204, 400),
          f"answered {status}", daemon)

    # 2. A signed-in admin posts _op=down_question.<Int.max> to the campaign form.
    status, session = sign_in(port, "admin@replay.test", password)
    if session is None:
        raise RuntimeError(f"the admin could not sign in ({status})")
    status, _, page = request(port, "GET", f"/campaigns/{cid}/edit", headers={"Cookie": session})
    csrf = re.search(rb'name="_csrf" value="([^"]+)"', page).group(1).decode()
    form = urllib.parse.urlencode({"_csrf": csrf, "_op": f"down_question.{2**63 - 1}", "name": "Replay",
                                   "questions[0]": "When can you start?"})
    status, _, _ = request(port, "POST", f"/campaigns/{cid}", form,
                           {"Cookie": session, "Content-Type": "application/x-www-form-urlencoded"})
    check("campaign form with _op=down_question.<Int.max>", status < 500, f"answered {status}", daemon)

    # 3. 40 unsigned 1 MiB bodies to the webhook.
    before = daemon.db_bytes()
    statuses = set()
    for index in range(40):
        statuses.add(request(port, "POST", "/webhooks/retell", os.urandom(1024 * 1024),
                             {"Content-Type": "application/json"})[0])
    time.sleep(1)
    grown = daemon.db_bytes() - before
    check("40 unsigned 1 MiB webhook bodies", grown < 2 * 1024 * 1024,
          f"answers {sorted(statuses)}, database and WAL grew by {grown / 1e6:.2f} MB", daemon)

    # 4. 1,500 sign-ins with long unknown emails from one address once it is locked.
    for attempt in range(6):
        sign_in(port, "nobody@replay.test", "wrong")
    rss_before = daemon.rss_kib()
    for index in range(1500):
        sign_in(port, f"{index}-{'x' * 50_000}@replay.test", "wrong")
    rss_after = daemon.rss_kib()
    check("1,500 sign-ins with 50 KB unknown emails from a locked address", rss_after - rss_before < 20 * 1024,
          f"RSS {rss_before / 1024:.1f} -> {rss_after / 1024:.1f} MiB", daemon)

    # 5. Behind a trusted proxy, five failures from one client do not lock out another.
    for attempt in range(6):
        sign_in(port, "mallory@replay.test", "wrong", forwarded="203.0.113.7")
    status, session2 = sign_in(port, "rita@replay.test", "rita-password-123", forwarded="198.51.100.2")
    check("five bad passwords from one forwarded client, then another client signs in", session2 is not None,
          f"second client's sign-in answered {status}, {'a session' if session2 else 'no session'}", daemon)

    # 6. Asia/Kolkata in an import and a campaign.
    status, result = api(port, admin, "POST", f"/api/v1/campaigns/{cid}/candidates",
                         [{"full_name": "Priya Raman", "phone": "+15125550177", "timezone": "Asia/Kolkata"}])
    imported = isinstance(result, dict) and result.get("imported") == 1
    status2, _ = api(port, admin, "PATCH", f"/api/v1/campaigns/{cid}", {"calling": {"timezone": "Asia/Kolkata",
                     "window_start": "08:00", "window_end": "21:00"}})
    check("Asia/Kolkata in an import and a campaign", imported and status2 == 200,
          f"import answered {status} ({'imported' if imported else result}), campaign PATCH {status2}", daemon)

    # 7. Another recruiter changes the admin's campaign.
    status, _ = api(port, rita, "PATCH", f"/api/v1/campaigns/{cid}", {"name": "Taken over"})
    check("a recruiter PATCHes a campaign she does not own", status == 403, f"answered {status}", daemon)

    # 8. Headers on a page.
    _, headers, _ = request(port, "GET", "/login")
    csp = headers.get("Content-Security-Policy", "")
    ok = "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp and headers.get("X-Content-Type-Options") == "nosniff"
    check("security headers on the sign-in page", ok, f"CSP {csp or 'missing'!r}", daemon)

    # 9. An idle connection is closed by the server.
    if not args.baseline:
        with socket.create_connection(("127.0.0.1", port)) as idle:
            idle.settimeout(20)
            started = time.monotonic()
            try:
                closed = idle.recv(1) == b""
            except socket.timeout:
                closed = False
            waited = time.monotonic() - started
        check("an idle connection (idle_timeout_seconds = 5)", closed and waited < 15,
              f"{'closed' if closed else 'still open'} after {waited:.1f} s", daemon)

    # 10. An event stream ends when its session signs out.
    status, session3 = sign_in(port, "admin@replay.test", password, forwarded="192.0.2.50")
    if session3 is None:
        check("an event stream after its session signed out", False, f"could not sign in to try ({status})", daemon)
        return
    stream = http.client.HTTPConnection("127.0.0.1", port, timeout=40)
    stream.request("GET", "/live/events", headers={"Cookie": session3, "Accept": "text/event-stream"})
    response = stream.getresponse()
    _, _, page = request(port, "GET", "/", headers={"Cookie": session3})
    csrf = re.search(rb'name="_csrf" value="([^"]+)"', page).group(1).decode()
    request(port, "POST", "/logout", urllib.parse.urlencode({"_csrf": csrf}),
            {"Cookie": session3, "Content-Type": "application/x-www-form-urlencoded"})
    started = time.monotonic()
    ended = False
    try:
        while time.monotonic() - started < 35:
            if not response.read1(4096):
                ended = True
                break
    except (socket.timeout, OSError, http.client.HTTPException):
        ended = False
    stream.close()
    check("an event stream after its session signed out", ended,
          f"{'ended' if ended else 'still open'} {time.monotonic() - started:.1f} s after sign-out", daemon)


if __name__ == "__main__":
    sys.exit(main())
