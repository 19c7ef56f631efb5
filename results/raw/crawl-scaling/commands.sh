#!/bin/sh
# Every hyperfine command behind crawl-scaling's figures, as the bench ran them.
# Run from the repository's root after `make build`; each line writes its JSON export into
# the current folder. The bench ran each program once in its check phase, which counts as
# the first warm-up run: add one to --warmup when running a line alone.
# The site first, as the bench ran it:
#   target/release/site --latency-ms 50 &
#   export SITE_URL=http://127.0.0.1:8787
set -e
# crawl-sequential: the same work as in crawl, timed there; its figures are copied into crawl-sequential-c1.json
# crawl-threads: the same work as in crawl, timed there; its figures are copied into crawl-threads-c10.json
# crawl-pool: the same work as in crawl, timed there; its figures are copied into crawl-pool-c10.json
# crawl-processes: the same work as in crawl, timed there; its figures are copied into crawl-processes-c10.json
# crawl-rayon: the same work as in crawl, timed there; its figures are copied into crawl-rayon-c10.json
# crawl-tokio: the same work as in crawl, timed there; its figures are copied into crawl-tokio-c10.json
# crawl-tokio-current: the same work as in crawl, timed there; its figures are copied into crawl-tokio-current-c10.json
# crawl-async-std: the same work as in crawl, timed there; its figures are copied into crawl-async-std-c10.json
# crawl-smol: the same work as in crawl, timed there; its figures are copied into crawl-smol-c10.json
# crawl-compio: the same work as in crawl, timed there; its figures are copied into crawl-compio-c10.json
# crawl-python-threading: the same work as in crawl, timed there; its figures are copied into crawl-python-threading-c10.json
# crawl-python-multiprocessing: the same work as in crawl, timed there; its figures are copied into crawl-python-multiprocessing-c10.json
# crawl-python-asyncio: the same work as in crawl, timed there; its figures are copied into crawl-python-asyncio-c10.json
# crawl-python-threading-ft: the same work as in crawl, timed there; its figures are copied into crawl-python-threading-ft-c10.json
hyperfine -N --warmup 0 --runs 2 --export-json crawl-threads-c100.json -n 'crawl-threads C = 100' 'target/release/crawl-threads --out target/bench/stage/scratch/crawl-threads.out --pages 1000 --concurrency 100'
hyperfine -N --warmup 0 --runs 2 --export-json crawl-pool-c100.json -n 'crawl-pool C = 100' 'target/release/crawl-pool --out target/bench/stage/scratch/crawl-pool.out --pages 1000 --concurrency 100'
hyperfine -N --warmup 0 --runs 2 --export-json crawl-processes-c100.json -n 'crawl-processes C = 100' 'target/release/crawl-processes --out target/bench/stage/scratch/crawl-processes.out --pages 1000 --concurrency 100'
hyperfine -N --warmup 0 --runs 2 --export-json crawl-rayon-c100.json -n 'crawl-rayon C = 100' 'target/release/crawl-rayon --out target/bench/stage/scratch/crawl-rayon.out --pages 1000 --concurrency 100'
hyperfine -N --warmup 0 --runs 2 --export-json crawl-tokio-c100.json -n 'crawl-tokio C = 100' 'target/release/crawl-tokio --out target/bench/stage/scratch/crawl-tokio.out --pages 1000 --concurrency 100'
hyperfine -N --warmup 0 --runs 2 --export-json crawl-tokio-current-c100.json -n 'crawl-tokio-current C = 100' 'target/release/crawl-tokio-current --out target/bench/stage/scratch/crawl-tokio-current.out --pages 1000 --concurrency 100'
hyperfine -N --warmup 0 --runs 2 --export-json crawl-async-std-c100.json -n 'crawl-async-std C = 100' 'target/release/crawl-async-std --out target/bench/stage/scratch/crawl-async-std.out --pages 1000 --concurrency 100'
hyperfine -N --warmup 0 --runs 2 --export-json crawl-smol-c100.json -n 'crawl-smol C = 100' 'target/release/crawl-smol --out target/bench/stage/scratch/crawl-smol.out --pages 1000 --concurrency 100'
hyperfine -N --warmup 0 --runs 2 --export-json crawl-compio-c100.json -n 'crawl-compio C = 100' 'target/release/crawl-compio --out target/bench/stage/scratch/crawl-compio.out --pages 1000 --concurrency 100'
hyperfine -N --warmup 0 --runs 1 --export-json crawl-python-threading-c100.json -n 'crawl-python-threading C = 100' '.tools/python/bin/python python/crawl_threading.py --out target/bench/stage/scratch/crawl-python-threading.out --pages 1000 --concurrency 100'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 0 --runs 1 --export-json crawl-python-multiprocessing-c100.json -n 'crawl-python-multiprocessing C = 100' '.tools/python/bin/python python/crawl_multiprocessing.py --out target/bench/stage/scratch/crawl-python-multiprocessing.out --pages 1000 --concurrency 100'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 0 --runs 1 --export-json crawl-python-asyncio-c100.json -n 'crawl-python-asyncio C = 100' '.tools/python/bin/python python/crawl_asyncio.py --out target/bench/stage/scratch/crawl-python-asyncio.out --pages 1000 --concurrency 100'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 0 --runs 1 --export-json crawl-python-threading-ft-c100.json -n 'crawl-python-threading-ft C = 100' '.tools/python-ft-venv/bin/python python/crawl_threading.py --out target/bench/stage/scratch/crawl-python-threading-ft.out --pages 1000 --concurrency 100'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 0 --runs 2 --export-json crawl-threads-c1000.json -n 'crawl-threads C = 1000' 'target/release/crawl-threads --out target/bench/stage/scratch/crawl-threads.out --pages 1000 --concurrency 1000'
hyperfine -N --warmup 0 --runs 2 --export-json crawl-pool-c1000.json -n 'crawl-pool C = 1000' 'target/release/crawl-pool --out target/bench/stage/scratch/crawl-pool.out --pages 1000 --concurrency 1000'
hyperfine -N --warmup 0 --runs 2 --export-json crawl-processes-c1000.json -n 'crawl-processes C = 1000' 'target/release/crawl-processes --out target/bench/stage/scratch/crawl-processes.out --pages 1000 --concurrency 1000'
hyperfine -N --warmup 0 --runs 2 --export-json crawl-rayon-c1000.json -n 'crawl-rayon C = 1000' 'target/release/crawl-rayon --out target/bench/stage/scratch/crawl-rayon.out --pages 1000 --concurrency 1000'
hyperfine -N --warmup 0 --runs 2 --export-json crawl-tokio-c1000.json -n 'crawl-tokio C = 1000' 'target/release/crawl-tokio --out target/bench/stage/scratch/crawl-tokio.out --pages 1000 --concurrency 1000'
hyperfine -N --warmup 0 --runs 2 --export-json crawl-tokio-current-c1000.json -n 'crawl-tokio-current C = 1000' 'target/release/crawl-tokio-current --out target/bench/stage/scratch/crawl-tokio-current.out --pages 1000 --concurrency 1000'
hyperfine -N --warmup 0 --runs 2 --export-json crawl-async-std-c1000.json -n 'crawl-async-std C = 1000' 'target/release/crawl-async-std --out target/bench/stage/scratch/crawl-async-std.out --pages 1000 --concurrency 1000'
hyperfine -N --warmup 0 --runs 2 --export-json crawl-smol-c1000.json -n 'crawl-smol C = 1000' 'target/release/crawl-smol --out target/bench/stage/scratch/crawl-smol.out --pages 1000 --concurrency 1000'
hyperfine -N --warmup 0 --runs 2 --export-json crawl-compio-c1000.json -n 'crawl-compio C = 1000' 'target/release/crawl-compio --out target/bench/stage/scratch/crawl-compio.out --pages 1000 --concurrency 1000'
hyperfine -N --warmup 0 --runs 1 --export-json crawl-python-threading-c1000.json -n 'crawl-python-threading C = 1000' '.tools/python/bin/python python/crawl_threading.py --out target/bench/stage/scratch/crawl-python-threading.out --pages 1000 --concurrency 1000'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 0 --runs 1 --export-json crawl-python-asyncio-c1000.json -n 'crawl-python-asyncio C = 1000' '.tools/python/bin/python python/crawl_asyncio.py --out target/bench/stage/scratch/crawl-python-asyncio.out --pages 1000 --concurrency 1000'
# (no check run before the line above: its one timed run's line was the check)
hyperfine -N --warmup 0 --runs 1 --export-json crawl-python-threading-ft-c1000.json -n 'crawl-python-threading-ft C = 1000' '.tools/python-ft-venv/bin/python python/crawl_threading.py --out target/bench/stage/scratch/crawl-python-threading-ft.out --pages 1000 --concurrency 1000'
# (no check run before the line above: its one timed run's line was the check)
