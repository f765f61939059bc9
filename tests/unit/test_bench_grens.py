"""The benchmarks' bound: a worker that fails ends the run with its error, a run over its time is stopped."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from bench import grens


def test_a_failing_worker_raises_with_its_error() -> None:
    with pytest.raises(grens.WerkerMislukt, match="status 4") as fout:
        grens.draai(
            [sys.executable, "-c", "import sys; print('kapot: de database is weg', file=sys.stderr); sys.exit(4)"],
            seconden=30,
        )
    assert "kapot: de database is weg" in str(fout.value)


def test_a_worker_that_takes_too_long_is_stopped() -> None:
    begin = time.monotonic()
    with pytest.raises(grens.WerkerMislukt, match="stopped after"):
        grens.draai([sys.executable, "-c", "import time; time.sleep(60)"], seconden=0.5)
    assert time.monotonic() - begin < 10


def test_a_worker_that_succeeds_gives_its_output() -> None:
    assert grens.draai([sys.executable, "-c", "print('klaar')"], seconden=30).strip() == "klaar"


def test_a_run_over_its_time_stops_with_its_children_and_a_stack() -> None:
    script = (
        "import sys, time\n"
        "from bench import grens\n"
        "with grens.begrensd(1):\n"
        "    kind = grens.start([sys.executable, '-c', 'import time; time.sleep(120)'])\n"
        "    print(kind.pid, flush=True)\n"
        "    time.sleep(120)\n"
    )
    begin = time.monotonic()
    uitkomst = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=60)  # noqa: S603
    assert uitkomst.returncode == grens.UITGANG_TE_LAAT
    assert time.monotonic() - begin < 30
    assert "over its limit" in uitkomst.stderr and 'File "<string>", line 6' in uitkomst.stderr
    kind = int(uitkomst.stdout.split()[0])
    time.sleep(0.2)
    with open(f"/proc/{kind}/stat") as stat:
        assert stat.read().rsplit(")", 1)[1].split()[0] in {"Z", "X"}


def test_a_service_that_exits_before_it_listens_ends_the_wait_with_its_error() -> None:
    kind = grens.start(
        [sys.executable, "-c", "import sys; print('poort bezet', file=sys.stderr); sys.exit(2)"],
        stderr=subprocess.PIPE,
        text=True,
    )
    with pytest.raises(grens.WerkerMislukt, match="poort bezet"):
        grens.wacht_op_dienst(kind, 1, seconden=30)
