//! The page's whole link: the URL hash (`#v=1&sizes=784-30-10&eta=3…`) split into keys as the
//! browser's URLSearchParams does (WHATWG form encoding), each value read by its key's kind
//! ([`link::read`]), defaults for the rest, a notice for every bad or unknown value, and a state
//! written back as `v=1&…` in the table's order. One table of keys ([`Table`]), all from the
//! schema: the run parameters, then the page's own keys, then the instruments'.
//!
//! Published links keep their meaning and their text: numbers are written as JavaScript's
//! `String(x)` writes them ([`crate::decimal::js_string`]), as links always were.

use crate::decimal::js_string;
use crate::link::{self, Bounds, Kind, PageKey, Range, SizesRange, Value};
use crate::schema::{self, InstrumentKey, KeyKind, Param, Schema};

/// The link format this page writes; links without `v` are read as this version.
pub const VERSION: &str = "1";

/// Longest quote of a link's value in a notice, in characters (links can be huge).
const QUOTE_CHARS: usize = 40;

/// One key a link can carry.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    /// Its name in the link.
    pub name: &'static str,
    /// What a notice calls it.
    pub label: &'static str,
    /// What its value may be.
    pub kind: Kind,
    /// Its value when the link does not set it; `None`: absent unless given.
    pub default: Option<Value>,
    /// What its absence means to a run (the schema's default, also for the dataset, which is
    /// absent unless given: links made before it existed mean MNIST).
    pub fallback: Option<Value>,
    /// True for a run's parameters: the keys that shape a run.
    pub config: bool,
    /// True when a link leaves it out while it has its default (the dataset, the data subset).
    pub omit_default: bool,
}

/// A run parameter's default as a link value.
fn link_value(value: &schema::Value) -> Value {
    match value {
        schema::Value::Int(n) => Value::Number(*n as f64),
        schema::Value::Number(x) => Value::Number(crate::decimal::to_f64(*x)),
        schema::Value::Text(text) => Value::Text((*text).to_string()),
        schema::Value::Sizes(sizes) => Value::Wholes(sizes.iter().map(|&n| n as u64).collect()),
    }
}

/// A run parameter of `s` as a key.
fn param_key(p: &Param, s: &Schema) -> Key {
    let range = (p.min.unwrap_or(0.0), p.max.unwrap_or(0.0));
    let kind = match p.kind {
        schema::Kind::Sizes => Kind::Sizes {
            range: SizesRange {
                inputs: s.dataset.side * s.dataset.side,
                outputs: s.dataset.classes(),
                hidden: (range.0 as usize, range.1 as usize),
                neurons: (1, s.max_hidden_neurons),
            },
        },
        schema::Kind::Int => Kind::Int { range },
        schema::Kind::Number => Kind::Number {
            range,
            exclusive_min: p.exclusive_min,
        },
        schema::Kind::Enum => Kind::Enum {
            range: p.choices.iter().map(|c| c.to_string()).collect(),
        },
    };
    let fallback = link_value(&p.default);
    Key {
        name: p.name,
        label: p.label,
        kind,
        // The dataset joined links after links were published: absent unless given.
        default: (p.name != "dataset").then(|| fallback.clone()),
        fallback: Some(fallback),
        config: true,
        omit_default: p.omit_default,
    }
}

/// A page key ([`link::page_keys`]) as a key.
fn page_key(k: &PageKey) -> Key {
    let length = match k.range {
        Some(Range::Length(n)) => n,
        _ => 0,
    };
    let kind = match (k.kind, &k.range) {
        ("enum", Some(Range::Choices(choices))) => Kind::Enum {
            range: choices.iter().map(|c| c.to_string()).collect(),
        },
        ("int", Some(Range::Between(min, max))) => Kind::Int {
            range: (*min, *max),
        },
        ("hex", _) => Kind::Hex { range: length },
        ("text", _) => Kind::Text { range: length },
        ("goal", _) => Kind::Goal { range: length },
        ("path", _) => Kind::Path,
        ("base64url", _) => Kind::Base64url,
        _ => Kind::Bool, // "bool": a test checks every page key reads as its own kind
    };
    absent_unless_given(k.name, k.label, kind)
}

/// An instrument's key as a key.
fn instrument_key(k: &InstrumentKey) -> Key {
    let bounds = Bounds {
        min: k.min,
        max: k.max,
        count: k.count,
    };
    let kind = match k.kind {
        KeyKind::List => Kind::List { range: bounds },
        KeyKind::Picks => Kind::Picks { range: bounds },
        KeyKind::Enum => Kind::Enum {
            range: k.choices.iter().map(|c| c.to_string()).collect(),
        },
        KeyKind::Bool => Kind::Bool,
        KeyKind::Int => Kind::Int {
            range: (k.min, k.max),
        },
    };
    absent_unless_given(k.name, k.label, kind)
}

