"""Download, asyncio: one coroutine per request on one thread, through one aiohttp session.

The article's asyncio version (2.57 s, 0.49 s in its 2024 run, against 3.72 s for threads):
every request is a coroutine, all started at once by `gather`; while one waits on its socket
the event loop runs another. One thread, one core, no lock to take turns on: waiting costs a
small coroutine, not a thread.

Idiomatic has a trap: aiohttp's connector opens at most 100 connections unless told otherwise,
so at C = 1,000 a default session would keep 900 requests queued behind it. The connector's
limit is set to C, so that C requests are in flight, as in every other row. (aiohttp ignores
proxy variables unless `trust_env=True`, so nothing here leaves loopback.)

    .tools/python/bin/python python/download_asyncio.py --requests 160 --concurrency 160
"""

import asyncio

import aiohttp

from workloads import REQUEST_TIMEOUT, Tally, check_status, download_args, print_result, read_body_async, run, url_of

PROGRAM = "download-python-asyncio"


def main():
    args = download_args(__doc__.splitlines()[0])
    args.url.ensure_up()
    print_result(PROGRAM, asyncio.run(download_all(args)))


async def download_all(args):
    connector = aiohttp.TCPConnector(limit=args.concurrency)
    timeout = aiohttp.ClientTimeout(sock_connect=REQUEST_TIMEOUT, sock_read=REQUEST_TIMEOUT)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        bodies = await asyncio.gather(*(fetch(session, url_of(args, i)) for i in range(args.requests)))
    tally = Tally()
    for i, body in enumerate(bodies):
        tally.add(i, body)
    return tally


async def fetch(session, url):
    """GETs `url` and returns its body; a status other than 2xx, or a body past MAX_BODY, is an
    error. The body is read in chunks so that an endless one stops at the limit."""
    try:
        async with session.get(url, allow_redirects=False) as response:
            check_status(response.status, response.headers.get("location"))
            body = await read_body_async(response)
        return body
    except Exception as error:
        raise RuntimeError(f"GET {url}") from error


if __name__ == "__main__":
    run(main)
