# warnings: warn with categories and stacklevel, catch_warnings(record=True), simplefilter 'always' and
# 'error', filterwarnings by message, formatwarning. What reaches stderr is not traced.
import asyncio
import warnings


def old_api():
    warnings.warn("old_api is deprecated", DeprecationWarning, stacklevel=2)
    return 1


async def main():
    warnings.warn("plain user warning")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        old_api()
        warnings.warn("second", RuntimeWarning)
        warnings.warn("second", RuntimeWarning)
    print(len(caught), [(w.category.__name__, str(w.message)) for w in caught])
    warnings.simplefilter("error", UserWarning)
    try:
        warnings.warn("now an error")
    except UserWarning as e:
        print("raised", repr(e))
    warnings.resetwarnings()
    warnings.filterwarnings("ignore", message="quiet")
    warnings.warn("quiet please")
    print(warnings.formatwarning("msg", UserWarning, "file.py", 3))
    await asyncio.sleep(0)

asyncio.run(main())
