#!/bin/sh
# Every hyperfine command behind queue-capacity's figures, as the bench ran them.
# Run from the repository's root after `make build`; each line writes its JSON export into
# the current folder. The bench ran each program once in its check phase, which counts as
# the first warm-up run: add one to --warmup when running a line alone.
set -e
hyperfine -N --warmup 0 --runs 3 --export-json queue-sequential-k1.json -n 'queue-sequential K = 1' 'target/release/queue-sequential --items 1000000 --producers 5 --consumers 10 --capacity 1 --work-us 0 --workers 2'
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into queue-sequential-k1.json: its median's interval was wider than ±5%
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into queue-sequential-k1.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 3 --export-json queue-threads-k1.json -n 'queue-threads K = 1' 'target/release/queue-threads --items 1000000 --producers 5 --consumers 10 --capacity 1 --work-us 0 --workers 2'
hyperfine -N --warmup 0 --runs 3 --export-json queue-pool-k1.json -n 'queue-pool K = 1' 'target/release/queue-pool --items 1000000 --producers 5 --consumers 10 --capacity 1 --work-us 0 --workers 2'
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into queue-pool-k1.json: its median's interval was wider than ±5%
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into queue-pool-k1.json: its median's interval was wider than ±5%
# then 1 more runs of the line above (--warmup 0 --runs 1), merged into queue-pool-k1.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 3 --export-json queue-processes-k1.json -n 'queue-processes K = 1' 'target/release/queue-processes --items 1000000 --producers 5 --consumers 10 --capacity 1 --work-us 0 --workers 2'
hyperfine -N --warmup 0 --runs 3 --export-json queue-rayon-k1.json -n 'queue-rayon K = 1' 'target/release/queue-rayon --items 1000000 --producers 5 --consumers 10 --capacity 1 --work-us 0 --workers 2'
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into queue-rayon-k1.json: its median's interval was wider than ±5%
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into queue-rayon-k1.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 3 --export-json queue-tokio-k1.json -n 'queue-tokio K = 1' 'target/release/queue-tokio --items 1000000 --producers 5 --consumers 10 --capacity 1 --work-us 0 --workers 2'
# then 1 more runs of the line above (--warmup 0 --runs 1), merged into queue-tokio-k1.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 3 --export-json queue-tokio-mpsc-k1.json -n 'queue-tokio-mpsc K = 1' 'target/release/queue-tokio-mpsc --items 1000000 --producers 5 --consumers 10 --capacity 1 --work-us 0 --workers 2'
hyperfine -N --warmup 0 --runs 3 --export-json queue-tokio-current-k1.json -n 'queue-tokio-current K = 1' 'target/release/queue-tokio-current --items 1000000 --producers 5 --consumers 10 --capacity 1 --work-us 0 --workers 2'
hyperfine -N --warmup 0 --runs 3 --export-json queue-async-std-k1.json -n 'queue-async-std K = 1' 'target/release/queue-async-std --items 1000000 --producers 5 --consumers 10 --capacity 1 --work-us 0 --workers 2'
# then 2 more runs of the line above (--warmup 0 --runs 2), merged into queue-async-std-k1.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 3 --export-json queue-async-std-channel1-k1.json -n 'queue-async-std-channel1 K = 1' 'target/release/queue-async-std-channel1 --items 1000000 --producers 5 --consumers 10 --capacity 1 --work-us 0 --workers 2'
# then 1 more runs of the line above (--warmup 0 --runs 1), merged into queue-async-std-channel1-k1.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 3 --export-json queue-smol-k1.json -n 'queue-smol K = 1' 'target/release/queue-smol --items 1000000 --producers 5 --consumers 10 --capacity 1 --work-us 0 --workers 2'
# then 1 more runs of the line above (--warmup 0 --runs 1), merged into queue-smol-k1.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 3 --export-json queue-compio-k1.json -n 'queue-compio K = 1' 'target/release/queue-compio --items 1000000 --producers 5 --consumers 10 --capacity 1 --work-us 0 --workers 2'
# queue-sequential: the same work as in queue, timed there; its figures are copied into queue-sequential-k100.json
# queue-threads: the same work as in queue, timed there; its figures are copied into queue-threads-k100.json
# queue-pool: the same work as in queue, timed there; its figures are copied into queue-pool-k100.json
# queue-processes: the same work as in queue, timed there; its figures are copied into queue-processes-k100.json
# queue-rayon: the same work as in queue, timed there; its figures are copied into queue-rayon-k100.json
# queue-tokio: the same work as in queue, timed there; its figures are copied into queue-tokio-k100.json
# queue-tokio-mpsc: the same work as in queue, timed there; its figures are copied into queue-tokio-mpsc-k100.json
# queue-tokio-current: the same work as in queue, timed there; its figures are copied into queue-tokio-current-k100.json
# queue-async-std: the same work as in queue, timed there; its figures are copied into queue-async-std-k100.json
# queue-async-std-channel1: the same work as in queue, timed there; its figures are copied into queue-async-std-channel1-k100.json
# queue-smol: the same work as in queue, timed there; its figures are copied into queue-smol-k100.json
# queue-compio: the same work as in queue, timed there; its figures are copied into queue-compio-k100.json
hyperfine -N --warmup 0 --runs 3 --export-json queue-sequential-k10000.json -n 'queue-sequential K = 10000' 'target/release/queue-sequential --items 1000000 --producers 5 --consumers 10 --capacity 10000 --work-us 0 --workers 2'
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into queue-sequential-k10000.json: its median's interval was wider than ±5%
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into queue-sequential-k10000.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 3 --export-json queue-threads-k10000.json -n 'queue-threads K = 10000' 'target/release/queue-threads --items 1000000 --producers 5 --consumers 10 --capacity 10000 --work-us 0 --workers 2'
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into queue-threads-k10000.json: its median's interval was wider than ±5%
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into queue-threads-k10000.json: its median's interval was wider than ±5%
# then 1 more runs of the line above (--warmup 0 --runs 1), merged into queue-threads-k10000.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 3 --export-json queue-pool-k10000.json -n 'queue-pool K = 10000' 'target/release/queue-pool --items 1000000 --producers 5 --consumers 10 --capacity 10000 --work-us 0 --workers 2'
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into queue-pool-k10000.json: its median's interval was wider than ±5%
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into queue-pool-k10000.json: its median's interval was wider than ±5%
# then 1 more runs of the line above (--warmup 0 --runs 1), merged into queue-pool-k10000.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 3 --export-json queue-processes-k10000.json -n 'queue-processes K = 10000' 'target/release/queue-processes --items 1000000 --producers 5 --consumers 10 --capacity 10000 --work-us 0 --workers 2'
hyperfine -N --warmup 0 --runs 3 --export-json queue-rayon-k10000.json -n 'queue-rayon K = 10000' 'target/release/queue-rayon --items 1000000 --producers 5 --consumers 10 --capacity 10000 --work-us 0 --workers 2'
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into queue-rayon-k10000.json: its median's interval was wider than ±5%
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into queue-rayon-k10000.json: its median's interval was wider than ±5%
# then 1 more runs of the line above (--warmup 0 --runs 1), merged into queue-rayon-k10000.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 3 --export-json queue-tokio-k10000.json -n 'queue-tokio K = 10000' 'target/release/queue-tokio --items 1000000 --producers 5 --consumers 10 --capacity 10000 --work-us 0 --workers 2'
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into queue-tokio-k10000.json: its median's interval was wider than ±5%
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into queue-tokio-k10000.json: its median's interval was wider than ±5%
# then 1 more runs of the line above (--warmup 0 --runs 1), merged into queue-tokio-k10000.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 3 --export-json queue-tokio-mpsc-k10000.json -n 'queue-tokio-mpsc K = 10000' 'target/release/queue-tokio-mpsc --items 1000000 --producers 5 --consumers 10 --capacity 10000 --work-us 0 --workers 2'
hyperfine -N --warmup 0 --runs 3 --export-json queue-tokio-current-k10000.json -n 'queue-tokio-current K = 10000' 'target/release/queue-tokio-current --items 1000000 --producers 5 --consumers 10 --capacity 10000 --work-us 0 --workers 2'
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into queue-tokio-current-k10000.json: its median's interval was wider than ±5%
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into queue-tokio-current-k10000.json: its median's interval was wider than ±5%
# then 1 more runs of the line above (--warmup 0 --runs 1), merged into queue-tokio-current-k10000.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 3 --export-json queue-async-std-k10000.json -n 'queue-async-std K = 10000' 'target/release/queue-async-std --items 1000000 --producers 5 --consumers 10 --capacity 10000 --work-us 0 --workers 2'
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into queue-async-std-k10000.json: its median's interval was wider than ±5%
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into queue-async-std-k10000.json: its median's interval was wider than ±5%
# then 1 more runs of the line above (--warmup 0 --runs 1), merged into queue-async-std-k10000.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 3 --export-json queue-async-std-channel1-k10000.json -n 'queue-async-std-channel1 K = 10000' 'target/release/queue-async-std-channel1 --items 1000000 --producers 5 --consumers 10 --capacity 10000 --work-us 0 --workers 2'
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into queue-async-std-channel1-k10000.json: its median's interval was wider than ±5%
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into queue-async-std-channel1-k10000.json: its median's interval was wider than ±5%
# then 1 more runs of the line above (--warmup 0 --runs 1), merged into queue-async-std-channel1-k10000.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 3 --export-json queue-smol-k10000.json -n 'queue-smol K = 10000' 'target/release/queue-smol --items 1000000 --producers 5 --consumers 10 --capacity 10000 --work-us 0 --workers 2'
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into queue-smol-k10000.json: its median's interval was wider than ±5%
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into queue-smol-k10000.json: its median's interval was wider than ±5%
# then 1 more runs of the line above (--warmup 0 --runs 1), merged into queue-smol-k10000.json: its median's interval was wider than ±5%
hyperfine -N --warmup 0 --runs 3 --export-json queue-compio-k10000.json -n 'queue-compio K = 10000' 'target/release/queue-compio --items 1000000 --producers 5 --consumers 10 --capacity 10000 --work-us 0 --workers 2'
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into queue-compio-k10000.json: its median's interval was wider than ±5%
# then 3 more runs of the line above (--warmup 0 --runs 3), merged into queue-compio-k10000.json: its median's interval was wider than ±5%
# then 1 more runs of the line above (--warmup 0 --runs 1), merged into queue-compio-k10000.json: its median's interval was wider than ±5%
