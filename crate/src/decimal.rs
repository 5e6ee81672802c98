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
