//! Download, tokio with reqwest: the control row beside `download-tokio`.
//!
//! The same runtime and the same lanes as `download-tokio`, with the client most tokio users
//! reach for: reqwest, a pool of keep-alive connections shared by every lane, like one
//! `requests.Session` or `aiohttp.ClientSession`. reqwest is built on the same hyper as the
//! other async rows, and does more per request (a shared pool, redirect and timeout machinery),
//! so `download-tokio-reqwest` against `download-tokio` is what the convenience costs, measured
//! apart from any comparison of runtimes.
//!
//! ```text
//! cargo run --release -p download-tokio-reqwest -- --requests 160 --concurrency 160
//! ```

use anyhow::{Context, ensure};
use clap::Parser;
use std::sync::Arc;
use workloads::download::{Args, MAX_BODY, REQUEST_TIMEOUT, Tally, check_status};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    args.url.ensure_up()?;
    // `#[tokio::main]`'s runtime, every driver on, built once the site has answered: the
    // pre-flight connect blocks, so it runs before the runtime as in every async row.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let tally = runtime.block_on(download_all(Arc::new(args)))?;
    print_result(env!("CARGO_PKG_NAME"), &tally)?;
    Ok(())
}

/// Spawns one task per lane, then adds up what they got.
async fn download_all(args: Arc<Args>) -> anyhow::Result<Tally> {
    let client = client(&args)?;
    let lanes: Vec<_> = (0..args.lanes())
        .map(|lane| tokio::spawn(download_lane(Arc::clone(&args), client.clone(), lane)))
        .collect();
    let mut tally = Tally::default();
    for lane in lanes {
        tally = tally.merge(lane.await.expect("a lane task panicked")?);
    }
    Ok(tally)
}

/// Makes lane `lane`'s requests one after another, each awaited before the next.
async fn download_lane(args: Arc<Args>, client: Client, lane: usize) -> anyhow::Result<Tally> {
    let mut tally = Tally::default();
    for i in args.lane(lane) {
        tally.add(i, &fetch(&client, &args.url_of(i)).await?)?;
    }
    Ok(tally)
}

/// A handle on reqwest's connection pool (cloning it shares the pool).
type Client = reqwest::Client;

/// The client every lane shares: one idle connection kept per lane, no proxy (the site is
/// local), no redirects followed (`check_status` makes one an error).
fn client(args: &Args) -> anyhow::Result<Client> {
    let client = reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .pool_max_idle_per_host(args.lanes())
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    Ok(client)
}

/// GETs `url` and returns its body; a status other than 2xx, or a body past [`MAX_BODY`], is
/// an error.
async fn fetch(client: &Client, url: &str) -> anyhow::Result<Vec<u8>> {
    let body = async {
        let mut response = client.get(url).send().await?;
        check_status(response.status(), response.headers())?;
        // reqwest's `bytes()` has no limit: read the chunks, and stop past the limit.
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await? {
            ensure!(
                body.len() + chunk.len() <= MAX_BODY,
                "the body passed {MAX_BODY} bytes"
            );
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    };
    body.await.with_context(|| format!("GET {url}"))
}
