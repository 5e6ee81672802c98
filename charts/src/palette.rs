//! The page's one colour palette: every colour a chart, a figure or an export draws with, by
//! role. The page gets it through the wasm export `palette()`; chart specs name a role
//! (`"test"`, `"likes"`) rather than a colour. `www/style.css` repeats the roles it styles text
//! with as CSS variables (it loads before the wasm); a test keeps them equal to these.
//!
//! The heat maps' colour ramp is pixel code and lives in [`crate::pixels`].

/// `(role, colour)` pairs; colours are `#rrggbb`.
pub const PALETTE: &[(&str, &str)] = &[
    // Text and rules.
    ("ink", "#1f2933"),
    ("muted", "#52606d"),
    ("line", "#d9dee4"),
    ("paper", "#ffffff"),
    ("accent", "#1d4ed8"),
    // What a neuron likes (positive) and dislikes (negative), in words and bars.
    ("likes", "#1d4ed8"),
    ("dislikes", "#b91c1c"),
    // Unsigned bars, and the one bar that is picked (the pad's answer).
    ("bar", "#475569"),
    ("chosen", "#f59e0b"),
    // The learning curves.
    ("test", "#1d4ed8"),
    ("train", "#9ca3af"),
    ("cost", "#b45309"),
    // Side by side: network (a) and network (b).
    ("a", "#1d4ed8"),
    ("b", "#b45309"),
    // The sweep: this page's median, its lowest and highest seed, and the article.
    ("median", "#1d4ed8"),
    ("seedLow", "#60a5fa"),
    ("seedHigh", "#1e3a8a"),
    ("article", "#b45309"),
];

/// Colours for series that name none, in turn.
pub const SERIES: [&str; 5] = ["#2166ac", "#d6604d", "#1b7837", "#762a83", "#e08214"];

/// The colour of `role`, if the palette has it.
pub fn named(role: &str) -> Option<&'static str> {
    PALETTE
        .iter()
        .find(|(name, _)| *name == role)
        .map(|(_, hex)| *hex)
}

/// `color` as RGB: a palette role, or `#rrggbb` / `#rgb`. `None` for anything else.
pub fn rgb(color: &str) -> Option<(u8, u8, u8)> {
    let color = color.trim();
    let hex = named(color).unwrap_or(color).strip_prefix('#')?;
    let digit = |i: usize, len: usize| u8::from_str_radix(hex.get(i..i + len)?, 16).ok();
    match hex.len() {
        6 => Some((digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)),
        3 => Some((digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17)),
        _ => None,
    }
}

/// The colour series `i` is drawn in when it names none (or one [`rgb`] cannot read).
pub fn series(i: usize) -> (u8, u8, u8) {
    rgb(SERIES[i % SERIES.len()]).unwrap_or((0, 0, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_unique_and_every_colour_reads() {
        for (i, (role, hex)) in PALETTE.iter().enumerate() {
            assert!(rgb(hex).is_some(), "{role}: {hex}");
            assert_eq!(
                PALETTE.iter().position(|(r, _)| r == role),
                Some(i),
                "{role} twice"
            );
        }
        assert!(SERIES.iter().all(|hex| rgb(hex).is_some()));
    }

    #[test]
    fn colours_read_from_roles_and_hex() {
        assert_eq!(rgb("likes"), Some((0x1d, 0x4e, 0xd8)));
        assert_eq!(rgb(" #b45309 "), Some((0xb4, 0x53, 0x09)));
        assert_eq!(rgb("#fff"), Some((255, 255, 255)));
        assert_eq!(rgb("blue"), None);
        assert_eq!(rgb("#12345"), None);
        assert_eq!(rgb("#gggggg"), None);
        assert_eq!(rgb("#é1234"), None);
        assert_eq!(series(5), series(0));
    }

    /// style.css's `:root` variables that name a role hold the palette's colour.
    #[test]
    fn the_css_variables_match_the_palette() {
        let css = include_str!("../../www/style.css");
        let root = css
            .split_once(":root")
            .and_then(|(_, rest)| rest.split_once('}'))
            .map(|(block, _)| block)
            .expect("style.css has a :root block");
        let mut checked = 0;
        for declaration in root.split(';') {
            let Some((name, value)) = declaration.trim().trim_start_matches('{').split_once(':')
            else {
                continue;
            };
            let Some(role) = name.trim().strip_prefix("--") else {
                continue;
            };
            if let Some(hex) = named(role) {
                assert_eq!(value.trim(), hex, "--{role} in style.css");
                checked += 1;
            }
        }
        assert!(checked >= 6, "only {checked} roles found in style.css");
    }
}
