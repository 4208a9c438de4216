"""Run a command and record its wall time and peak RSS, from a small process.

    python -S benchmarks/analysis/spawn.py RESULT -- COMMAND [ARG ...]

Writes ``seconds maxrss_kib exit_code`` to RESULT and exits with the command's code.

Why a process of its own: Linux carries the peak RSS of the process that calls ``exec``
into the new program's ``ru_maxrss`` (``exec_mmap`` folds the old memory map's high-water
mark in), and ``subprocess`` forks with ``vfork``, so a command started straight from a
benchmark that holds 500 MiB reports at least 500 MiB, whatever it used. Started from this
script (the standard library only, no ``site``: about 10 MiB), ``wait4``'s ``ru_maxrss``
is the command's own peak, as ``/usr/bin/time -v`` reports it.
"""

import os
import subprocess
import sys
import time


def main() -> int:
    result, dashes, *command = sys.argv[1:]
    if dashes != "--" or not command:
        print("usage: spawn.py RESULT -- COMMAND [ARG ...]", file=sys.stderr)
        return 2
    started = time.perf_counter()
    proc = subprocess.Popen(command)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    with open(result, "w", encoding="ascii") as fh:
        fh.write(f"{seconds!r} {usage.ru_maxrss} {code}\n")
    return code if code >= 0 else 128 - code


if __name__ == "__main__":
    sys.exit(main())