fn absent_unless_given(name: &'static str, label: &'static str, kind: Kind) -> Key {
    Key {
        name,
        label,
        kind,
        default: None,
        fallback: None,
        config: false,
        omit_default: false,
    }
}

/// `value` as a link writes it: `784-30-10`, `1`, `3*1_17*-0.5`, `0.1`.
pub fn write_value(value: &Value) -> String {
    let join = |values: &[u64]| {
        let texts: Vec<String> = values.iter().map(u64::to_string).collect();
        texts.join("-")
    };
    match value {
        Value::Number(x) => js_string(*x),
        Value::Bool(flag) => (if *flag { "1" } else { "0" }).into(),
        Value::Text(text) => text.clone(),
        Value::Wholes(values) => join(values),
        Value::Picks(picks) => {
            let texts: Vec<String> = picks
                .iter()
                .map(|(neuron, weight)| format!("{neuron}*{}", js_string(*weight)))
                .collect();
            texts.join("_")
        }
    }
}

/// Every key a link can carry, in link order, and what a link says in those terms.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    keys: Vec<Key>,
}

/// What a link set: a value or none for each key of its [`Table`], in the table's order.
#[derive(Clone, Debug, PartialEq)]
pub struct State(Vec<Option<Value>>);

impl State {
    /// Each key's value, in the table's order.
    pub fn values(&self) -> impl Iterator<Item = Option<&Value>> {
        self.0.iter().map(Option::as_ref)
    }
}

/// A link read: every default plus what the link set well, a notice (a sentence) for each bad
/// or unknown value (its default stands), and the keys the link set.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    /// Every key's value.
    pub state: State,
    /// What the reader should know: a value that fell back, a key or version not known.
    pub notices: Vec<String>,
    /// The keys the link set, in its order.
    pub given: Vec<&'static str>,
}

/// A link's value as a notice quotes it: at most [`QUOTE_CHARS`] characters.
fn quote(text: &str) -> String {
    if text.chars().count() > QUOTE_CHARS {
        let start: String = text.chars().take(QUOTE_CHARS - 1).collect();
        format!("{start}…")
    } else {
        text.into()
    }
}

/// Whitespace as JavaScript's `trim` sees it (Unicode's, and the byte-order mark).
fn trim(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
}

impl Table {
    /// Every key of schema `s`: its run parameters (they fill the form), the page's keys (the
    /// view, the digest, an embed's figure and network, …), the instruments'.
    pub fn new(s: &Schema) -> Table {
        let params = s.params.iter().map(|p| param_key(p, s));
        let page = s.page_keys.iter().map(page_key);
        let instruments = s.instrument_keys.iter().map(instrument_key);
        Table {
            keys: params.chain(page).chain(instruments).collect(),
        }
    }

    /// The keys, in link order.
    pub fn keys(&self) -> &[Key] {
        &self.keys
    }

