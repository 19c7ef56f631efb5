#!/bin/sh
# Every hyperfine command behind sleep's figures, as the bench ran them.
# Run from the repository's root after `make build`; each line writes its JSON export into
# the current folder. The bench ran each program once in its check phase, which counts as
# the first warm-up run: add one to --warmup when running a line alone.
set -e
hyperfine -N --warmup 0 --runs 3 --export-json sleep-threads.json -n sleep-threads 'target/release/sleep-threads --tasks 10000 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 3 --export-json sleep-tokio.json -n sleep-tokio 'target/release/sleep-tokio --tasks 10000 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 3 --export-json sleep-tokio-mimalloc.json -n sleep-tokio-mimalloc 'target/release/sleep-tokio-mimalloc --tasks 10000 --duration-ms 1000 --workers 2'
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into sleep-tokio-mimalloc.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 3 --export-json sleep-tokio-current.json -n sleep-tokio-current 'target/release/sleep-tokio-current --tasks 10000 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 3 --export-json sleep-async-std.json -n sleep-async-std 'target/release/sleep-async-std --tasks 10000 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 3 --export-json sleep-smol.json -n sleep-smol 'target/release/sleep-smol --tasks 10000 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 3 --export-json sleep-smol-mimalloc.json -n sleep-smol-mimalloc 'target/release/sleep-smol-mimalloc --tasks 10000 --duration-ms 1000 --workers 2'
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into sleep-smol-mimalloc.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 3 --export-json sleep-compio.json -n sleep-compio 'target/release/sleep-compio --tasks 10000 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 0 --runs 2 --export-json sleep-python-asyncio.json -n sleep-python-asyncio '.tools/python/bin/python python/sleep_asyncio.py --tasks 10000 --duration-ms 1000 --workers 2'
hyperfine -N --warmup 1 --runs 10 --export-json sleep-python-asyncio-startup.json -n 'sleep-python-asyncio start-up' '.tools/python/bin/python -c '\''import sys; sys.path.insert(0, "python"); import sleep_asyncio'\'''
