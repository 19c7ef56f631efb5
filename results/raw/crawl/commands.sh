#!/bin/sh
# Every hyperfine command behind crawl's figures, as the bench ran them.
# Run from the repository's root after `make build`; each line writes its JSON export into
# the current folder. The bench ran each program once in its check phase, which counts as
# the first warm-up run: add one to --warmup when running a line alone.
# The site first, as the bench ran it:
#   target/release/site --latency-ms 50 &
#   export SITE_URL=http://127.0.0.1:8787
set -e
hyperfine -N --warmup 0 --runs 1 --export-json crawl-sequential.json -n crawl-sequential 'target/release/crawl-sequential --out target/bench/stage/scratch/crawl-sequential.out --pages 1000 --concurrency 10'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 0 --runs 2 --export-json crawl-threads.json -n crawl-threads 'target/release/crawl-threads --out target/bench/stage/scratch/crawl-threads.out --pages 1000 --concurrency 10'
hyperfine -N --warmup 0 --runs 2 --export-json crawl-pool.json -n crawl-pool 'target/release/crawl-pool --out target/bench/stage/scratch/crawl-pool.out --pages 1000 --concurrency 10'
hyperfine -N --warmup 0 --runs 2 --export-json crawl-processes.json -n crawl-processes 'target/release/crawl-processes --out target/bench/stage/scratch/crawl-processes.out --pages 1000 --concurrency 10'
hyperfine -N --warmup 0 --runs 2 --export-json crawl-rayon.json -n crawl-rayon 'target/release/crawl-rayon --out target/bench/stage/scratch/crawl-rayon.out --pages 1000 --concurrency 10'
hyperfine -N --warmup 0 --runs 2 --export-json crawl-tokio.json -n crawl-tokio 'target/release/crawl-tokio --out target/bench/stage/scratch/crawl-tokio.out --pages 1000 --concurrency 10'
hyperfine -N --warmup 0 --runs 2 --export-json crawl-tokio-current.json -n crawl-tokio-current 'target/release/crawl-tokio-current --out target/bench/stage/scratch/crawl-tokio-current.out --pages 1000 --concurrency 10'
hyperfine -N --warmup 0 --runs 2 --export-json crawl-async-std.json -n crawl-async-std 'target/release/crawl-async-std --out target/bench/stage/scratch/crawl-async-std.out --pages 1000 --concurrency 10'
hyperfine -N --warmup 0 --runs 2 --export-json crawl-smol.json -n crawl-smol 'target/release/crawl-smol --out target/bench/stage/scratch/crawl-smol.out --pages 1000 --concurrency 10'
hyperfine -N --warmup 0 --runs 2 --export-json crawl-compio.json -n crawl-compio 'target/release/crawl-compio --out target/bench/stage/scratch/crawl-compio.out --pages 1000 --concurrency 10'
hyperfine -N --warmup 0 --runs 1 --export-json crawl-python-threading.json -n crawl-python-threading '.tools/python/bin/python python/crawl_threading.py --out target/bench/stage/scratch/crawl-python-threading.out --pages 1000 --concurrency 10'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 1 --runs 10 --export-json crawl-python-threading-startup.json -n 'crawl-python-threading start-up' '.tools/python/bin/python -c '\''import sys; sys.path.insert(0, "python"); import crawl_threading'\'''
hyperfine -N --warmup 0 --runs 1 --export-json crawl-python-multiprocessing.json -n crawl-python-multiprocessing '.tools/python/bin/python python/crawl_multiprocessing.py --out target/bench/stage/scratch/crawl-python-multiprocessing.out --pages 1000 --concurrency 10'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 1 --runs 10 --export-json crawl-python-multiprocessing-startup.json -n 'crawl-python-multiprocessing start-up' '.tools/python/bin/python -c '\''import sys; sys.path.insert(0, "python"); import crawl_multiprocessing'\'''
hyperfine -N --warmup 0 --runs 1 --export-json crawl-python-asyncio.json -n crawl-python-asyncio '.tools/python/bin/python python/crawl_asyncio.py --out target/bench/stage/scratch/crawl-python-asyncio.out --pages 1000 --concurrency 10'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 1 --runs 10 --export-json crawl-python-asyncio-startup.json -n 'crawl-python-asyncio start-up' '.tools/python/bin/python -c '\''import sys; sys.path.insert(0, "python"); import crawl_asyncio'\'''
hyperfine -N --warmup 0 --runs 1 --export-json crawl-python-threading-ft.json -n crawl-python-threading-ft '.tools/python-ft-venv/bin/python python/crawl_threading.py --out target/bench/stage/scratch/crawl-python-threading-ft.out --pages 1000 --concurrency 10'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 1 --runs 10 --export-json crawl-python-threading-ft-startup.json -n 'crawl-python-threading-ft start-up' '.tools/python-ft-venv/bin/python -c '\''import sys; sys.path.insert(0, "python"); import crawl_threading'\'''
