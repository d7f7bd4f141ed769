"""Memory and exit tuning of `berakhlak compute`: three tricks, what each buys, and when it
may go. Nothing else of the command line depends on them; each is measured on the 1M
benchmark (bench/compute_bench.py, figures in bench/RESULTS.md).

* `reuse_freed_memory`: Arrow's buffers from jemalloc and glibc keeping freed memory.
  Buys 1M Parquet 1.06 -> 0.90 s, 0.48 -> 0.26 s of system time, 110 MiB less at the
  peak. May go when Arrow's default allocator stops returning memory within milliseconds
  (check with ARROW_DEFAULT_MEMORY_POOL=mimalloc against the default).
* `without_gc`: no cyclic garbage collection while computing. Buys 35 ms of a national
  compute. May go when a collection no longer walks every object of the loaded libraries
  (Python's incremental collector), measured again.
* `run` with `exit_quickly`: the process ends without freeing its arrays one by one. Buys
  40-60 ms of a one-second compute. May go when interpreter teardown gets that cheap;
  tests call `main` in-process, never `run`.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import sys
from collections.abc import Iterator

_exit = {"quick": False}  # set by a command that wants the quick exit of `run`


def exit_quickly() -> None:
    """Ask `run` to end this process without tearing its memory down (see `run`)."""
    _exit["quick"] = True


def reuse_freed_memory() -> None:
    """Keep freed memory for reuse rather than return it to the system at once.

    Reading a large file allocates and frees the same large arrays batch after batch, and
    every page the system hands out anew costs a page fault, with its zeroing. So glibc
    keeps freed memory for reuse (about 10% of the time of `compute`), and Arrow's buffers
    come from jemalloc, which pyarrow's wheels include, or else from the C library: Arrow's
    default, mimalloc, gives freed memory back within milliseconds and faults it in again
    for the next batch (1M Parquet: 1.06 -> 0.90 s, 0.48 -> 0.26 s of system time, 110 MiB
    less at the peak). An ARROW_DEFAULT_MEMORY_POOL set by the user is left as it is.
    """
    if "ARROW_DEFAULT_MEMORY_POOL" not in os.environ:
        import pyarrow as pa  # noqa: PLC0415 - only compute reads files: the other commands start without pyarrow (0.14 s)

        try:
            pa.set_memory_pool(pa.jemalloc_memory_pool())
        except NotImplementedError:  # a pyarrow built without jemalloc
            pa.set_memory_pool(pa.system_memory_pool())
    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    m_trim_threshold, m_mmap_threshold = -1, -3
    mallopt(m_mmap_threshold, 32 << 20)  # arrays up to 32 MiB from the heap, not mmap
    mallopt(m_trim_threshold, 1 << 30)  # give the heap back only beyond 1 GiB free


@contextlib.contextmanager
def without_gc() -> Iterator[None]:
    """No cyclic garbage collection inside: compute makes no cycles worth collecting, while
    each collection would go through every object of the loaded libraries (35 ms of a
    national compute, holding up the reading threads)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run_and_exit(main: object) -> None:
    """Call `main` (a click command), then, after a command that asked for it with
    `exit_quickly` (compute ends holding large arrays and many objects), an exit that
    leaves them to the system.

    Python would otherwise free them one by one at exit, and unmap the memory: 40-60 ms of
    a one-second `compute`. Output is flushed first; files are closed by then (written
    atomically). mypy ends the same way.
    """
    try:
        main()  # type: ignore[operator]
        code: object = 0
    except SystemExit as exit:
        code = exit.code
    if not _exit["quick"]:
        sys.exit(code)
    status = code if isinstance(code, int) else 0 if code is None else 1
    if not isinstance(code, int | None):
        print(code, file=sys.stderr)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: as Python's own exit does
            status = status or 120
    os._exit(status)
