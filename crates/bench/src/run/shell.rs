//! Command lines as a shell reads them: for hyperfine, which splits its commands the same way,
//! and for each experiment's `commands.sh`.

/// A command line for hyperfine and for `commands.sh`, each word quoted where it needs it.
pub(super) fn command_line<S: AsRef<str>>(words: impl IntoIterator<Item = S>) -> String {
    let words: Vec<String> = words.into_iter().map(|w| quote(w.as_ref())).collect();
    words.join(" ")
}

/// A word quoted for a shell (and for hyperfine's splitting of a command line), when it needs it.
pub(super) fn quote(word: &str) -> String {
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:@,+".contains(c))
    {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_only_when_they_need_it() {
        assert_eq!(
            quote("target/release/download-tokio"),
            "target/release/download-tokio"
        );
        assert_eq!(quote("--requests"), "--requests");
        assert_eq!(
            quote("download-tokio C = 1000"),
            "'download-tokio C = 1000'"
        );
        assert_eq!(quote("it's"), r"'it'\''s'");
    }
}
