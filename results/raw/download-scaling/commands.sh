#!/bin/sh
# Every hyperfine command behind download-scaling's figures, as the bench ran them.
# Run from the repository's root after `make build`; each line writes its JSON export into
# the current folder. The bench ran each program once in its check phase, which counts as
# the first warm-up run: add one to --warmup when running a line alone.
# The site first, as the bench ran it:
#   target/release/site --latency-ms 50 &
#   export SITE_URL=http://127.0.0.1:8787
set -e
hyperfine -N --warmup 0 --runs 3 --export-json download-sequential-c1.json -n 'download-sequential C = 1' 'target/release/download-sequential --requests 2 --concurrency 1'
hyperfine -N --warmup 0 --runs 3 --export-json download-threads-c1.json -n 'download-threads C = 1' 'target/release/download-threads --requests 2 --concurrency 1'
hyperfine -N --warmup 0 --runs 3 --export-json download-pool-c1.json -n 'download-pool C = 1' 'target/release/download-pool --requests 2 --concurrency 1'
hyperfine -N --warmup 0 --runs 3 --export-json download-processes-c1.json -n 'download-processes C = 1' 'target/release/download-processes --requests 2 --concurrency 1'
hyperfine -N --warmup 0 --runs 3 --export-json download-rayon-c1.json -n 'download-rayon C = 1' 'target/release/download-rayon --requests 2 --concurrency 1'
hyperfine -N --warmup 0 --runs 3 --export-json download-tokio-c1.json -n 'download-tokio C = 1' 'target/release/download-tokio --requests 2 --concurrency 1'
hyperfine -N --warmup 0 --runs 3 --export-json download-tokio-reqwest-c1.json -n 'download-tokio-reqwest C = 1' 'target/release/download-tokio-reqwest --requests 2 --concurrency 1'
hyperfine -N --warmup 0 --runs 3 --export-json download-tokio-current-c1.json -n 'download-tokio-current C = 1' 'target/release/download-tokio-current --requests 2 --concurrency 1'
hyperfine -N --warmup 0 --runs 3 --export-json download-async-std-c1.json -n 'download-async-std C = 1' 'target/release/download-async-std --requests 2 --concurrency 1'
hyperfine -N --warmup 0 --runs 3 --export-json download-smol-c1.json -n 'download-smol C = 1' 'target/release/download-smol --requests 2 --concurrency 1'
hyperfine -N --warmup 0 --runs 3 --export-json download-compio-c1.json -n 'download-compio C = 1' 'target/release/download-compio --requests 2 --concurrency 1'
hyperfine -N --warmup 0 --runs 1 --export-json download-python-sequential-c1.json -n 'download-python-sequential C = 1' '.tools/python/bin/python python/download_sequential.py --requests 2 --concurrency 1'
hyperfine -N --warmup 0 --runs 1 --export-json download-python-threading-c1.json -n 'download-python-threading C = 1' '.tools/python/bin/python python/download_threading.py --requests 2 --concurrency 1'
hyperfine -N --warmup 0 --runs 1 --export-json download-python-multiprocessing-c1.json -n 'download-python-multiprocessing C = 1' '.tools/python/bin/python python/download_multiprocessing.py --requests 2 --concurrency 1'
hyperfine -N --warmup 0 --runs 1 --export-json download-python-asyncio-c1.json -n 'download-python-asyncio C = 1' '.tools/python/bin/python python/download_asyncio.py --requests 2 --concurrency 1'
hyperfine -N --warmup 0 --runs 1 --export-json download-python-sequential-ft-c1.json -n 'download-python-sequential-ft C = 1' '.tools/python-ft-venv/bin/python python/download_sequential.py --requests 2 --concurrency 1'
hyperfine -N --warmup 0 --runs 1 --export-json download-python-threading-ft-c1.json -n 'download-python-threading-ft C = 1' '.tools/python-ft-venv/bin/python python/download_threading.py --requests 2 --concurrency 1'
hyperfine -N --warmup 0 --runs 3 --export-json download-sequential-c10.json -n 'download-sequential C = 10' 'target/release/download-sequential --requests 20 --concurrency 10'
hyperfine -N --warmup 0 --runs 3 --export-json download-threads-c10.json -n 'download-threads C = 10' 'target/release/download-threads --requests 20 --concurrency 10'
hyperfine -N --warmup 0 --runs 3 --export-json download-pool-c10.json -n 'download-pool C = 10' 'target/release/download-pool --requests 20 --concurrency 10'
hyperfine -N --warmup 0 --runs 3 --export-json download-processes-c10.json -n 'download-processes C = 10' 'target/release/download-processes --requests 20 --concurrency 10'
hyperfine -N --warmup 0 --runs 3 --export-json download-rayon-c10.json -n 'download-rayon C = 10' 'target/release/download-rayon --requests 20 --concurrency 10'
hyperfine -N --warmup 0 --runs 3 --export-json download-tokio-c10.json -n 'download-tokio C = 10' 'target/release/download-tokio --requests 20 --concurrency 10'
hyperfine -N --warmup 0 --runs 3 --export-json download-tokio-reqwest-c10.json -n 'download-tokio-reqwest C = 10' 'target/release/download-tokio-reqwest --requests 20 --concurrency 10'
hyperfine -N --warmup 0 --runs 3 --export-json download-tokio-current-c10.json -n 'download-tokio-current C = 10' 'target/release/download-tokio-current --requests 20 --concurrency 10'
hyperfine -N --warmup 0 --runs 3 --export-json download-async-std-c10.json -n 'download-async-std C = 10' 'target/release/download-async-std --requests 20 --concurrency 10'
hyperfine -N --warmup 0 --runs 3 --export-json download-smol-c10.json -n 'download-smol C = 10' 'target/release/download-smol --requests 20 --concurrency 10'
hyperfine -N --warmup 0 --runs 3 --export-json download-compio-c10.json -n 'download-compio C = 10' 'target/release/download-compio --requests 20 --concurrency 10'
hyperfine -N --warmup 0 --runs 1 --export-json download-python-sequential-c10.json -n 'download-python-sequential C = 10' '.tools/python/bin/python python/download_sequential.py --requests 20 --concurrency 10'
hyperfine -N --warmup 0 --runs 1 --export-json download-python-threading-c10.json -n 'download-python-threading C = 10' '.tools/python/bin/python python/download_threading.py --requests 20 --concurrency 10'
hyperfine -N --warmup 0 --runs 1 --export-json download-python-multiprocessing-c10.json -n 'download-python-multiprocessing C = 10' '.tools/python/bin/python python/download_multiprocessing.py --requests 20 --concurrency 10'
hyperfine -N --warmup 0 --runs 1 --export-json download-python-asyncio-c10.json -n 'download-python-asyncio C = 10' '.tools/python/bin/python python/download_asyncio.py --requests 20 --concurrency 10'
hyperfine -N --warmup 0 --runs 1 --export-json download-python-sequential-ft-c10.json -n 'download-python-sequential-ft C = 10' '.tools/python-ft-venv/bin/python python/download_sequential.py --requests 20 --concurrency 10'
hyperfine -N --warmup 0 --runs 1 --export-json download-python-threading-ft-c10.json -n 'download-python-threading-ft C = 10' '.tools/python-ft-venv/bin/python python/download_threading.py --requests 20 --concurrency 10'
hyperfine -N --warmup 0 --runs 3 --export-json download-sequential-c100.json -n 'download-sequential C = 100' 'target/release/download-sequential --requests 200 --concurrency 100'
hyperfine -N --warmup 0 --runs 3 --export-json download-threads-c100.json -n 'download-threads C = 100' 'target/release/download-threads --requests 200 --concurrency 100'
hyperfine -N --warmup 0 --runs 3 --export-json download-pool-c100.json -n 'download-pool C = 100' 'target/release/download-pool --requests 200 --concurrency 100'
hyperfine -N --warmup 0 --runs 3 --export-json download-processes-c100.json -n 'download-processes C = 100' 'target/release/download-processes --requests 200 --concurrency 100'
hyperfine -N --warmup 0 --runs 3 --export-json download-rayon-c100.json -n 'download-rayon C = 100' 'target/release/download-rayon --requests 200 --concurrency 100'
hyperfine -N --warmup 0 --runs 3 --export-json download-tokio-c100.json -n 'download-tokio C = 100' 'target/release/download-tokio --requests 200 --concurrency 100'
hyperfine -N --warmup 0 --runs 3 --export-json download-tokio-reqwest-c100.json -n 'download-tokio-reqwest C = 100' 'target/release/download-tokio-reqwest --requests 200 --concurrency 100'
hyperfine -N --warmup 0 --runs 3 --export-json download-tokio-current-c100.json -n 'download-tokio-current C = 100' 'target/release/download-tokio-current --requests 200 --concurrency 100'
hyperfine -N --warmup 0 --runs 3 --export-json download-async-std-c100.json -n 'download-async-std C = 100' 'target/release/download-async-std --requests 200 --concurrency 100'
hyperfine -N --warmup 0 --runs 3 --export-json download-smol-c100.json -n 'download-smol C = 100' 'target/release/download-smol --requests 200 --concurrency 100'
hyperfine -N --warmup 0 --runs 3 --export-json download-compio-c100.json -n 'download-compio C = 100' 'target/release/download-compio --requests 200 --concurrency 100'
hyperfine -N --warmup 0 --runs 1 --export-json download-python-threading-c100.json -n 'download-python-threading C = 100' '.tools/python/bin/python python/download_threading.py --requests 200 --concurrency 100'
hyperfine -N --warmup 0 --runs 1 --export-json download-python-multiprocessing-c100.json -n 'download-python-multiprocessing C = 100' '.tools/python/bin/python python/download_multiprocessing.py --requests 200 --concurrency 100'
hyperfine -N --warmup 0 --runs 1 --export-json download-python-asyncio-c100.json -n 'download-python-asyncio C = 100' '.tools/python/bin/python python/download_asyncio.py --requests 200 --concurrency 100'
hyperfine -N --warmup 0 --runs 1 --export-json download-python-threading-ft-c100.json -n 'download-python-threading-ft C = 100' '.tools/python-ft-venv/bin/python python/download_threading.py --requests 200 --concurrency 100'
hyperfine -N --warmup 0 --runs 3 --export-json download-threads-c1000.json -n 'download-threads C = 1000' 'target/release/download-threads --requests 2000 --concurrency 1000'
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into download-threads-c1000.json: its median's interval was wider than ±5%
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into download-threads-c1000.json: its median's interval was wider than ±5%
# then 1 more runs of the line above (--warmup 0 --runs 1), merged into download-threads-c1000.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 3 --export-json download-pool-c1000.json -n 'download-pool C = 1000' 'target/release/download-pool --requests 2000 --concurrency 1000'
hyperfine -N --warmup 0 --runs 3 --export-json download-processes-c1000.json -n 'download-processes C = 1000' 'target/release/download-processes --requests 2000 --concurrency 1000'
hyperfine -N --warmup 0 --runs 3 --export-json download-tokio-c1000.json -n 'download-tokio C = 1000' 'target/release/download-tokio --requests 2000 --concurrency 1000'
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into download-tokio-c1000.json: its median's interval was wider than ±5%
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into download-tokio-c1000.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 3 --export-json download-tokio-reqwest-c1000.json -n 'download-tokio-reqwest C = 1000' 'target/release/download-tokio-reqwest --requests 2000 --concurrency 1000'
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into download-tokio-reqwest-c1000.json: its median's interval was wider than ±5%
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into download-tokio-reqwest-c1000.json: its median's interval was wider than ±5%
# then 1 more runs of the line above (--warmup 0 --runs 1), merged into download-tokio-reqwest-c1000.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 3 --export-json download-tokio-current-c1000.json -n 'download-tokio-current C = 1000' 'target/release/download-tokio-current --requests 2000 --concurrency 1000'
hyperfine -N --warmup 0 --runs 3 --export-json download-async-std-c1000.json -n 'download-async-std C = 1000' 'target/release/download-async-std --requests 2000 --concurrency 1000'
hyperfine -N --warmup 0 --runs 3 --export-json download-smol-c1000.json -n 'download-smol C = 1000' 'target/release/download-smol --requests 2000 --concurrency 1000'
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into download-smol-c1000.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 3 --export-json download-compio-c1000.json -n 'download-compio C = 1000' 'target/release/download-compio --requests 2000 --concurrency 1000'
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into download-compio-c1000.json: its median's interval was wider than ±5%
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into download-compio-c1000.json: its median's interval was wider than ±5%
# then 1 more runs of the line above (--warmup 0 --runs 1), merged into download-compio-c1000.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 1 --export-json download-python-threading-c1000.json -n 'download-python-threading C = 1000' '.tools/python/bin/python python/download_threading.py --requests 2000 --concurrency 1000'
hyperfine -N --warmup 0 --runs 1 --export-json download-python-asyncio-c1000.json -n 'download-python-asyncio C = 1000' '.tools/python/bin/python python/download_asyncio.py --requests 2000 --concurrency 1000'
hyperfine -N --warmup 0 --runs 1 --export-json download-python-threading-ft-c1000.json -n 'download-python-threading-ft C = 1000' '.tools/python-ft-venv/bin/python python/download_threading.py --requests 2000 --concurrency 1000'
hyperfine -N --warmup 0 --prepare 'sleep 1.5' --runs 3 --export-json download-threads-c10000.json -n 'download-threads C = 10000' 'target/release/download-threads --requests 20000 --concurrency 10000'
hyperfine -N --warmup 0 --prepare 'sleep 1.5' --runs 3 --export-json download-pool-c10000.json -n 'download-pool C = 10000' 'target/release/download-pool --requests 20000 --concurrency 10000'
hyperfine -N --warmup 0 --prepare 'sleep 1.5' --runs 3 --export-json download-tokio-c10000.json -n 'download-tokio C = 10000' 'target/release/download-tokio --requests 20000 --concurrency 10000'
# then 1 more runs of the line above (--warmup 0 --runs 1), merged into download-tokio-c10000.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --prepare 'sleep 1.5' --runs 3 --export-json download-tokio-reqwest-c10000.json -n 'download-tokio-reqwest C = 10000' 'target/release/download-tokio-reqwest --requests 20000 --concurrency 10000'
hyperfine -N --warmup 0 --prepare 'sleep 1.5' --runs 3 --export-json download-tokio-current-c10000.json -n 'download-tokio-current C = 10000' 'target/release/download-tokio-current --requests 20000 --concurrency 10000'
hyperfine -N --warmup 0 --prepare 'sleep 1.5' --runs 3 --export-json download-async-std-c10000.json -n 'download-async-std C = 10000' 'target/release/download-async-std --requests 20000 --concurrency 10000'
hyperfine -N --warmup 0 --prepare 'sleep 1.5' --runs 3 --export-json download-smol-c10000.json -n 'download-smol C = 10000' 'target/release/download-smol --requests 20000 --concurrency 10000'
hyperfine -N --warmup 0 --prepare 'sleep 1.5' --runs 3 --export-json download-compio-c10000.json -n 'download-compio C = 10000' 'target/release/download-compio --requests 20000 --concurrency 10000'
# then 1 more runs of the line above (--warmup 0 --runs 1), merged into download-compio-c10000.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --prepare 'sleep 1.5' --runs 1 --export-json download-python-asyncio-c10000.json -n 'download-python-asyncio C = 10000' '.tools/python/bin/python python/download_asyncio.py --requests 20000 --concurrency 10000'
