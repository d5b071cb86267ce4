# Workers that report through logging: a stdout handler with a format, per-worker child loggers and levels, and warnings sent to stderr by default.
import asyncio
import logging
import sys

logging.basicConfig(level=logging.INFO, stream=sys.stdout, format="%(levelname)-7s %(name)s | %(message)s")
log = logging.getLogger("pool")


async def worker(n, delay):
    wlog = logging.getLogger(f"pool.w{n}")
    wlog.info("starting with delay %.2f", delay)
    wlog.debug("hidden below INFO")
    await asyncio.sleep(delay)
    if n == 2:
        wlog.error("worker %d failed", n)
        raise RuntimeError(f"w{n} broke")
    wlog.info("finished")
    return n * 10


async def main():
    log.info("launching %d workers", 3)
    results = await asyncio.gather(*(worker(i, 0.1 * (3 - i)) for i in range(3)), return_exceptions=True)
    for r in results:
        if isinstance(r, Exception):
            log.warning("got error: %r", r)
        else:
            log.info("result %s", r)
    logging.getLogger("pool.w1").setLevel(logging.WARNING)
    await worker(1, 0.05)
    print("effective levels:", log.getEffectiveLevel(), logging.getLogger("pool.w1").getEffectiveLevel())
    logging.getLogger("quiet").propagate = False
    logging.getLogger("quiet").critical("nobody hears this on stdout")
    log.info("done at %.2f", asyncio.get_running_loop().time())


asyncio.run(main())
