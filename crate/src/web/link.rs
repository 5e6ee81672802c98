//! The page's link read and written by Rust (wasm32 only): [`crate::hash`] over the schema's
//! table of keys, with the page's state as a plain JS object (`{sizes: [784, 30, 10], eta: 3,
//! view: 'pad', …}`). A state's values are read back by hand, each by its key's kind: a tagged
//! enum's serde deserializer cost 16 KB of gzipped wasm.

use std::cell::OnceCell;

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use super::to_js;
use crate::decimal::js_string;
use crate::hash::{Parsed, State, Table};
use crate::link::{Kind, Value};
use crate::schema::{schema, Dataset};

thread_local! {
    /// The table of keys, made once.
    static TABLE: OnceCell<Table> = const { OnceCell::new() };
}

/// Runs `f` with the table of keys.
fn with_table<T>(f: impl FnOnce(&Table) -> T) -> T {
    TABLE.with(|table| f(table.get_or_init(|| Table::new(&schema(&Dataset::MNIST)))))
}

/// `object[key]`, or `undefined`.
fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// A number of a state: a JS number, or text of one (a form's field).
fn number(value: &JsValue) -> Option<f64> {
    value
        .as_f64()
        .or_else(|| value.as_string()?.trim().parse().ok())
}

/// `value` (a state's value of a key of `kind`) as a link value, or None when it is not one.
fn value_of(kind: &Kind, value: &JsValue) -> Option<Value> {
    let items = || value.is_array().then(|| Array::from(value).to_vec());
    let wholes = || {
        let items: Option<Vec<u64>> = items()?
            .iter()
            .map(|n| number(n).map(|n| n as u64))
            .collect();
        items.map(Value::Wholes)
    };
    match kind {
        Kind::Int { .. } | Kind::Number { .. } => number(value).map(Value::Number),
        Kind::Bool => Some(Value::Bool(value.is_truthy())),
        Kind::List { .. } | Kind::Sizes { .. } => wholes(),
        Kind::Picks { .. } => {
            let picks: Option<Vec<(u64, f64)>> = items()?
                .iter()
                .map(|pick| {
                    let pair = Array::from(pick);
                    Some((number(&pair.get(0))? as u64, number(&pair.get(1))?))
                })
                .collect();
            picks.map(Value::Picks)
        }
        _ => value
            .as_string()
            .or_else(|| value.as_f64().map(js_string))
            .map(Value::Text),
    }
}

/// The keys of `state` (a JS object) that have a value.
///
/// # Errors
/// A value that is not one of its key's kind, named.
fn state_of(table: &Table, state: &JsValue) -> Result<State, JsError> {
    let mut wrong = None;
    let read = table.state(|key| {
        let value = get(state, key.name);
        if value.is_undefined() || value.is_null() {
            return None;
        }
        let read = value_of(&key.kind, &value);
        if read.is_none() {
            wrong.get_or_insert(key.label);
        }
        read
    });
    match wrong {
        None => Ok(read),
        Some(label) => Err(JsError::new(&format!(
            "the page's {label} is not a value a link can hold"
        ))),
    }
}

/// `state` as a plain JS object, its keys in the table's order.
fn state_js(table: &Table, state: &State) -> Result<JsValue, JsError> {
    let object = Object::new();
    for (key, value) in table.keys().iter().zip(state.values()) {
        if let Some(value) = value {
            Reflect::set(&object, &JsValue::from_str(key.name), &to_js(value)?)
                .map_err(|_| JsError::new("the state could not be built"))?;
        }
    }
    Ok(object.into())
}

/// Reads a location hash (`#v=1&epochs=3&…`, empty or absent) into `{state, notices, given}`
/// ([`Table::parse`]): every default plus what the hash set correctly, a sentence for each bad or
/// unknown value, and the keys the hash set.
///
/// # Errors
/// Never in practice (building plain values).
#[wasm_bindgen(js_name = parseHash)]
pub fn parse_hash(hash: Option<String>) -> Result<JsValue, JsError> {
    with_table(|table| {
        let Parsed {
            state,
            notices,
            given,
        } = table.parse(hash.as_deref().unwrap_or_default());
        let object = Object::new();
        let set = |name: &str, value: &JsValue| Reflect::set(&object, &name.into(), value);
        set("state", &state_js(table, &state)?)
            .and(set("notices", &to_js(&notices)?))
            .and(set("given", &to_js(&given)?))
            .map_err(|_| JsError::new("the link could not be read"))?;
        Ok(object.into())
    })
}

/// The hash text (without `#`) for `state` ([`Table::write`]).
///
/// # Errors
/// When a value of `state` is not one its key can hold.
#[wasm_bindgen(js_name = serializeHash)]
pub fn serialize_hash(state: &JsValue) -> Result<String, JsError> {
    with_table(|table| Ok(table.write(&state_of(table, state)?)))
}

/// The defaults of every key that has one, as a new object.
///
/// # Errors
/// Never in practice (building plain values).
#[wasm_bindgen(js_name = linkDefaults)]
pub fn link_defaults() -> Result<JsValue, JsError> {
    with_table(|table| state_js(table, &table.defaults()))
}

/// The training configuration in `state`: just the keys that shape a run.
///
/// # Errors
/// When a value of `state` is not one its key can hold.
#[wasm_bindgen(js_name = configOf)]
pub fn config_of(state: &JsValue) -> Result<JsValue, JsError> {
    with_table(|table| state_js(table, &table.config_of(&state_of(table, state)?)))
}

/// Whether configurations `a` and `b` describe the same run.
///
/// # Errors
/// When a value of either is not one its key can hold.
#[wasm_bindgen(js_name = sameConfig)]
pub fn same_config(a: &JsValue, b: &JsValue) -> Result<bool, JsError> {
    with_table(|table| Ok(table.same_config(&state_of(table, a)?, &state_of(table, b)?)))
}
