"""CPU time of the processes a benchmark row keeps busy, read from /proc (Linux).

Throughput on a shared machine moves with whatever else runs on it; CPU time per request does
not (much): it tells where a request's cost lies (the load generator, the app server, the
database) whatever the load. A process tree's time includes its children that have ended and
were waited for (gunicorn's recycled workers, PostgreSQL's closed backends).
"""

import os
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK")


def _fields(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # After "pid (comm)": state ppid … utime(11) stime(12) cutime(13) cstime(14)
    return text.rsplit(")", 1)[1].split()


def parent_of(pid: int) -> int | None:
    fields = _fields(pid)
    return int(fields[1]) if fields else None


def tree_seconds(root: int) -> float | None:
    """CPU seconds of `root`, its live children and its ended children; None if it is gone."""
    fields = _fields(root)
    if fields is None:
        return None
    ticks = sum(int(value) for value in fields[11:15])
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != root:
            child = _fields(int(entry.name))
            if child and int(child[1]) == root:
                ticks += int(child[11]) + int(child[12])
    return ticks / _TICK
