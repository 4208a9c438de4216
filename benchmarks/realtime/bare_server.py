"""The baseline: a bare `websockets` server that relays every text frame to everyone."""

import asyncio
import sys

from websockets.asyncio.server import ServerConnection, broadcast, serve

clients: set[ServerConnection] = set()


async def handler(socket: ServerConnection) -> None:
    clients.add(socket)
    try:
        async for frame in socket:
            broadcast(clients, frame)
    finally:
        clients.discard(socket)


async def main(port: int) -> None:
    # No per-message compression, like the Hearth workers in the benchmark.
    async with serve(handler, "127.0.0.1", port, max_queue=None, compression=None) as server:
        print("ready", flush=True)
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
