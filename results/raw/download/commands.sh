#!/bin/sh
# Every hyperfine command behind download's figures, as the bench ran them.
# Run from the repository's root after `make build`; each line writes its JSON export into
# the current folder. The bench ran each program once in its check phase, which counts as
# the first warm-up run: add one to --warmup when running a line alone.
# The site first, as the bench ran it:
#   target/release/site --latency-ms 50 &
#   export SITE_URL=http://127.0.0.1:8787
set -e
hyperfine -N --warmup 0 --runs 3 --export-json download-sequential.json -n download-sequential 'target/release/download-sequential --requests 160 --concurrency 160'
hyperfine -N --warmup 0 --runs 3 --export-json download-threads.json -n download-threads 'target/release/download-threads --requests 160 --concurrency 160'
hyperfine -N --warmup 0 --runs 3 --export-json download-pool.json -n download-pool 'target/release/download-pool --requests 160 --concurrency 160'
hyperfine -N --warmup 0 --runs 3 --export-json download-processes.json -n download-processes 'target/release/download-processes --requests 160 --concurrency 160'
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into download-processes.json: its median's interval was wider than ±5%
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into download-processes.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 3 --export-json download-rayon.json -n download-rayon 'target/release/download-rayon --requests 160 --concurrency 160'
hyperfine -N --warmup 0 --runs 3 --export-json download-tokio.json -n download-tokio 'target/release/download-tokio --requests 160 --concurrency 160'
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into download-tokio.json: its median's interval was wider than ±5%
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into download-tokio.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 3 --export-json download-tokio-reqwest.json -n download-tokio-reqwest 'target/release/download-tokio-reqwest --requests 160 --concurrency 160'
hyperfine -N --warmup 0 --runs 3 --export-json download-tokio-current.json -n download-tokio-current 'target/release/download-tokio-current --requests 160 --concurrency 160'
hyperfine -N --warmup 0 --runs 3 --export-json download-async-std.json -n download-async-std 'target/release/download-async-std --requests 160 --concurrency 160'
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into download-async-std.json: its median's interval was wider than ±5%
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into download-async-std.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 3 --export-json download-smol.json -n download-smol 'target/release/download-smol --requests 160 --concurrency 160'
hyperfine -N --warmup 0 --runs 3 --export-json download-compio.json -n download-compio 'target/release/download-compio --requests 160 --concurrency 160'
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into download-compio.json: its median's interval was wider than ±5%
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into download-compio.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 1 --export-json download-python-sequential.json -n download-python-sequential '.tools/python/bin/python python/download_sequential.py --requests 160 --concurrency 160'
hyperfine -N --warmup 1 --runs 10 --export-json download-python-sequential-startup.json -n 'download-python-sequential start-up' '.tools/python/bin/python -c '\''import sys; sys.path.insert(0, "python"); import download_sequential'\'''
hyperfine -N --warmup 0 --runs 1 --export-json download-python-threading.json -n download-python-threading '.tools/python/bin/python python/download_threading.py --requests 160 --concurrency 160'
hyperfine -N --warmup 1 --runs 10 --export-json download-python-threading-startup.json -n 'download-python-threading start-up' '.tools/python/bin/python -c '\''import sys; sys.path.insert(0, "python"); import download_threading'\'''
hyperfine -N --warmup 0 --runs 1 --export-json download-python-multiprocessing.json -n download-python-multiprocessing '.tools/python/bin/python python/download_multiprocessing.py --requests 160 --concurrency 160'
hyperfine -N --warmup 1 --runs 10 --export-json download-python-multiprocessing-startup.json -n 'download-python-multiprocessing start-up' '.tools/python/bin/python -c '\''import sys; sys.path.insert(0, "python"); import download_multiprocessing'\'''
hyperfine -N --warmup 0 --runs 1 --export-json download-python-asyncio.json -n download-python-asyncio '.tools/python/bin/python python/download_asyncio.py --requests 160 --concurrency 160'
hyperfine -N --warmup 1 --runs 10 --export-json download-python-asyncio-startup.json -n 'download-python-asyncio start-up' '.tools/python/bin/python -c '\''import sys; sys.path.insert(0, "python"); import download_asyncio'\'''
hyperfine -N --warmup 0 --runs 1 --export-json download-python-sequential-ft.json -n download-python-sequential-ft '.tools/python-ft-venv/bin/python python/download_sequential.py --requests 160 --concurrency 160'
hyperfine -N --warmup 1 --runs 10 --export-json download-python-sequential-ft-startup.json -n 'download-python-sequential-ft start-up' '.tools/python-ft-venv/bin/python -c '\''import sys; sys.path.insert(0, "python"); import download_sequential'\'''
hyperfine -N --warmup 0 --runs 1 --export-json download-python-threading-ft.json -n download-python-threading-ft '.tools/python-ft-venv/bin/python python/download_threading.py --requests 160 --concurrency 160'
hyperfine -N --warmup 1 --runs 10 --export-json download-python-threading-ft-startup.json -n 'download-python-threading-ft start-up' '.tools/python-ft-venv/bin/python -c '\''import sys; sys.path.insert(0, "python"); import download_threading'\'''
