//! One value of a shared link read in Rust: the text after `key=` becomes its value when it is
//! one the key's kind allows (a number in its range, one of its choices, sizes like 784-30-10, a
//! note of plain text, a challenge, …), and every kind says in words what it wants, for the
//! notice a bad value gets. The table of keys ([`crate::hash::keys`], from the schema's
//! parameters, these page keys and the instrument keys) gives each key its kind and range.
//!
//! The keys a link carries beside a run's parameters and the instruments' (which view it opens,
//! the network it checks or carries, the sharer's note, …) are listed here too ([`page_keys`]),
//! with the views and embedded figures they may name.
//!
//! Not here: splitting the link into keys, defaults and writing links back ([`crate::hash`]),
//! nor what a value means to a run ([`crate::nn::Config`] judges a whole recipe).

use serde::Serialize;

use crate::digest::HEX_DIGITS;
use crate::goal::{Goal, MAX_GOAL};
use crate::schema::{goal_example, is_model_url, is_site_path, Dataset, MAX_NOTE, THEMES};

/// The panels a link's `view` may open, besides the chapters ([`crate::chapters::IDS`]).
pub const PANELS: [&str; 12] = [
    "hidden",
    "output",
    "explorer",
    "pad",
    "testset",
    "timeline",
    "sweep",
    "compare",
    "ablation",
    "compose",
    "matching",
    "detectors",
];

/// The figures a link's `embed` may show alone (the page lays each out: `www/panels/embed.js`).
pub const EMBEDS: [&str; 12] = [
    "hidden",
    "output",
    "explorer",
    "pad",
    "curves",
    "timeline",
    "sweep",
    "compare",
    "ablation",
    "compose",
    "matching",
    "detectors",
];

/// What a page key's value may be, as the page's table writes a key's `range`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Range {
    /// One of these (an `enum`).
    Choices(Vec<&'static str>),
    /// A whole number from the first to the second (an `int`).
    Between(f64, f64),
    /// At most (`text`, `goal`) or exactly (`hex`) this many characters.
    Length(usize),
}

/// A key of a link that is the page's own, not a run's setting: absent unless given.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PageKey {
    /// Its name in the link.
    pub name: &'static str,
    /// What a notice calls it.
    pub label: &'static str,
    /// Its kind, as the page's table writes it ([`Kind`]'s names: `enum`, `hex`, …).
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// What its value may be, where its kind has limits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<Range>,
}

/// The page's own keys, in link order, for a page showing `data`.
pub fn page_keys(data: &Dataset) -> Vec<PageKey> {
    let key = |name, label, kind, range| PageKey {
        name,
        label,
        kind,
        range,
    };
    let views = PANELS.into_iter().chain(crate::chapters::IDS).collect();
    let last_class = (data.classes() - 1) as f64;
    vec![
        key("view", "view", "enum", Some(Range::Choices(views))),
        key(
            "digit",
            "digit",
            "int",
            Some(Range::Between(0.0, last_class)),
        ),
        key(
            "digest",
            "weights digest",
            "hex",
            Some(Range::Length(HEX_DIGITS)),
        ),
        key("autotrain", "autotrain", "bool", None),
        key("model", "model file", "path", None),
        key(
            "embed",
            "embedded figure",
            "enum",
            Some(Range::Choices(EMBEDS.to_vec())),
        ),
        key("note", "note", "text", Some(Range::Length(MAX_NOTE))),
        key("goal", "goal", "goal", Some(Range::Length(MAX_GOAL))),
        key(
            "theme",
            "embed theme",
            "enum",
            Some(Range::Choices(THEMES.to_vec())),
        ),
        // An embed's network, weights and all (checked against `digest` when read).
        key("net", "embedded network", "base64url", None),
    ]
}

/// An instrument key's limits: values in `[min, max]`, `count[0]` to `count[1]` of them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bounds {
    /// Least value.
    pub min: f64,
    /// Most value.
    pub max: f64,
    /// Fewest and most items (for `picks`, the neurons are below `count[1]`).
    pub count: (usize, usize),
}

/// What `sizes` may be: the dataset's inputs and classes at the ends, `hidden` layers between
/// of `neurons` each.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SizesRange {
    /// The first layer.
    pub inputs: usize,
    /// The last layer.
    pub outputs: usize,
    /// Fewest and most hidden layers.
    pub hidden: (usize, usize),
    /// Fewest and most neurons in a hidden layer.
    pub neurons: (usize, usize),
}

