//! The blocking rows' HTTP client: one ureq agent per lane, set up the same way in every
//! blocking program of the download and the crawl, and the GET they all make (the twin of the
//! async rows' `http1::get`). Behind the `ureq` feature.

use crate::download::{MAX_BODY, READ_BUFFER, REQUEST_TIMEOUT, WRITE_BUFFER};
use http::{HeaderMap, StatusCode};

/// A ureq agent: a connection pool, like a `requests.Session`. No proxy: the site is local.
/// No redirects followed and every status returned, so that the workload's own check judges
/// them all. The timeout bounds each phase of a request rather than the whole: with a
/// whole-request or resolve timeout, ureq starts a thread for every connection to resolve the
/// address in. Buffers of [`READ_BUFFER`] and [`WRITE_BUFFER`], not ureq's 128 KiB each way.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_connect(Some(REQUEST_TIMEOUT))
        .timeout_send_request(Some(REQUEST_TIMEOUT))
        .timeout_recv_response(Some(REQUEST_TIMEOUT))
        .timeout_recv_body(Some(REQUEST_TIMEOUT))
        .proxy(None)
        .input_buffer_size(READ_BUFFER)
        .output_buffer_size(WRITE_BUFFER)
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into()
}

/// GETs `url` with `agent`, judges the status with `check` (whose error ends the request before
/// the body is read), and reads the body, at most [`MAX_BODY`] bytes, so that the agent's
/// connection is ready for the next request.
pub fn get<C>(
    agent: &ureq::Agent,
    url: &str,
    check: impl FnOnce(StatusCode, &HeaderMap) -> anyhow::Result<C>,
) -> anyhow::Result<(C, Vec<u8>)> {
    let mut response = agent.get(url).call()?;
    let checked = check(response.status(), response.headers())?;
    let body = response.body_mut().with_config().limit(MAX_BODY as u64);
    Ok((checked, body.read_to_vec()?))
}
