# loop.set_exception_handler: a custom handler gets (loop, context) for a failing callback and for
# call_exception_handler; get_exception_handler, and the TypeError for a handler that is not callable.
import asyncio


def boom(what):
    raise ValueError(what)


def handler(loop, context):
    print('handler', sorted(context), repr(context.get('exception')), loop is asyncio.get_running_loop())
    if 'handle' in context:
        print('  handle', type(context['handle']).__name__, context['message'].startswith('Exception in callback boom('))


async def main():
    loop = asyncio.get_running_loop()
    print('default handler', loop.get_exception_handler())
    loop.set_exception_handler(handler)
    print('same handler', loop.get_exception_handler() is handler)
    loop.call_soon(boom, 'in a callback')
    await asyncio.sleep(0)
    print('after the callback')
    loop.call_exception_handler({'message': 'custom', 'x': 1})
    try:
        loop.set_exception_handler(5)
    except TypeError as e:
        print('TypeError', e)
    loop.set_exception_handler(None)
    print('reset', loop.get_exception_handler())


asyncio.run(main())
