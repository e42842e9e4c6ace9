#!/usr/bin/env python3
"""End-to-end test of the admin pages in a real browser.

Starts `shortlist demo` (the daemon with the Retell simulator) and headless Chromium, then,
through the pages only, signs in, creates a job and a campaign, imports candidates from a CSV
file, creates the agent, starts calling and watches /live update itself from the server's
events. Chromium is driven over the Chrome DevTools Protocol with websocket-client.

Run from the repository root: python3 Tests/browser/admin_flow.py [--binary PATH]
"""

import argparse
import datetime
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import zoneinfo

import websocket

# The daemon serves static/ relative to its working directory.
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STEP_TIMEOUT = 30
BANNER_TIMEOUT = 120
OVERALL_TIMEOUT = 600
# The calls of our campaign may all have been placed before /live opens; the next new call is
# then a retry, which the campaign schedules a minute later.
LIVE_TIMEOUT = 100
# The campaign `shortlist demo` seeds (Sources/Shortlist/App/Demo.swift).
DEMO_CAMPAIGN = "Drivers – demo"

# Candidate zones for the campaign: one of them is always between 10:00 and 17:00 local.
ZONES = [
    "America/Los_Angeles", "America/Chicago", "America/New_York", "Europe/London", "Europe/Berlin",
    "Asia/Kolkata", "Asia/Singapore", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland",
    "America/Sao_Paulo", "Pacific/Honolulu",
]

JOB = {
    "company": "Acme Freight",
    "title": "Forklift Operator",
    "location": "Austin, TX",
    "salary_range": "$20–24 an hour",
    "employment_type": "Full-time",
    "description": "Loading and unloading trucks in our Austin warehouse, day shifts.",
}
CAMPAIGN_NAME = "Forklift operators – browser test"
CANDIDATES = ["Alice Archer", "Bruno Baker", "Chiara Cole", "Dmitri Dunn", "Esme Ellis"]


class Failure(Exception):
    """The test failed; the message says what was expected."""


class PageError(Exception):
    """A CDP command or a page script failed (often only because the page is navigating)."""


def raise_failure(signum, _frame):
    raise Failure(f"stopped by signal {signal.Signals(signum).name}"
                  + (f" after the overall timeout of {OVERALL_TIMEOUT} s" if signum == signal.SIGALRM else ""))


