# A handler that raises (the loop logs it and goes on), a handler that defers to
# loop.default_exception_handler, and the default handler again after set_exception_handler(None).
import asyncio

seen = []


def bad_handler(loop, context):
    seen.append(type(context['exception']).__name__)
    raise RuntimeError('the handler failed')


def deferring(loop, context):
    print('deferring', context['message'], type(context.get('exception')).__name__)
    loop.default_exception_handler(context)


def boom():
    raise ZeroDivisionError('in a callback')


async def main():
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(bad_handler)
    loop.call_soon(boom)
    await asyncio.sleep(0)
    print('after the failing handler', seen)
    loop.set_exception_handler(deferring)
    loop.call_exception_handler({'message': 'plain'})
    loop.call_exception_handler({'message': 'with an exception', 'exception': ValueError('v')})
    loop.set_exception_handler(None)
    loop.call_soon(boom)
    await asyncio.sleep(0)
    print('still running')


asyncio.run(main())