/// A key's kind with its range, as the page's table writes it (`{type, range}`).
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// A whole number in `[min, max]`.
    Int {
        /// `[min, max]`.
        range: (f64, f64),
    },
    /// A decimal number in `[min, max]` (above `min` when `exclusive_min`).
    Number {
        /// `[min, max]`.
        range: (f64, f64),
        /// `min` itself is refused.
        exclusive_min: bool,
    },
    /// One of the choices.
    Enum {
        /// The choices.
        range: Vec<String>,
    },
    /// `1`, `true`, `0` or `false`.
    Bool,
    /// A relative path on this site ([`is_site_path`]), or a model file's https: URL on another
    /// site, such as the blog's ([`is_model_url`]).
    Path,
    /// Plain text of at most `range` characters: no control characters but line breaks.
    Text {
        /// Most characters.
        range: usize,
    },
    /// A challenge ([`Goal`]) of at most `range` characters.
    Goal {
        /// Most characters.
        range: usize,
    },
    /// Base64url text (an embed's network).
    Base64url,
    /// Different whole numbers, `3-17`.
    List {
        /// Their limits.
        range: Bounds,
    },
    /// Neurons with a weight each, `3*1_17*-0.5`.
    Picks {
        /// Their limits.
        range: Bounds,
    },
    /// Lowercase hex digits, exactly `range` of them.
    Hex {
        /// How many.
        range: usize,
    },
    /// Layer sizes, `784-30-10`.
    Sizes {
        /// Their limits.
        range: SizesRange,
    },
}

/// A value read from a link, as the page's state holds it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// An int or a number.
    Number(f64),
    /// A flag.
    Bool(bool),
    /// A choice, path, text, goal, base64url or hex.
    Text(String),
    /// Whole numbers: a list, or sizes.
    Wholes(Vec<u64>),
    /// `[neuron, weight]` pairs.
    Picks(Vec<(u64, f64)>),
}

/// Whole digits only, at least one.
fn digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// A whole number as written in a link: digits only.
fn whole(text: &str) -> Option<u64> {
    if digits(text) {
        text.parse().ok()
    } else {
        None
    }
}

