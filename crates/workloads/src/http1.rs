//! The HTTP/1 exchange every async row makes, over any runtime's socket: hyper's client on one
//! keep-alive connection. Behind the `hyper` feature; no runtime is named here.
//!
//! What differs between runtimes stays in each program: how it opens the socket (`connect`),
//! how it spawns the connection's driver (the second half of what [`handshake`] returns), and
//! how it bounds a request in time (its `timeout`). What is the same in every row lives here: the
//! handshake, the GET with the site's `Host`, the status check, and the body read to at most
//! [`MAX_BODY`] bytes.

use crate::download::MAX_BODY;
use anyhow::anyhow;
use bytes::Bytes;
use http::{HeaderMap, Request, StatusCode, header::HOST};
use http_body_util::{BodyExt, Empty, Limited};
use hyper::client::conn::http1;

/// One keep-alive connection to the site: requests go one at a time.
pub type Connection = http1::SendRequest<Empty<Bytes>>;

/// The future that drives a connection's socket: it must be spawned, and ends when the
/// connection closes (any error it meets also fails the request waiting on it).
pub type Driver<T> = http1::Connection<T, Empty<Bytes>>;

/// Speaks HTTP/1 over `io`: the connection, and its driver for the runtime to spawn.
pub async fn handshake<T>(io: T) -> anyhow::Result<(Connection, Driver<T>)>
where
    T: hyper::rt::Read + hyper::rt::Write + Unpin,
{
    Ok(http1::handshake(io).await?)
}

/// GETs `path` from the site at `authority` once the connection is free, judges the status with
/// `check` (whose error ends the request before the body is read), and reads the body, at most
/// [`MAX_BODY`] bytes, so that the connection is ready for the next request.
pub async fn get<C>(
    connection: &mut Connection,
    authority: &str,
    path: &str,
    check: impl FnOnce(StatusCode, &HeaderMap) -> anyhow::Result<C>,
) -> anyhow::Result<(C, Bytes)> {
    let request = Request::get(path)
        .header(HOST, authority)
        .body(Empty::new())?;
    // The previous response is read; wait until the connection is free for the next.
    connection.ready().await?;
    let response = connection.send_request(request).await?;
    let checked = check(response.status(), response.headers())?;
    let body = Limited::new(response.into_body(), MAX_BODY).collect().await;
    let body = body.map_err(|e| anyhow!("{e} (at most {MAX_BODY} bytes)"))?;
    Ok((checked, body.to_bytes()))
}
