"""The benchmarks' CPU accounting: a database server's CPU is that of its own processes, not the machine's."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from bench import cpu

BEZIG = "import time\neinde = time.process_time() + 0.3\nwhile time.process_time() < einde: pass\ntime.sleep(30)"
"""A child that spends 0.3 s of CPU, then waits (still running when it is counted)."""
SERVER = f"import subprocess, sys\nsubprocess.run([sys.executable, '-c', {BEZIG!r}])"
"""A stand-in for a database server: a parent that waits for its busy child."""


def test_de_cpu_van_een_server_telt_zijn_kinderen_en_niet_de_rest() -> None:
    server = subprocess.Popen([sys.executable, "-c", SERVER], start_new_session=True)  # noqa: S603
    try:
        einde = time.monotonic() + 20
        kind = None
        while kind is None or cpu.cpu_seconden(kind) < 0.3 or _velden(kind)[0] != "S":  # spent, and asleep
            assert time.monotonic() < einde, "the child did not start or spend its CPU"
            kinderen = [
                int(p) for p in os.listdir("/proc") if p.isdigit() and _velden(int(p))[1:2] == [str(server.pid)]
            ]
            kind = kinderen[0] if kinderen else None
            time.sleep(0.05)
        geteld = cpu.database_cpu_seconden(server.pid)
        eigen = cpu.cpu_seconden(kind) + cpu.cpu_seconden(server.pid)
        assert cpu.cpu_seconden(kind) <= geteld <= eigen + 0.02  # not this test's process, nor any other
        assert cpu.cpu_seconden(os.getpid()) > eigen - geteld + 0.02  # counted, this process would break the bound
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def _velden(pid: int) -> list[str]:
    """A process's state, parent and the rest of its stat line; nothing for one that is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return []