    /// Key `name`'s value in `state`.
    pub fn get<'a>(&self, state: &'a State, name: &str) -> Option<&'a Value> {
        let at = self.keys.iter().position(|k| k.name == name)?;
        state.0[at].as_ref()
    }

    /// A state from each key's value, by key (`None`: no value).
    pub fn state(&self, mut value: impl FnMut(&Key) -> Option<Value>) -> State {
        State(self.keys.iter().map(&mut value).collect())
    }

    /// The defaults: every key that has one.
    pub fn defaults(&self) -> State {
        self.state(|k| k.default.clone())
    }

    /// Reads a location hash (`#v=1&epochs=3&…`, or empty). Never fails.
    pub fn parse(&self, hash: &str) -> Parsed {
        let text = hash.strip_prefix('#').unwrap_or(hash);
        let text = text.strip_prefix('?').unwrap_or(text); // as URLSearchParams reads it
        let pairs: Vec<(String, String)> = form_urlencoded::parse(text.as_bytes())
            .into_owned()
            .collect();
        let mut parsed = Parsed {
            state: self.defaults(),
            notices: Vec::new(),
            given: Vec::new(),
        };
        if let Some((_, version)) = pairs.iter().find(|(name, _)| name == "v") {
            if version != VERSION {
                parsed.notices.push(format!(
                    "This link is in format version {}, this page reads version {VERSION}: check the settings before training.",
                    quote(version)
                ));
            }
        }
        for (name, text) in pairs.iter().filter(|(name, _)| name != "v") {
            let Some(at) = self.keys.iter().position(|k| k.name == name) else {
                // `scale` was an embed's before embeds were drawn at any size: quietly ignored.
                if name != "scale" {
                    parsed.notices.push(format!(
                        "The link's “{}” is not a setting Weightscope knows; it was ignored.",
                        quote(name)
                    ));
                }
                continue;
            };
            let key = &self.keys[at];
            match link::read(&key.kind, trim(text)) {
                Some(value) => {
                    parsed.state.0[at] = Some(value);
                    parsed.given.push(key.name);
                }
                None => {
                    let fallback = match &key.default {
                        None => "it was ignored".to_string(),
                        Some(value) => format!("the default {} is used", write_value(value)),
                    };
                    parsed.notices.push(format!(
                        "The link's {} “{}” is not {}; {fallback}.",
                        key.label,
                        quote(text),
                        link::describe(&key.kind)
                    ));
                }
            }
        }
        parsed
    }

    /// The hash text (without `#`) for `state`: `v=1`, then each key that has a value, in table
    /// order (an `omit_default` one only when it differs from its default). [`Table::parse`] of
    /// it gives `state` back for any state it could have read.
    pub fn write(&self, state: &State) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        out.append_pair("v", VERSION);
        for (key, value) in self.keys.iter().zip(state.values()) {
            let Some(value) = value else { continue };
            let text = write_value(value);
            let fallback = key.fallback.as_ref().or(key.default.as_ref());
            if key.omit_default && fallback.is_some_and(|f| write_value(f) == text) {
                continue;
            }
            out.append_pair(key.name, &text);
        }
        out.finish()
    }

    /// The training configuration in `state`: just the keys that shape a run.
    pub fn config_of(&self, state: &State) -> State {
        let mut values = state.values();
        self.state(|k| values.next().flatten().filter(|_| k.config).cloned())
    }

    /// Whether configurations `a` and `b` describe the same run (no value means the default).
    pub fn same_config(&self, a: &State, b: &State) -> bool {
        let run = |state: &State| {
            let values = self.keys.iter().zip(state.values());
            values
                .filter(|(k, _)| k.config)
                .map(|(k, v)| v.or(k.fallback.as_ref()).map(write_value))
                .collect::<Vec<_>>()
        };
        run(a) == run(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Dataset;

    fn mnist() -> Table {
        Table::new(&schema::schema(&Dataset::MNIST))
    }

    #[test]
    fn the_run_parameters_are_the_schemas_in_its_order_with_its_defaults_and_limits() {
        for data in Dataset::ALL {
            let s = schema::schema(data);
            let table = Table::new(&s);
            let run: Vec<&Key> = table.keys().iter().filter(|k| k.config).collect();
            assert_eq!(run.len(), s.params.len());
            for (key, p) in run.iter().zip(&s.params) {
                assert_eq!(
                    (key.name, key.label, key.omit_default),
                    (p.name, p.label, p.omit_default)
                );
                assert_eq!(key.fallback, Some(link_value(&p.default)));
                assert_eq!(
                    key.default.is_none(),
                    p.name == "dataset",
                    "absent unless given"
                );
                match &key.kind {
                    Kind::Int { range } | Kind::Number { range, .. } => {
                        assert_eq!((Some(range.0), Some(range.1)), (p.min, p.max));
                    }
                    Kind::Enum { range } => assert_eq!(range, &p.choices),
                    Kind::Sizes { range } => {
                        assert_eq!(
                            (range.inputs, range.outputs),
                            (data.side * data.side, data.classes())
                        );
                        assert_eq!(range.neurons, (1, s.max_hidden_neurons));
                    }
                    other => panic!("{} is {other:?}", p.name),
                }
            }
            let names: Vec<&str> = table.keys().iter().map(|k| k.name).collect();
            let mut once = names.clone();
            once.sort_unstable();
            once.dedup();
            assert_eq!(once.len(), names.len(), "every key once");
        }
    }

    #[test]
    fn every_page_key_reads_as_the_kind_it_names() {
        let table = mnist();
        for page in link::page_keys(&Dataset::MNIST) {
            let key = table.keys().iter().find(|k| k.name == page.name);
            let kind = key.map(|k| &k.kind);
            let named = matches!(
                (page.kind, kind),
                ("enum", Some(Kind::Enum { .. }))
                    | ("int", Some(Kind::Int { .. }))
                    | ("hex", Some(Kind::Hex { .. }))
                    | ("text", Some(Kind::Text { .. }))
                    | ("goal", Some(Kind::Goal { .. }))
                    | ("path", Some(Kind::Path))
                    | ("base64url", Some(Kind::Base64url))
                    | ("bool", Some(Kind::Bool))
            );
            assert!(
                named,
                "{} is {} but reads as {kind:?}",
                page.name, page.kind
            );
        }
    }

    #[test]
    fn an_empty_hash_gives_the_defaults_and_no_notice() {
        let table = mnist();
        for hash in ["", "#", "#v=1"] {
            let parsed = table.parse(hash);
            assert_eq!(parsed.state, table.defaults());
            assert!(parsed.notices.is_empty() && parsed.given.is_empty());
        }
        let state = table.defaults();
        let sizes = Value::Wholes(vec![784, 30, 10]);
        assert_eq!(table.get(&state, "sizes"), Some(&sizes));
        assert_eq!(table.get(&state, "dataset"), None, "absent unless given");
        assert_eq!(table.get(&state, "view"), None);
    }

    #[test]
    fn written_then_read_gives_the_state_back_with_the_version_first() {
        let table = mnist();
        let hash = "#v=1&sizes=784-100-10&eta=0.1&lambda=0.3&view=explorer&note=a+b%26c&blocks=3*1_17*-0.5&knock=1-2";
        let parsed = table.parse(hash);
        assert!(parsed.notices.is_empty(), "{:?}", parsed.notices);
        let get = |name| table.get(&parsed.state, name).cloned();
        assert_eq!(get("eta"), Some(Value::Number(0.1)));
        assert_eq!(get("note"), Some(Value::Text("a b&c".into())));
        let written = table.write(&parsed.state);
        assert!(written.starts_with("v=1&sizes=784-100-10&epochs=30&eta=0.1&"));
        assert!(written.contains("lambda=0.3"));
        assert!(written.contains("note=a+b%26c"));
        assert!(written.contains("blocks=3*1_17*-0.5"));
        assert_eq!(table.parse(&written).state, parsed.state);
    }

    #[test]
    fn a_bad_value_keeps_its_default_with_a_notice_naming_it() {
        let table = mnist();
        let parsed = table.parse("#epochs=lots&view=nowhere&colour=red&scale=2&v=2");
        assert_eq!(parsed.state, table.defaults());
        assert_eq!(parsed.notices.len(), 4, "{:?}", parsed.notices);
        assert!(parsed.notices[0].contains("format version 2"));
        assert!(parsed.notices[1].starts_with("The link's epochs “lots” is not a number from 1 to"));
        assert!(parsed.notices[1].ends_with("; the default 30 is used."));
        assert!(parsed.notices[2].ends_with("; it was ignored."));
        assert!(parsed.notices[3].contains("“colour” is not a setting"));
        let long = "x".repeat(100);
        let notice = &table.parse(&format!("#epochs={long}")).notices[0];
        assert!(notice.contains(&format!("“{}…”", "x".repeat(39))));
    }

    #[test]
    fn values_are_trimmed_and_decoded_as_a_browser_does() {
        let table = mnist();
        let parsed = table.parse("#?epochs=%2012+&note=%E2%9C%93%ZZ");
        let get = |name| table.get(&parsed.state, name).cloned();
        assert_eq!(get("epochs"), Some(Value::Number(12.0)));
        assert_eq!(get("note"), Some(Value::Text("✓%ZZ".into())));
        assert_eq!(parsed.given, ["epochs", "note"]);
    }

    #[test]
    fn the_dataset_and_the_subset_stay_out_of_a_link_while_they_are_the_defaults() {
        let table = mnist();
        let written = table.write(&table.parse("#dataset=mnist&trainSize=50000").state);
        assert!(!written.contains("dataset") && !written.contains("trainSize"));
        let written = table.write(&table.parse("#dataset=fashion-mnist&trainSize=1000").state);
        assert!(written.contains("dataset=fashion-mnist") && written.contains("trainSize=1000"));
    }

    #[test]
    fn configurations_compare_by_what_shapes_a_run() {
        let table = mnist();
        let config = table.config_of(&table.parse("#eta=0.1&view=pad&dataset=mnist").state);
        assert!(table.get(&config, "eta").is_some() && table.get(&config, "view").is_none());
        let absent = table.config_of(&table.parse("#eta=0.1").state);
        assert!(table.same_config(&config, &absent), "absent means MNIST");
        let other = table.config_of(&table.parse("#eta=0.2").state);
        assert!(!table.same_config(&config, &other));
    }
}