/// A decimal as a link may write it: `[+-]` then `12`, `12.`, `12.5` or `.5`, then `e±N`.
fn decimal(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mantissa_ok = (digits(int) || int.is_empty())
        && (frac.is_empty() || digits(frac))
        && !(int.is_empty() && frac.is_empty());
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    if !mantissa_ok || !exponent_ok {
        return None;
    }
    text.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// `text` as a value of `kind`, or None when it is not one.
pub fn read(kind: &Kind, text: &str) -> Option<Value> {
    let in_range = |x: f64, (min, max): (f64, f64)| x >= min && x <= max;
    match kind {
        Kind::Int { range } => whole(text)
            .filter(|&n| in_range(n as f64, *range))
            .map(|n| Value::Number(n as f64)),
        Kind::Number {
            range,
            exclusive_min,
        } => decimal(text)
            .filter(|&x| {
                let above = if *exclusive_min {
                    x > range.0
                } else {
                    x >= range.0
                };
                above && x <= range.1
            })
            .map(|x| Value::Number(x + 0.0)), // + 0: -0 becomes 0, as it is written back
        Kind::Enum { range } => range
            .iter()
            .any(|c| c == text)
            .then(|| Value::Text(text.into())),
        Kind::Bool => match text {
            "1" | "true" => Some(Value::Bool(true)),
            "0" | "false" => Some(Value::Bool(false)),
            _ => None,
        },
        Kind::Path => (is_site_path(text) || is_model_url(text)).then(|| Value::Text(text.into())),
        Kind::Text { range } => {
            let control = |c: char| (c < ' ' && c != '\n') || c == '\u{7f}';
            let ok =
                !text.is_empty() && text.chars().count() <= *range && !text.chars().any(control);
            ok.then(|| Value::Text(text.into()))
        }
        Kind::Goal { range } => (text.chars().count() <= *range)
            .then(|| Goal::parse(text).ok())
            .flatten()
            .map(|goal| Value::Text(goal.to_string())),
        Kind::Base64url => (!text.is_empty()
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
        .then(|| Value::Text(text.into())),
        Kind::List { range } => {
            let values: Option<Vec<u64>> = text.split('-').map(whole).collect();
            let values = values?;
            let mut seen = values.clone();
            seen.sort_unstable();
            seen.dedup();
            let ok = (range.count.0..=range.count.1).contains(&values.len())
                && values
                    .iter()
                    .all(|&v| in_range(v as f64, (range.min, range.max)))
                && seen.len() == values.len();
            ok.then_some(Value::Wholes(values))
        }
        Kind::Picks { range } => {
            let items: Vec<&str> = text.split('_').collect();
            if !(range.count.0..=range.count.1).contains(&items.len()) {
                return None;
            }
            let mut picks: Vec<(u64, f64)> = Vec::new();
            for item in items {
                let (neuron, weight) = item.split_once('*')?;
                let neuron = whole(neuron)?;
                let unsigned = weight.strip_prefix(['+', '-']).unwrap_or(weight);
                let weight = if unsigned.contains(['e', 'E']) {
                    None
                } else {
                    decimal(weight)
                }?;
                let fresh = picks.iter().all(|p| p.0 != neuron);
                if neuron as usize >= range.count.1
                    || !in_range(weight, (range.min, range.max))
                    || !fresh
                {
                    return None;
                }
                picks.push((neuron, weight + 0.0));
            }
            Some(Value::Picks(picks))
        }
        Kind::Hex { range } => (text.len() == *range
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
        .then(|| Value::Text(text.into())),
        Kind::Sizes { range } => {
            let sizes: Option<Vec<u64>> = text.split('-').map(whole).collect();
            let sizes = sizes?;
            let inner = &sizes[1..sizes.len().saturating_sub(1).max(1)];
            let ok = sizes.len() >= 2
                && sizes[0] == range.inputs as u64
                && sizes[sizes.len() - 1] == range.outputs as u64
                && (range.hidden.0..=range.hidden.1).contains(&inner.len())
                && inner
                    .iter()
                    .all(|&n| (range.neurons.0 as u64..=range.neurons.1 as u64).contains(&n));
            ok.then_some(Value::Wholes(sizes))
        }
    }
}

/// What a key of `kind` wants, in words, for the notice a bad value gets ("a number from 1 to
/// 1000").
pub fn describe(kind: &Kind) -> String {
    match kind {
        Kind::Int { range } | Kind::Number { range, .. } => {
            format!("a number from {} to {}", range.0, range.1)
        }
        Kind::Enum { range } => format!("one of {}", range.join(", ")),
        Kind::Sizes { range } => {
            let SizesRange {
                inputs,
                outputs,
                hidden,
                neurons,
            } = range;
            format!(
                "sizes like {inputs}-30-{outputs} ({inputs} inputs, {} to {} hidden layers of {} to {}, {outputs} outputs)",
                hidden.0, hidden.1, neurons.0, neurons.1
            )
        }
        Kind::Hex { range } => format!("{range} hex digits"),
        Kind::Base64url => "a network written by Weightscope's Embed panel".into(),
        Kind::List { range } => format!(
            "{} to {} different whole numbers from {} to {}, like 1-2",
            range.count.0, range.count.1, range.min, range.max
        ),
        Kind::Picks { range } => format!(
            "neuron*weight pairs like 3*1_17*-0.5, with weights from {} to {}",
            range.min, range.max
        ),
        Kind::Path => {
            "a relative path on this site, such as www/demos/a-network.wscp, or an https: URL of a model file".into()
        }
        Kind::Text { range } => format!("plain text of at most {range} characters"),
        Kind::Goal { .. } => format!("a goal such as {}", goal_example(&Dataset::MNIST)),
        Kind::Bool => "1 or 0".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_keys_are_named_once_and_views_name_every_chapter() {
        let keys = page_keys(&Dataset::FASHION_MNIST);
        let mut names: Vec<_> = keys.iter().map(|k| k.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), keys.len());
        let view = keys
            .iter()
            .find(|k| k.name == "view")
            .and_then(|k| k.range.clone());
        let Some(Range::Choices(views)) = view else {
            panic!("view is an enum");
        };
        assert!(crate::chapters::IDS.iter().all(|id| views.contains(id)));
        let digit = keys
            .iter()
            .find(|k| k.name == "digit")
            .and_then(|k| k.range.clone());
        assert_eq!(digit, Some(Range::Between(0.0, 9.0)));
    }

    fn int(min: f64, max: f64) -> Kind {
        Kind::Int { range: (min, max) }
    }

    #[test]
    fn numbers_read_as_a_link_writes_them_and_only_in_range() {
        assert_eq!(read(&int(1.0, 1000.0), "30"), Some(Value::Number(30.0)));
        for bad in [
            "0",
            "1001",
            "3.0",
            "+3",
            "",
            " 3",
            "9".repeat(5000).as_str(),
        ] {
            assert_eq!(read(&int(1.0, 1000.0), bad), None, "{bad}");
        }
        let eta = Kind::Number {
            range: (0.0, 100.0),
            exclusive_min: true,
        };
        for (text, x) in [
            ("0.5", 0.5),
            (".5", 0.5),
            ("5.", 5.0),
            ("+2.7", 2.7),
            ("1e1", 10.0),
        ] {
            assert_eq!(read(&eta, text), Some(Value::Number(x)), "{text}");
        }
        for bad in [
            "0", "-1", "1e3", ".", "e5", "1.2.3", "0x10", "NaN", "inf", "1e",
        ] {
            assert_eq!(read(&eta, bad), None, "{bad}");
        }
        let lambda = Kind::Number {
            range: (0.0, 1000.0),
            exclusive_min: false,
        };
        assert_eq!(read(&lambda, "-0"), Some(Value::Number(0.0)));
        assert!(matches!(read(&lambda, "-0"), Some(Value::Number(x)) if x.is_sign_positive()));
    }

    #[test]
    fn sizes_lists_and_picks_keep_to_their_limits() {
        let sizes = Kind::Sizes {
            range: SizesRange {
                inputs: 784,
                outputs: 10,
                hidden: (1, 4),
                neurons: (1, 1000),
            },
        };
        assert_eq!(
            read(&sizes, "784-16-16-10"),
            Some(Value::Wholes(vec![784, 16, 16, 10]))
        );
        for bad in [
            "784-0-10",
            "784-30-9",
            "700-30-10",
            "784-10",
            "784-1-1-1-1-1-10",
            "abc",
            "784-30.5-10",
            "784",
        ] {
            assert_eq!(read(&sizes, bad), None, "{bad}");
        }
        let bounds = Bounds {
            min: 0.0,
            max: 999.0,
            count: (1, 30),
        };
        let list = Kind::List {
            range: bounds.clone(),
        };
        assert_eq!(read(&list, "3-17"), Some(Value::Wholes(vec![3, 17])));
        assert_eq!(read(&list, "3-3"), None, "no repeats");
        assert_eq!(read(&list, "3-"), None);
        let picks = Kind::Picks {
            range: Bounds {
                min: -4.0,
                max: 4.0,
                count: (1, 30),
            },
        };
        assert_eq!(
            read(&picks, "3*1_17*-0.5"),
            Some(Value::Picks(vec![(3, 1.0), (17, -0.5)]))
        );
        for bad in ["3*5", "30*1", "3*1_3*2", "3*1e0", "3", "*1"] {
            assert_eq!(read(&picks, bad), None, "{bad}");
        }
    }

    #[test]
    fn text_choices_goals_and_hashes() {
        let note = Kind::Text { range: 5 };
        assert_eq!(read(&note, "hi\nyo"), Some(Value::Text("hi\nyo".into())));
        for bad in ["", "toolong", "a\tb", "a\u{7f}"] {
            assert_eq!(read(&note, bad), None, "{bad:?}");
        }
        assert_eq!(
            read(&note, "éé"),
            Some(Value::Text("éé".into())),
            "characters, not bytes"
        );
        let goal = Kind::Goal { range: 80 };
        assert_eq!(
            read(&goal, "epochs<=5;accuracy>=90"),
            Some(Value::Text("accuracy>=90;epochs<=5".into()))
        );
        assert_eq!(read(&goal, "speed>=3"), None);
        let choice = Kind::Enum {
            range: vec!["hidden".into(), "output".into()],
        };
        assert_eq!(read(&choice, "output"), Some(Value::Text("output".into())));
        assert_eq!(read(&choice, "__proto__"), None);
        assert_eq!(read(&Kind::Bool, "true"), Some(Value::Bool(true)));
        assert_eq!(read(&Kind::Bool, "constructor"), None);
        assert_eq!(
            read(&Kind::Hex { range: 4 }, "0a9f"),
            Some(Value::Text("0a9f".into()))
        );
        assert_eq!(read(&Kind::Hex { range: 4 }, "0A9F"), None);
        assert_eq!(
            read(&Kind::Base64url, "a-Z_9"),
            Some(Value::Text("a-Z_9".into()))
        );
        assert_eq!(read(&Kind::Base64url, "a+b"), None);
        assert_eq!(
            read(&Kind::Path, "www/demos/a.wscp"),
            Some(Value::Text("www/demos/a.wscp".into()))
        );
        assert_eq!(read(&Kind::Path, "../a.wscp"), None);
        assert_eq!(
            read(&Kind::Path, "https://blog.example/net.wscp"),
            Some(Value::Text("https://blog.example/net.wscp".into()))
        );
        assert_eq!(read(&Kind::Path, "http://blog.example/net.wscp"), None);
    }

    #[test]
    fn each_kind_says_what_it_wants() {
        assert_eq!(describe(&int(1.0, 1000.0)), "a number from 1 to 1000");
        assert_eq!(
            describe(&Kind::Text { range: 280 }),
            "plain text of at most 280 characters"
        );
        assert_eq!(
            describe(&Kind::Goal { range: 80 }),
            "a goal such as accuracy>=93.43;hidden<=10;epochs<=30"
        );
    }
}
