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
    // The page around the panels, and the keyboard's focus ring (3:1 against both grounds).
    ("page", "#f4f5f7"),
    ("focus", "#1d4ed8"),
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

/// The page chrome's colours in a dark theme (`prefers-color-scheme: dark`), for the roles
/// style.css styles text and rules with: its dark block repeats them, and a test keeps them
/// equal. The figures keep [`PALETTE`] on a white ground in both themes.
pub const DARK: &[(&str, &str)] = &[
    ("ink", "#e4e7eb"),
    ("muted", "#a7b1bc"),
    ("line", "#3e4c59"),
    ("paper", "#1f2933"),
    ("accent", "#93c5fd"),
    ("likes", "#93c5fd"),
    ("dislikes", "#fca5a5"),
    ("page", "#111827"),
    ("focus", "#93c5fd"),
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

    /// The `--role: #rrggbb` declarations of the first `:root { … }` block in `css`.
    fn root_variables(css: &str) -> Vec<(String, String)> {
        let root = css
            .split_once(":root")
            .and_then(|(_, rest)| rest.split_once('}'))
            .map(|(block, _)| block)
            .expect("a :root block");
        root.split(';')
            .filter_map(|declaration| {
                let (name, value) = declaration.trim().trim_start_matches('{').split_once(':')?;
                let role = name.trim().strip_prefix("--")?;
                Some((role.to_string(), value.trim().to_string()))
            })
            .collect()
    }

    /// style.css's `:root` variables that name a role hold the palette's colour, and those of
    /// its dark block the dark palette's.
    #[test]
    fn the_css_variables_match_the_palette() {
        let css = include_str!("../../www/style.css");
        let (_, dark_css) = css
            .split_once("@media (prefers-color-scheme: dark)")
            .expect("style.css has a dark block");
        for (palette, css, least) in [(PALETTE, css, 6), (DARK, dark_css, DARK.len())] {
            let mut checked = 0;
            for (role, value) in root_variables(css) {
                if let Some((_, hex)) = palette.iter().find(|(name, _)| *name == role) {
                    assert_eq!(&value, hex, "--{role} in style.css");
                    checked += 1;
                }
            }
            assert!(checked >= least, "only {checked} roles found in style.css");
        }
        assert!(DARK
            .iter()
            .all(|(role, hex)| named(role).is_some() && rgb(hex).is_some()));
    }

    /// WCAG's relative luminance of `#rrggbb`.
    fn luminance(hex: &str) -> f64 {
        let (r, g, b) = rgb(hex).expect("a colour");
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    /// Text on paper reads at 4.5:1, and the focus ring shows at 3:1 on paper and page, in
    /// both themes.
    #[test]
    fn the_chrome_contrasts_enough_in_both_themes() {
        for palette in [PALETTE, DARK] {
            let colour = |role: &str| palette.iter().find(|(r, _)| *r == role).expect(role).1;
            let paper = colour("paper");
            for role in ["ink", "muted", "accent", "likes", "dislikes"] {
                let ratio = contrast(colour(role), paper);
                assert!(ratio >= 4.5, "{role} on paper: {ratio:.2}");
            }
            for ground in ["paper", "page"] {
                let ratio = contrast(colour("focus"), colour(ground));
                assert!(ratio >= 3.0, "focus ring on {ground}: {ratio:.2}");
            }
        }
    }
}
