//! The error a program's `main` returns: printed on one line, with every cause.

use std::fmt;

/// An error on its way out of `main`, printed as `Error: what failed: why: why`.
///
/// `fn main() -> Result<(), Failure>` and `?` work as with `anyhow::Result`; the difference is
/// the output. Rust prints a failed `main` with `Debug`, and anyhow's `Debug` spreads the causes
/// over several lines; a one-line error is easier to read in a bench log and to test.
pub struct Failure(anyhow::Error);

impl<E: Into<anyhow::Error>> From<E> for Failure {
    fn from(error: E) -> Self {
        Self(error.into())
    }
}

impl fmt::Debug for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `{:#}` is anyhow's single-line form: "context: cause: cause".
        write!(f, "{:#}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn prints_every_cause_on_one_line() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
        let failure = Failure::from(Err::<(), _>(io).context("GET /dice").unwrap_err());
        assert_eq!(format!("{failure:?}"), "GET /dice: refused");
    }
}
