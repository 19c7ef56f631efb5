//! The deadline every async row puts on a connect and on a request: the runtime's own timer,
//! raced against the work.

use std::future::Future;
use std::pin::pin;
use std::task::Poll;
use std::time::Duration;

/// `work`'s output, or an error once `sleep(limit)` (the calling runtime's own timer:
/// `tokio::time::sleep`, `async_std::task::sleep`, smol's `Timer::after`) has fired.
///
/// The race `tokio::time::timeout` and `async_std::future::timeout` run, and smol's
/// `work.or(timer)` (smol has no `timeout`): on every wake the work is polled first, then the
/// timer. Written once, so that what differs between the rows is only whose timer it is.
pub async fn within<T, S: Future>(
    limit: Duration,
    sleep: impl FnOnce(Duration) -> S,
    work: impl Future<Output = anyhow::Result<T>>,
) -> anyhow::Result<T> {
    let (mut work, mut timer) = (pin!(work), pin!(sleep(limit)));
    std::future::poll_fn(|cx| {
        if let Poll::Ready(output) = work.as_mut().poll(cx) {
            return Poll::Ready(output);
        }
        match timer.as_mut().poll(cx) {
            Poll::Ready(_) => Poll::Ready(Err(anyhow::anyhow!("timed out after {limit:?}"))),
            Poll::Pending => Poll::Pending,
        }
    })
    .await
}
