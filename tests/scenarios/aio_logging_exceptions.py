# logging.exception and exc_info=True inside failing async workers: the message, then the
# traceback as CPython's logging formats it, all on sys.stdout
# (through a stream that hides this file's path).
import asyncio
import logging
import sys



class Cleaned:
    """A stdout that shows this file's path as scenario.py (tracebacks name it)."""

    def write(self, text):
        sys.stdout.write(text.replace(__file__, "scenario.py"))

    def flush(self):
        sys.stdout.flush()


logging.basicConfig(level=logging.INFO, format="%(levelname)s:%(name)s:%(message)s", stream=Cleaned())
log = logging.getLogger("worker")


async def work(n):
    await asyncio.sleep(0.1 * n)
    if n == 2:
        raise ValueError(f"bad input {n}")
    return n * n


async def main():
    for n in range(3):
        try:
            log.info("result %d", await work(n))
        except ValueError:
            log.exception("work(%d) failed", n)
    try:
        {}["missing"]
    except KeyError as e:
        log.error("lookup failed: %s", e, exc_info=True)
        log.warning("with the exception object", exc_info=e)
    log.error("no exception being handled", exc_info=True)
    log.warning("done %s", [1, 2])


asyncio.run(main())
