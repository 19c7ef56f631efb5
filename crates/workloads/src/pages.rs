//! The pages the site serves, defined here so that tests can check what the programs received.
//!
//! The download workload alternates two pages sized like the article's: jython.org's home page
//! (about 11 KB) and Real Python's dice page (about 280 bytes). Bodies are deterministic: the
//! same path always gives the same bytes, so a checksum over what a program downloaded proves
//! it fetched every page whole.

/// The large page: jython.org's home page in the article.
pub const JYTHON: &str = "/jython";
/// The small page: olympus.realpython.org/dice in the article.
pub const DICE: &str = "/dice";

/// Every page the site serves, in the order the download workload requests them.
pub const PAGES: [&str; 2] = [JYTHON, DICE];

/// The size of [`JYTHON`]'s body in bytes.
pub const JYTHON_BYTES: usize = 11_264;
/// The size of [`DICE`]'s body in bytes.
pub const DICE_BYTES: usize = 280;

/// The size of the page at `path`, or `None` for a path the site does not have.
pub fn size(path: &str) -> Option<usize> {
    match path {
        JYTHON => Some(JYTHON_BYTES),
        DICE => Some(DICE_BYTES),
        _ => None,
    }
}

/// The body served at `path`, or `None` for a path the site does not have.
pub fn body(path: &str) -> Option<Vec<u8>> {
    match path {
        JYTHON => Some(page("Jython", JYTHON_BYTES)),
        DICE => Some(page("Dice", DICE_BYTES)),
        _ => None,
    }
}

/// Words the filler text is drawn from.
const WORDS: [&str; 8] = [
    "python", "thread", "process", "async", "rust", "tokio", "rayon", "smol",
];

/// An HTML page of exactly `size` bytes: a title, then filler text picked by a fixed
/// pseudo-random sequence, so pages differ in content and not only in length.
fn page(title: &str, size: usize) -> Vec<u8> {
    let head = format!("<!doctype html>\n<html><head><title>{title}</title></head><body>\n<p>");
    let tail = "</p>\n</body></html>\n";
    let mut filler = String::new();
    // A linear congruential generator seeded by the title: deterministic, dependency-free.
    let mut state = title
        .bytes()
        .fold(0x9e37_79b9_u64, |s, b| s * 31 + u64::from(b));
    while head.len() + filler.len() + tail.len() < size {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        filler.push_str(WORDS[(state >> 61) as usize]);
        filler.push(' ');
    }
    let mut page = format!("{head}{filler}");
    page.truncate(size - tail.len());
    page.push_str(tail);
    page.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_have_their_sizes_and_never_change() {
        let jython = body(JYTHON).unwrap();
        assert_eq!(jython.len(), JYTHON_BYTES);
        assert_eq!(body(DICE).unwrap().len(), DICE_BYTES);
        assert_eq!(body(JYTHON).unwrap(), jython);
        assert!(jython.starts_with(b"<!doctype html>"));
        assert!(jython.ends_with(b"</html>\n"));
        assert_eq!(body("/elsewhere"), None);
    }
}