class CDP:
    """A minimal Chrome DevTools Protocol client for one page target."""

    def __init__(self, ws_url):
        # Chromium refuses DevTools connections that send an Origin header it does not allow.
        self.ws = websocket.create_connection(ws_url, timeout=STEP_TIMEOUT, suppress_origin=True)
        self.last_id = 0
        self.events = []

    def send(self, method, **params):
        """Sends a command and returns its result; events that arrive meanwhile are kept."""
        self.last_id += 1
        command_id = self.last_id
        self.ws.send(json.dumps({"id": command_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == command_id:
                if "error" in message:
                    raise PageError(f"{method}: {message['error'].get('message')}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def close(self):
        self.ws.close()


class Browser:
    """The page as a user sees it: load, fill, click, and wait for what should appear."""

    def __init__(self, cdp, base_url):
        self.cdp = cdp
        self.base_url = base_url
        cdp.send("Page.enable")
        cdp.send("Runtime.enable")

    def evaluate(self, expression):
        result = self.cdp.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise PageError(details.get("exception", {}).get("description") or details.get("text"))
        return result["result"].get("value")

    def wait_for(self, what, expression, timeout=STEP_TIMEOUT):
        """Polls `expression` until it is truthy and returns its value. Errors while the page
        navigates count as "not yet"."""
        deadline = time.monotonic() + timeout
        last_error = None
        while time.monotonic() < deadline:
            try:
                value = self.evaluate(expression)
                if value:
                    return value
            except PageError as error:
                last_error = error
            time.sleep(0.2)
        raise Failure(f"timed out after {timeout} s waiting for {what}"
                      + (f" (last error: {last_error})" if last_error else ""))

    def loads_page(self, action):
        """Runs `action`, which must navigate, and waits for the next document to load. The
        marker lives in the old document, so a reload of the same URL counts too."""
        self.evaluate("window.__e2eOldDocument = true")
        action()
        self.wait_for("the next page to load", "!window.__e2eOldDocument && document.readyState === 'complete'")

    def open(self, path):
        """Goes to `path` on the daemon, as typing the address would."""
        def navigate():
            result = self.cdp.send("Page.navigate", url=self.base_url + path)
            if result.get("errorText"):
                raise Failure(f"could not open {path}: {result['errorText']}")
        self.loads_page(navigate)

    def element_center(self, selector):
        """Scrolls the element into view and returns the middle of it, failing unless a user
        could click it there (it has a size and nothing covers it)."""
        box = self.evaluate(f"""(() => {{
            const element = document.querySelector({json.dumps(selector)});
            if (!element) return null;
            element.scrollIntoView({{block: "center"}});
            const r = element.getBoundingClientRect();
            const x = r.left + r.width / 2, y = r.top + r.height / 2;
            const hit = document.elementFromPoint(x, y);
            return {{x, y, width: r.width, height: r.height, reachable: !!hit && element.contains(hit)}};
        }})()""")
        if box is None:
            raise Failure(f"no element matches {selector}")
        if box["width"] < 2 or box["height"] < 2 or not box["reachable"]:
            raise Failure(f"{selector} is not visible or is covered: {box}")
        return box["x"], box["y"]

    def click(self, selector):
        """A real mouse click in the middle of the element."""
        x, y = self.element_center(selector)
        self.cdp.send("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)
        for kind in ("mousePressed", "mouseReleased"):
            self.cdp.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    def fill(self, selector, text):
        """Clears a text input or textarea and types `text` into it."""
        found = self.evaluate(f"""(() => {{
            const element = document.querySelector({json.dumps(selector)});
            if (!element) return false;
            element.focus();
            element.value = "";
            return true;
        }})()""")
        if not found:
            raise Failure(f"no input matches {selector}")
        self.cdp.send("Input.insertText", text=text)
        value = self.evaluate(f"document.querySelector({json.dumps(selector)}).value")
        if value != text:
            raise Failure(f"{selector} holds {value!r} after typing {text!r}")

    def choose(self, selector, value):
        """Picks the option with `value` in a select, as a user picks from the list."""
        options = self.evaluate(f"""(() => {{
            const select = document.querySelector({json.dumps(selector)});
            if (!select) return null;
            const values = Array.from(select.options, option => option.value);
            if (values.includes({json.dumps(value)})) {{
                select.value = {json.dumps(value)};
                select.dispatchEvent(new Event("input", {{bubbles: true}}));
                select.dispatchEvent(new Event("change", {{bubbles: true}}));
            }}
            return values;
        }})()""")
        if options is None:
            raise Failure(f"no select matches {selector}")
        if value not in options:
            raise Failure(f"{selector} has no option {value!r}; it has {options}")

    def tick(self, selector):
        """Makes sure a checkbox is ticked, clicking it if it is not."""
        checked = f"document.querySelector({json.dumps(selector)})?.checked"
        if self.evaluate(checked) is None:
            raise Failure(f"no checkbox matches {selector}")
        if not self.evaluate(checked):
            self.click(selector)
        if not self.evaluate(checked):
            raise Failure(f"{selector} is still not ticked after clicking it")

    def set_file(self, selector, path):
        """What choosing a file in the file dialog does."""
        root = self.cdp.send("DOM.getDocument", depth=0)["root"]["nodeId"]
        node = self.cdp.send("DOM.querySelector", nodeId=root, selector=selector)["nodeId"]
        if not node:
            raise Failure(f"no file input matches {selector}")
        self.cdp.send("DOM.setFileInputFiles", files=[path], nodeId=node)

    def text(self, selector):
        return self.evaluate(f"""(() => {{
            const element = document.querySelector({json.dumps(selector)});
            return element ? element.textContent.trim() : null;
        }})()""")

    def page_errors(self):
        """Uncaught exceptions in the pages' scripts so far."""
        return [event["params"]["exceptionDetails"] for event in self.cdp.events
                if event["method"] == "Runtime.exceptionThrown"]


def named(name):
    """The selector for the form control with this name (names hold dots and brackets)."""
    return f'[name="{name}"]'


def open_zone(now):
    """A zone from ZONES where it is between 10:00 and 17:00 now, and its local time."""
    for name in ZONES:
        local = now.astimezone(zoneinfo.ZoneInfo(name))
        if 10 <= local.hour < 17:
            return name, local.strftime("%a %H:%M")
    raise Failure("no zone in ZONES is between 10:00 and 17:00 now")


def start_daemon(binary, workdir):
    """Starts `shortlist demo` in its own process group, its log in workdir/daemon.log."""
    # Port 0: the daemon binds a free port and prints it in the banner.
    with open(os.path.join(workdir, "daemon.log"), "w") as log:
        return subprocess.Popen(
            [binary, "demo", "--port", "0", "--data", os.path.join(workdir, "data")],
            cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=log, text=True, start_new_session=True)


def read_banner(daemon):
    """Waits for the demo's banner; returns the admin page's URL and the admin password."""
    banner = []
    found = {}
    done = threading.Event()

    def read_banner():
        for line in daemon.stdout:
            banner.append(line)
            if match := re.search(r"admin page\s+(http://127\.0\.0\.1:\d+)", line):
                found["url"] = match.group(1)
            if match := re.search(r"sign in as admin@shortlist\.demo, password (\S+), shown once", line):
                found["password"] = match.group(1)
            if len(found) == 2:
                done.set()
        done.set()  # end of output: the daemon stopped

    # The reader keeps draining stdout after the banner, so the daemon never blocks on the pipe.
    threading.Thread(target=read_banner, daemon=True).start()
    done.wait(BANNER_TIMEOUT)
    if len(found) < 2:
        try:
            problem = f"the daemon exited with status {daemon.wait(5)}"
        except subprocess.TimeoutExpired:
            problem = f"no banner within {BANNER_TIMEOUT} s"
        raise Failure(f"{problem}; its output so far:\n{''.join(banner)}")
    return found["url"], found["password"]


def start_chromium(workdir):
    """Starts headless Chromium in its own process group; returns the process and the page
    target's WebSocket URL. Tries the new headless mode first, then the old one."""
    for headless in ("--headless=new", "--headless"):
        profile = tempfile.mkdtemp(prefix="chromium-", dir=workdir)
        with open(os.path.join(workdir, "chromium.log"), "a") as log:
            browser = subprocess.Popen(
                ["chromium", headless, "--no-sandbox", "--remote-debugging-port=0", f"--user-data-dir={profile}",
                 "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-gpu",
                 "about:blank"],
                stdout=log, stderr=log, start_new_session=True)
        port_file = os.path.join(profile, "DevToolsActivePort")
        deadline = time.monotonic() + STEP_TIMEOUT
        while time.monotonic() < deadline and browser.poll() is None:
            try:
                with open(port_file) as file:
                    port = file.readline().strip()
            except FileNotFoundError:
                port = ""
            if port.isdigit():
                return browser, page_target(int(port))
            time.sleep(0.1)
        stop(browser)
    raise Failure(f"Chromium did not start (see {os.path.join(workdir, 'chromium.log')})")


def page_target(port):
    deadline = time.monotonic() + STEP_TIMEOUT
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=5) as response:
            targets = json.load(response)
        pages = [target for target in targets if target.get("type") == "page"]
        if pages:
            return pages[0]["webSocketDebuggerUrl"]
        time.sleep(0.1)
    raise Failure("Chromium has no page target")


def stop(process):
    """Ends the process's whole group: politely, then by force."""
    if process is None or process.poll() is not None:
        return
    for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(grace)
            return
        except subprocess.TimeoutExpired:
            continue


class AdminFlow:
    """The admin's walk through the pages, one method a step; each returns what it saw."""

    def __init__(self, browser, workdir, password):
        self.browser = browser
        self.workdir = workdir
        self.password = password
        self.job_id = None
        self.campaign_path = None
        self.zone = None

    def steps(self):
        return [
            ("sign in", self.sign_in),
            ("create a job", self.create_job),
            ("create a campaign", self.create_campaign),
            ("import candidates", self.import_candidates),
            ("create the agent", self.create_agent),
            ("start calling", self.start_calling),
            ("watch live calls", self.watch_live_calls),
            ("decide on the demo campaign's shortlist", self.decide_on_shortlist),
            ("check the pages' scripts", self.check_scripts),
        ]

    def sign_in(self):
        browser = self.browser
        browser.open("/login")
        browser.fill("#email", "admin@shortlist.demo")
        browser.fill("#password", self.password)
        browser.loads_page(lambda: browser.click('form[action="/login"] button[type=submit]'))
        browser.wait_for('the dashboard (h1 "Campaigns")', "document.querySelector('h1')?.textContent.trim() === 'Campaigns'")
        rows = browser.evaluate("document.querySelectorAll('main table tbody tr').length")
        return f"the dashboard lists {rows} campaign(s)"

    def create_job(self):
        browser = self.browser
        browser.open("/jobs/new")
        for name, value in JOB.items():
            browser.fill(f"#{name}", value)
        browser.loads_page(lambda: browser.click("form.stacked button[type=submit]"))
        href = browser.wait_for(f"/jobs listing {JOB['title']} with a New campaign link", f"""(() => {{
            if (location.pathname !== "/jobs") return null;
            const row = Array.from(document.querySelectorAll("main tbody tr")).find(tr =>
                tr.cells[0]?.textContent.trim() === {json.dumps(JOB["title"])} &&
                tr.cells[1]?.textContent.trim() === {json.dumps(JOB["company"])});
            const link = row && Array.from(row.querySelectorAll("a")).find(a => a.textContent.trim() === "New campaign");
            return link ? link.getAttribute("href") : null;
        }})()""")
        match = re.fullmatch(r"/campaigns/new\?job=([^&]+)", href)
        if not match:
            raise Failure(f"the New campaign link is {href!r}, not /campaigns/new?job=<id>")
        self.job_id = match.group(1)
        browser.loads_page(lambda: browser.click(f'main a[href="{href}"]'))
        return f"/jobs lists {JOB['title']} at {JOB['company']}; its New campaign link opened {href}"

    def create_campaign(self):
        browser = self.browser
        browser.wait_for("the campaign form with the job chosen",
                         f"document.querySelector('#job_id')?.value === {json.dumps(self.job_id)}")
        browser.fill("#name", CAMPAIGN_NAME)
        browser.fill(named("questions[0]"), "Do you hold a forklift licence?")
        # The form's own button adds a row: the server renders the form again with what was typed.
        browser.loads_page(lambda: browser.click('button[name="_op"][value="add_target"]'))
        browser.wait_for("a fact row after Add a fact to gather",
                         f"!!document.querySelector({json.dumps(named('targets[0].key'))})")
        kept = browser.evaluate("document.querySelector('#name').value")
        if kept != CAMPAIGN_NAME:
            raise Failure(f"adding a fact lost the campaign name: it is now {kept!r}")
        browser.fill(named("targets[0].key"), "has_license")
        browser.fill(named("targets[0].name"), "Licence")
        browser.fill(named("targets[0].description"), "Holds a valid forklift licence")
        browser.choose(named("targets[0].goal_type"), "boolean")
        browser.choose(named("targets[0].knockout.equals"), "true")
        self.zone, local_time = open_zone(datetime.datetime.now(datetime.timezone.utc))
        browser.fill(named("calling.timezone"), self.zone)
        browser.fill(named("calling.window_start"), "08:00")
        browser.fill(named("calling.window_end"), "20:00")
        for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
            browser.tick(named(f"calling.days.{day}"))
        browser.fill(named("calling.max_attempts"), "2")
        browser.fill(named("calling.retry_after_minutes"), "1")
        # One call at a time, so our calls are still coming in when /live opens.
        browser.fill(named("calling.concurrency"), "1")
        browser.loads_page(lambda: browser.click('button[name="_op"][value="save"]:not(.visually-hidden)'))
        self.campaign_path = browser.wait_for(
            f'the campaign page with h1 "{CAMPAIGN_NAME}"',
            f"""/^\\/campaigns\\/[^/]+$/.test(location.pathname) &&
                document.querySelector('h1')?.textContent.trim() === {json.dumps(CAMPAIGN_NAME)} && location.pathname""")
        return f"{self.campaign_path}, calling in {self.zone} (now {local_time} there)"

    def import_candidates(self):
        browser = self.browser
        path = os.path.join(self.workdir, "candidates.csv")
        with open(path, "w", newline="") as file:
            file.write("full_name,phone,timezone\r\n")
            for index, name in enumerate(CANDIDATES, start=1):
                file.write(f"{name},+151255501{index:02d},{self.zone}\r\n")
        browser.set_file("#candidates-file", path)
        browser.loads_page(lambda: browser.click("form.upload button[type=submit]"))
        expected = f"Imported {len(CANDIDATES)} candidates"
        return browser.wait_for(f'"{expected}"', f"""(() => {{
            const notice = document.querySelector(".notice")?.textContent.trim();
            return notice?.startsWith({json.dumps(expected)}) ? notice : null;
        }})()""")

    def create_agent(self):
        browser = self.browser
        browser.loads_page(lambda: browser.click(f'form[action="{self.campaign_path}/agent"] button[type=submit]'))
        return browser.wait_for('"Version 1"', """Array.from(document.querySelectorAll("main p"))
            .map(p => p.textContent.trim()).find(text => text.startsWith("Version 1 ·"))""")

    def start_calling(self):
        browser = self.browser
        browser.loads_page(lambda: browser.click(f'form[action="{self.campaign_path}/batches"] button[type=submit]'))
        row = browser.wait_for("a row in the batches table", """(() => {
            const table = Array.from(document.querySelectorAll("main table"))
                .find(t => Array.from(t.querySelectorAll("thead th")).some(th => th.textContent.trim() === "Progress"));
            const row = table?.querySelector("tbody tr");
            return row ? row.innerText.replace(/\\s+/g, " ").trim() : null;
        })()""")
        return f"batch row: {row}"

    def watch_live_calls(self):
        browser = self.browser
        browser.open("/live")
        browser.wait_for('#live-status saying "Live"', "document.querySelector('#live-status')?.textContent === 'Live'")
        snapshot = """(() => {
            const count = name => parseInt(document.querySelector(`[data-count="${name}"]`).textContent, 10);
            return {active: count("active"), completed: count("completed"), failed: count("failed"),
                    rows: document.querySelectorAll("#live-calls tr[data-call]").length};
        })()"""
        before = browser.evaluate(snapshot)
        browser.evaluate("window.__e2eSamePage = 1")
        total = before["active"] + before["completed"] + before["failed"]
        after = browser.wait_for("the live counts or the call list to grow without a reload", f"""(() => {{
            const now = {snapshot};
            return now.active + now.completed + now.failed > {total} || now.rows > {before["rows"]} ? now : null;
        }})()""", timeout=LIVE_TIMEOUT)
        if not browser.evaluate("window.__e2eSamePage === 1 && performance.getEntriesByType('navigation').length === 1"):
            raise Failure("/live was reloaded while waiting for its updates")
        status = browser.text("#live-status")
        if status != "Live":
            raise Failure(f'#live-status says {status!r}, not "Live"')
        return f"{before} -> {after} without a reload; #live-status says {status!r}"

    def decide_on_shortlist(self):
        browser = self.browser
        browser.open("/")
        href = browser.wait_for(f'the dashboard linking "{DEMO_CAMPAIGN}"', f"""(() => {{
            const link = Array.from(document.querySelectorAll("main a")).find(a => a.textContent.trim() === {json.dumps(DEMO_CAMPAIGN)});
            return link ? link.getAttribute("href") : null;
        }})()""")
        browser.loads_page(lambda: browser.click(f'main a[href="{href}"]'))
        browser.loads_page(lambda: browser.click(f'main a[href="{href}/shortlist"]'))
        # The demo's calls come in on a compressed timeline: reload until someone has answered.
        deadline = time.monotonic() + LIVE_TIMEOUT
        while not browser.evaluate("document.querySelectorAll('#shortlist-body tr').length"):
            if time.monotonic() > deadline:
                raise Failure(f"nobody on {href}/shortlist answered within {LIVE_TIMEOUT} s")
            time.sleep(2)
            browser.open(f"{href}/shortlist")
        row = browser.evaluate("document.querySelector('#shortlist-body tr').id")
        name = browser.text(f"#{row} td a")
        browser.loads_page(lambda: browser.click(f'#{row} form.decide button[value="interview"]'))
        browser.open(f"{href}/shortlist")
        shown = browser.wait_for(f"{name}'s decision after a reload",
                                 f"document.querySelector('#{row} td.decision .tag')?.textContent.trim()")
        if shown != "Interview":
            raise Failure(f"after clicking Interview and reloading, {name}'s decision reads {shown!r}")
        pressed = browser.evaluate(f"document.querySelector('#{row} button[value=\"interview\"]').getAttribute('aria-pressed')")
        if pressed != "true":
            raise Failure(f"the Interview button of {name} is not shown as pressed after the reload")
        # Another tab's decision (a form post made here by fetch, not a navigation) reaches this
        # page over the live events: the row changes without a reload.
        browser.evaluate("window.__e2eSamePage = 1")
        browser.evaluate(f"""(() => {{
            const form = document.querySelector('#{row} form.decide');
            const body = new URLSearchParams(new FormData(form));
            body.set("decision", "contacted");
            fetch(form.action, {{method: "POST", body, credentials: "same-origin"}});
        }})()""")
        browser.wait_for(f"{name}'s row to read Contacted without a reload",
                         f"document.querySelector('#{row} td.decision .tag')?.textContent.trim() === 'Contacted'")
        if not browser.evaluate("window.__e2eSamePage === 1"):
            raise Failure("the shortlist was reloaded instead of updating the row")
        return f"{name} on {href}/shortlist reads {shown!r} after a reload, then 'Contacted' live"

    def check_scripts(self):
        errors = self.browser.page_errors()
        if errors:
            raise Failure("uncaught exceptions: " + "; ".join(
                error.get("exception", {}).get("description") or error.get("text", "") for error in errors))
        return "no uncaught exceptions"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=".build/debug/shortlist", help="the shortlist executable")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)

    signal.signal(signal.SIGALRM, raise_failure)
    signal.signal(signal.SIGTERM, raise_failure)
    signal.alarm(OVERALL_TIMEOUT)
    started = time.monotonic()
    step = "start the demo daemon"
    daemon = chromium = cdp = browser = None
    with tempfile.TemporaryDirectory(prefix="shortlist-browser-", ignore_cleanup_errors=True) as workdir:
        try:
            daemon = start_daemon(binary, workdir)
            base_url, password = read_banner(daemon)
            print(f"ok   start the demo daemon: {base_url}", flush=True)
            step = "start Chromium"
            chromium, ws_url = start_chromium(workdir)
            cdp = CDP(ws_url)
            browser = Browser(cdp, base_url)
            version = cdp.send("Browser.getVersion")["product"]
            print(f"ok   start Chromium: {version}", flush=True)
            for step, run in AdminFlow(browser, workdir, password).steps():
                print(f"ok   {step}: {run()}", flush=True)
            print(f"PASS in {time.monotonic() - started:.1f} s", flush=True)
            return 0
        except (Failure, PageError, OSError, websocket.WebSocketException) as error:
            print(f"FAIL {step}: {error}", flush=True)
            report_page(browser)
            report_log(os.path.join(workdir, "daemon.log"))
            return 1
        finally:
            # Clean up even if CI asks us to stop again meanwhile.
            signal.alarm(0)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            if cdp:
                cdp.close()
            stop(chromium)
            stop(daemon)


def report_page(browser):
    """Where the browser is and what it shows, for a failure."""
    if browser is None:
        return
    try:
        url = browser.evaluate("location.href")
        text = browser.evaluate("document.body ? document.body.innerText : ''") or ""
    except (PageError, OSError, websocket.WebSocketException) as error:
        print(f"     (could not read the page: {error})")
        return
    print(f"     url: {url}\n     page text (first 2000 characters):\n{text[:2000]}", flush=True)


def report_log(path, lines=20):
    """The end of the daemon's log, for a failure."""
    try:
        with open(path) as file:
            tail = file.readlines()[-lines:]
    except OSError:
        return
    if tail:
        print(f"     daemon log (last {len(tail)} lines):\n{''.join(tail)}", end="", flush=True)


if __name__ == "__main__":
    sys.exit(main())
