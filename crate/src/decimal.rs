//! Numbers as people wrote them: every f32 the page, a link, a model file or network2.py JSON
//! shows is the shortest decimal that reads back as the same f32, so η 0.1 stays "0.1" and never
//! becomes 0.10000000149011612 (the nearest f64 to the f32 nearest 0.1).
//!
//! One owner for that rule: [`Config`](crate::nn::Config) serializes η and λ through [`to_f64`],
//! so every path that hands a recipe to JavaScript or JSON (the link, the form, a model file read
//! back, the comparison titles) carries the same number. It does not parse user input.

use std::fmt::Write as _;

use serde::Serializer;

/// The shortest decimal that reads back as `value` (never exponent notation: always a JSON and
/// a URL number for finite values). Rust's `Display` for f32 is exactly that.
pub fn shortest(value: f32) -> String {
    let mut out = String::new();
    write_shortest(&mut out, value);
    out
}

/// Appends [`shortest`] of `value` to `out`.
pub fn write_shortest(out: &mut String, value: f32) {
    // Writing to a String cannot fail.
    let _ = write!(out, "{value}");
}

/// The f64 nearest the shortest decimal of `value`: what JavaScript should hold for an f32 so
/// that `String(x)` prints that decimal (0.1f32 becomes 0.1, not 0.10000000149011612). It still
/// converts back to the same f32.
pub fn to_f64(value: f32) -> f64 {
    shortest(value).parse().unwrap_or(f64::from(value))
}

/// `value` as JavaScript's `String(x)` writes it (ECMAScript's Number::toString): the shortest
/// decimal that reads back as the same f64, in exponent notation below 1e-6 and from 1e21
/// (`1e-7`, `1.5e+21`); `NaN`, `Infinity`. How links were always written, kept for published
/// links.
pub fn js_string(value: f64) -> String {
    if !value.is_finite() {
        return if value.is_nan() {
            "NaN"
        } else if value > 0.0 {
            "Infinity"
        } else {
            "-Infinity"
        }
        .into();
    }
    if value == 0.0 {
        return "0".into(); // -0 too
    }
    // Rust's `Display` writes the same shortest digits, as a plain decimal: `0.00000015`.
    let plain = format!("{}", value.abs());
    let (int, frac) = plain.split_once('.').unwrap_or((&plain, ""));
    let all = format!("{int}{frac}");
    let digits = all.trim_start_matches('0').trim_end_matches('0');
    let leading = (all.len() - all.trim_start_matches('0').len()) as i32;
    let k = digits.len() as i32;
    let n = int.len() as i32 - leading; // value = 0.digits × 10^n
    let body = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        format!("{}.{}", &digits[..n as usize], &digits[n as usize..])
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let rest = if k > 1 {
            format!(".{}", &digits[1..])
        } else {
            String::new()
        };
        let sign = if n > 0 { "+" } else { "-" };
        format!("{}{rest}e{sign}{}", &digits[..1], (n - 1).abs())
    };
    if value < 0.0 {
        format!("-{body}")
    } else {
        body
    }
}

/// `#[serde(serialize_with = "crate::decimal::serialize")]` for an f32 field shown to people.
///
/// # Errors
/// The serializer's own.
pub fn serialize<S: Serializer>(value: &f32, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(to_f64(*value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_people_write_is_what_they_read_back() {
        for (value, text) in [
            (0.1f32, "0.1"),
            (0.3, "0.3"),
            (2.7, "2.7"),
            (5.0, "5"),
            (0.0, "0"),
            (100.0, "100"),
            (0.001, "0.001"),
            (1e-7, "0.0000001"),
        ] {
            assert_eq!(shortest(value), text);
            assert_eq!(to_f64(value).to_string(), text);
            // Converting back to f32 loses nothing.
            let back = to_f64(value) as f32;
            assert_eq!(back.to_bits(), value.to_bits());
        }
        // The bug this module fixes: the plain widening keeps the f32's binary value.
        assert_eq!(f64::from(0.1f32).to_string(), "0.10000000149011612");
    }

    #[test]
    fn every_f32_round_trips_through_its_decimal() {
        // 20,000 finite positive f32s spread over every exponent (and their negatives).
        for k in 0..20_000u32 {
            let value = f32::from_bits(1 + k * (0x7f80_0000 / 20_000));
            for value in [value, -value] {
                assert_eq!(shortest(value).parse::<f32>(), Ok(value));
                let back = to_f64(value) as f32;
                assert_eq!(back, value);
            }
        }
    }

    #[test]
    fn numbers_are_written_as_javascript_writes_them() {
        for (value, text) in [
            (0.1, "0.1"),
            (30.0, "30"),
            (-0.5, "-0.5"),
            (0.0, "0"),
            (-0.0, "0"),
            (123.456, "123.456"),
            (0.000001, "0.000001"),
            (1e-7, "1e-7"),
            (-1.5e-7, "-1.5e-7"),
            (1e21, "1e+21"),
            (1.5e21, "1.5e+21"),
            (1e20, "100000000000000000000"),
            (4294967295.0, "4294967295"),
            (0.30000000000000004, "0.30000000000000004"),
            (f64::NAN, "NaN"),
            (f64::NEG_INFINITY, "-Infinity"),
        ] {
            assert_eq!(js_string(value), text);
        }
    }

    #[test]
    fn json_shows_the_short_decimal() {
        #[derive(serde::Serialize)]
        struct Shown {
            #[serde(serialize_with = "serialize")]
            eta: f32,
        }
        let json = serde_json::to_string(&Shown { eta: 0.3 }).expect("serializes");
        assert_eq!(json, r#"{"eta":0.3}"#);
    }
}
