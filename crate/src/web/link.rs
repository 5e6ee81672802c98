//! The link's values read by Rust for the page (wasm32 only): a row of the page's table of keys
//! (`{type, range, exclusiveMin}`, www/lib/state.js) becomes a [`Kind`], and a value crosses back
//! as a plain JS value. Read by hand rather than through serde: a tagged enum's deserializer
//! cost 16 KB of gzipped wasm.

use js_sys::{Array, JsString, Reflect};
use wasm_bindgen::prelude::*;

use crate::link::{self, Bounds, Kind, SizesRange, Value};

/// `object[key]`, or `undefined`.
fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `value` as a number, or an error naming `what`.
fn number(value: &JsValue, what: &str) -> Result<f64, JsError> {
    value
        .as_f64()
        .ok_or_else(|| JsError::new(&format!("a link key's {what} is not a number")))
}

/// `[a, b]` as numbers.
fn pair(value: &JsValue, what: &str) -> Result<(f64, f64), JsError> {
    let array = Array::from(value);
    Ok((number(&array.get(0), what)?, number(&array.get(1), what)?))
}

/// `[a, b]` as counts.
fn counts(value: &JsValue, what: &str) -> Result<(usize, usize), JsError> {
    let (a, b) = pair(value, what)?;
    Ok((a as usize, b as usize))
}

fn bounds(range: &JsValue) -> Result<Bounds, JsError> {
    Ok(Bounds {
        min: number(&get(range, "min"), "min")?,
        max: number(&get(range, "max"), "max")?,
        count: counts(&get(range, "count"), "count")?,
    })
}

/// The kind of a row of the page's table of keys.
fn kind(param: &JsValue) -> Result<Kind, JsError> {
    let range = get(param, "range");
    let size = || number(&range, "length").map(|n| n as usize);
    Ok(
        match get(param, "type").as_string().unwrap_or_default().as_str() {
            "int" => Kind::Int {
                range: pair(&range, "range")?,
            },
            "number" => Kind::Number {
                range: pair(&range, "range")?,
                exclusive_min: get(param, "exclusiveMin").is_truthy(),
            },
            "enum" => Kind::Enum {
                range: Array::from(&range)
                    .iter()
                    .filter_map(|c| c.as_string())
                    .collect(),
            },
            "bool" => Kind::Bool,
            "path" => Kind::Path,
            "text" => Kind::Text { range: size()? },
            "goal" => Kind::Goal { range: size()? },
            "base64url" => Kind::Base64url,
            "list" => Kind::List {
                range: bounds(&range)?,
            },
            "picks" => Kind::Picks {
                range: bounds(&range)?,
            },
            "hex" => Kind::Hex { range: size()? },
            "sizes" => Kind::Sizes {
                range: SizesRange {
                    inputs: number(&get(&range, "inputs"), "inputs")? as usize,
                    outputs: number(&get(&range, "outputs"), "outputs")? as usize,
                    hidden: counts(&get(&range, "hidden"), "hidden")?,
                    neurons: counts(&get(&range, "neurons"), "neurons")?,
                },
            },
            other => return Err(JsError::new(&format!("no link key is of type {other}"))),
        },
    )
}

/// `text` read as a link value of `param`'s kind ([`link::read`]), or `undefined` when it is not
/// one (a lone surrogate never is).
///
/// # Errors
/// When `param` is not a row of the table of keys.
#[wasm_bindgen(js_name = readLinkValue)]
pub fn read_link_value(param: &JsValue, text: &JsString) -> Result<JsValue, JsError> {
    let kind = kind(param)?;
    if !text.is_valid_utf16() {
        return Ok(JsValue::UNDEFINED);
    }
    let wholes = |values: Vec<u64>| {
        values
            .into_iter()
            .map(|n| JsValue::from_f64(n as f64))
            .collect::<Array>()
    };
    Ok(match link::read(&kind, &String::from(text)) {
        None => JsValue::UNDEFINED,
        Some(Value::Number(x)) => JsValue::from_f64(x),
        Some(Value::Bool(flag)) => JsValue::from_bool(flag),
        Some(Value::Text(text)) => JsValue::from_str(&text),
        Some(Value::Wholes(values)) => wholes(values).into(),
        Some(Value::Picks(picks)) => picks
            .into_iter()
            .map(|(neuron, weight)| {
                Array::of2(
                    &JsValue::from_f64(neuron as f64),
                    &JsValue::from_f64(weight),
                )
            })
            .collect::<Array>()
            .into(),
    })
}

/// What a link key of `param`'s kind wants, in words ([`link::describe`]).
///
/// # Errors
/// When `param` is not a row of the table of keys.
#[wasm_bindgen(js_name = describeLinkValue)]
pub fn describe_link_value(param: &JsValue) -> Result<String, JsError> {
    Ok(link::describe(&kind(param)?))
}
