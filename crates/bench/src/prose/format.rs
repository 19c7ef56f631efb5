//! How a figure in prose reads: as the tables write it (`crate::units`).

use super::expr::{Kind, Value};
use crate::units;
use anyhow::{bail, ensure};

/// The formats a figure may name after its `|`, with what each writes.
pub const FORMATS: &[(&str, &str)] = &[
    (
        "time",
        "a time as the tables write it: 8.07 s, 51.2 ms, 250 µs",
    ),
    ("min", "a time in minutes with one decimal: 28.6 min"),
    ("mib", "bytes in MiB (GiB from 10 GiB): 259.0 MiB"),
    ("kib", "bytes in KiB with two decimals: 2.06 KiB"),
    (
        "x",
        "a ratio with two decimals: 1.95×; x1, x0 for one or none",
    ),
    ("%", "a share as a whole percent: 84%; %1 for one decimal"),
    (
        "n",
        "a number, rounded, thousands separated: 10,000; n1, n2 for decimals",
    ),
    ("text", "text as it is (a date, a commit)"),
];

/// `value` written as `format` names, or as its kind reads by default (a time as `time`,
/// bytes as `mib`, a share as `%`, a number as `n2`, text as it is).
pub fn format(value: &Value, format: Option<&str>) -> anyhow::Result<String> {
    let (x, kind) = match value {
        Value::Text(text) => {
            ensure!(
                matches!(format, None | Some("text")),
                "{text:?} is text: it takes no format {:?}",
                format.unwrap_or_default()
            );
            return Ok(text.clone());
        }
        Value::Num(x, kind) => (*x, *kind),
    };
    ensure!(x.is_finite(), "{x} is not a number to write");
    let default = match kind {
        Kind::Time => "time",
        Kind::Bytes => "mib",
        Kind::Share => "%",
        Kind::Number => "n2",
    };
    let format = format.unwrap_or(default);
    let (name, digits) = match format.find(|c: char| c.is_ascii_digit()) {
        Some(at) => (&format[..at], Some(format[at..].parse::<usize>()?)),
        None => (format, None),
    };
    Ok(match (name, digits) {
        ("time", None) => units::seconds_signed(x),
        ("mib", None) => {
            ensure!(
                x >= 0.0,
                "{x} bytes: a size below zero (use kib for a difference)"
            );
            units::mebibytes(x.round() as u64)
        }
        ("kib", None) => units::kibibytes(x),
        ("min", None) => {
            ensure!(kind == Kind::Time, "min writes a time, not a {kind:?}");
            format!("{:.1} min", x / 60.0)
        }
        ("x", None) => units::times(x),
        ("x", Some(d)) => format!("{x:.d$}×"),
        ("%", None) => units::percent(x),
        ("%", Some(d)) => format!("{:.d$}%", x * 100.0),
        ("n", d) => count(x, d.unwrap_or(0)),
        _ => bail!(
            "no format {format:?} (there are {})",
            FORMATS.iter().map(|f| f.0).collect::<Vec<_>>().join(", ")
        ),
    })
}

/// A number with `decimals` decimals, its whole part's thousands separated: `12,345.6`.
fn count(x: f64, decimals: usize) -> String {
    let text = format!("{:.decimals$}", x.abs());
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w.to_string(), format!(".{f}")),
        None => (text, String::new()),
    };
    let mut out = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    let sign = if x < 0.0
        && (out.chars().any(|c| c != '0' && c != ',')
            || !fraction.trim_matches(['.', '0']).is_empty())
    {
        "−"
    } else {
        ""
    };
    format!("{sign}{out}{fraction}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_as_the_tables_write_them() {
        let time = Value::Num(0.0848, Kind::Time);
        assert_eq!(format(&time, None).unwrap(), "84.8 ms");
        assert_eq!(
            format(&Value::Num(-0.0021, Kind::Time), None).unwrap(),
            "−2.1 ms"
        );
        let bytes = Value::Num(259.0 * 1048576.0, Kind::Bytes);
        assert_eq!(format(&bytes, None).unwrap(), "259.0 MiB");
        assert_eq!(
            format(&Value::Num(2109.0, Kind::Bytes), Some("kib")).unwrap(),
            "2.06 KiB"
        );
        let ratio = Value::Num(3.391, Kind::Number);
        assert_eq!(format(&ratio, Some("x")).unwrap(), "3.39×");
        assert_eq!(format(&ratio, Some("x1")).unwrap(), "3.4×");
        assert_eq!(
            format(&Value::Num(0.843, Kind::Share), None).unwrap(),
            "84%"
        );
        assert_eq!(
            format(&Value::Num(0.843, Kind::Share), Some("%1")).unwrap(),
            "84.3%"
        );
        assert_eq!(
            format(&Value::Num(1_000_000.0, Kind::Number), Some("n")).unwrap(),
            "1,000,000"
        );
        assert_eq!(
            format(&Value::Num(1234.56, Kind::Number), Some("n1")).unwrap(),
            "1,234.6"
        );
        assert_eq!(
            format(&Value::Num(-1234.0, Kind::Number), Some("n")).unwrap(),
            "−1,234"
        );
        assert_eq!(
            format(&Value::Text("a24d126".into()), None).unwrap(),
            "a24d126"
        );
    }

    #[test]
    fn a_format_that_does_not_fit_is_an_error() {
        assert!(format(&Value::Num(1.0, Kind::Time), Some("furlongs")).is_err());
        assert!(format(&Value::Text("x".into()), Some("time")).is_err());
        assert!(format(&Value::Num(f64::NAN, Kind::Time), None).is_err());
        assert!(format(&Value::Num(-5.0, Kind::Bytes), Some("mib")).is_err());
    }
}
