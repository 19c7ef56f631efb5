//! How figures read in tables and charts.

/// Seconds, to about three significant figures in a fitting unit.
pub fn seconds(value: f64) -> String {
    if value == 0.0 {
        "0".into()
    } else if value >= 1.0 {
        format!("{value:.2} s")
    } else if value >= 0.001 {
        format!("{:.1} ms", value * 1e3)
    } else {
        format!("{:.0} µs", value * 1e6)
    }
}

/// A difference of seconds, which may be below zero.
pub fn seconds_signed(value: f64) -> String {
    if value < 0.0 {
        format!("−{}", seconds(-value))
    } else {
        seconds(value)
    }
}

/// A small amount of bytes in KiB, with two decimals (may be below zero: a difference).
pub fn kibibytes(bytes: f64) -> String {
    format!("{:.2} KiB", bytes / 1024.0)
}

/// Bytes in MiB (GiB from 10 GiB up).
pub fn mebibytes(bytes: u64) -> String {
    let mib = bytes as f64 / (1024.0 * 1024.0);
    if mib >= 10.0 * 1024.0 {
        format!("{:.1} GiB", mib / 1024.0)
    } else {
        format!("{mib:.1} MiB")
    }
}

/// A ratio: `1.95×`.
pub fn times(ratio: f64) -> String {
    format!("{ratio:.2}×")
}

/// A share: `73%`.
pub fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// A count per second, with thousands separated: `12,345/s`.
pub fn per_second(rate: f64) -> String {
    let whole = rate.round() as u64;
    let digits = whole.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out + "/s"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_read_naturally() {
        assert_eq!(seconds(8.066), "8.07 s");
        assert_eq!(seconds(0.0512), "51.2 ms");
        assert_eq!(seconds(0.000_25), "250 µs");
        assert_eq!(mebibytes(3 * 1024 * 1024 + 512 * 1024), "3.5 MiB");
        assert_eq!(mebibytes(12 << 30), "12.0 GiB");
        assert_eq!(times(1.954), "1.95×");
        assert_eq!(percent(0.734), "73%");
        assert_eq!(per_second(1_234_567.4), "1,234,567/s");
        assert_eq!(per_second(999.0), "999/s");
        assert_eq!(kibibytes(307.2), "0.30 KiB");
        assert_eq!(seconds_signed(-0.0021), "−2.1 ms");
    }
}
