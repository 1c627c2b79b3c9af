#!/usr/bin/env python3
"""A TCP relay on loopback that delays every byte by a fixed time each way: a network round trip
for the benchmark's hosts, which are containers on this machine (the kernel here has no netem).

    bench/delay-proxy.py ONE_WAY_MS TARGET_PORT...

Listens on one free 127.0.0.1 port per target port, prints "TARGET_PORT LISTEN_PORT" lines and
then "ready", and relays each connection to 127.0.0.1:TARGET_PORT. Bytes read in one direction
are written ONE_WAY_MS later, in order; an end of file is passed on as a half-close, after the
same delay. Runs until it is killed. Only loopback is used, on both sides.
"""
import asyncio
import sys


async def pump(reader, writer, delay):
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue()

    async def send():
        while True:
            due, data = await queue.get()
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            if not data:
                if writer.can_write_eof():
                    writer.write_eof()
                return
            writer.write(data)
            await writer.drain()

    sender = asyncio.create_task(send())
    try:
        while True:
            data = await reader.read(65536)
            queue.put_nowait((loop.time() + delay, data))
            if not data:
                break
        await sender
    except (ConnectionError, OSError):
        sender.cancel()


async def relay(client_reader, client_writer, target_port, delay):
    try:
        host_reader, host_writer = await asyncio.open_connection("127.0.0.1", target_port)
    except OSError:
        client_writer.close()
        return
    await asyncio.gather(pump(client_reader, host_writer, delay), pump(host_reader, client_writer, delay))
    for w in (client_writer, host_writer):
        w.close()


async def main():
    delay = float(sys.argv[1]) / 1000.0
    servers = []
    for target in sys.argv[2:]:
        port = int(target)
        server = await asyncio.start_server(
            lambda r, w, p=port: relay(r, w, p, delay), "127.0.0.1", 0, backlog=512)
        servers.append(server)
        print(port, server.sockets[0].getsockname()[1], flush=True)
    print("ready", flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))


if __name__ == "__main__":
    asyncio.run(main())
