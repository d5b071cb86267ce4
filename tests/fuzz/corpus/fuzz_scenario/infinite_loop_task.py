import asyncio
async def main():
    while True:
        pass
asyncio.run(main())
