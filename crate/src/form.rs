//! The page's "Change the network" form, read in Rust: each field's text becomes its value or a
//! sentence on what to type there, and the values that read are judged by the schema's limits
//! ([`Config::problems`]), the fields that did not standing in as their defaults. So the page
//! keeps no parser and no limit of its own.
//!
//! Not here: the form's markup and wiring (`www/panels/controls.js`), nor the link, which reads
//! its own text ([`crate::hash`]).

use serde::Serialize;

use crate::nn::{Config, Cost, FieldError, Init};
use crate::schema::{Dataset, DatasetKey};

/// The form's fields, in its order: the schema's run parameters (a test checks they are the same).
pub const FIELDS: [&str; 11] = [
    "dataset",
    "sizes",
    "epochs",
    "eta",
    "miniBatch",
    "lambda",
    "cost",
    "init",
    "seed",
    "trainSize",
    "testSize",
];

/// The values of the fields that read, as the page's config has them (JSON names; numbers as
/// typed, so η "0.1" stays 0.1).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Values {
    /// The dataset's key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dataset: Option<&'static str>,
    /// Input, hidden and output layers: the form holds the hidden ones ("16,16").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sizes: Option<Vec<usize>>,
    /// Passes over the training set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub epochs: Option<usize>,
    /// η.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eta: Option<f64>,
    /// Examples per gradient step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mini_batch: Option<usize>,
    /// λ.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lambda: Option<f64>,
    /// `quadratic` or `crossEntropy`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<&'static str>,
    /// `default` or `large`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub init: Option<&'static str>,
    /// The seed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u32>,
    /// Training images used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub train_size: Option<usize>,
    /// Test images used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub test_size: Option<usize>,
}

/// What the form says: the values that read (`config`), and each problem tied to its field.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reading {
    /// The values that read.
    pub config: Values,
    /// Each field's problem: what to type, or the limit it breaks.
    pub problems: Vec<FieldError>,
}

/// A count: epochs, neurons, a mini-batch, images. usize in wasm32 is u32: Rust reads no more.
fn count(text: &str) -> Result<usize, String> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err("Enter a whole number, e.g. 10.".into());
    }
    text.parse::<u32>()
        .map(|n| n as usize)
        .map_err(|_| "Far too large: enter a smaller whole number.".into())
}

fn seed(text: &str) -> Result<u32, String> {
    let whole = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    text.parse::<u32>()
        .ok()
        .filter(|_| whole)
        .ok_or_else(|| format!("Enter a whole number from 0 to {}.", u32::MAX))
}

fn number(text: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| "Enter a number, e.g. 0.5.".into())
}

/// One of `choices` (`[text, value]`).
fn choice<T: Copy>(text: &str, choices: &[(&'static str, T)]) -> Result<(&'static str, T), String> {
    choices
        .iter()
        .find(|(name, _)| *name == text)
        .copied()
        .ok_or_else(|| "Choose one of the options.".into())
}

/// The hidden layers, "30" or "16,16", between the dataset's inputs and classes.
fn hidden(text: &str, config: &Config) -> Result<Vec<usize>, String> {
    let layers: Result<Vec<usize>, String> = text.split(',').map(|n| count(n.trim())).collect();
    let layers = layers
        .map_err(|_| "Enter neuron counts separated by commas, e.g. 30 or 16,16.".to_string())?;
    let data = config.dataset.dataset();
    Ok([&[data.inputs()], &layers[..], &[data.classes()]].concat())
}

/// Reads the form: `text(field)` is what the field holds (trimmed here).
pub fn read(text: impl Fn(&str) -> String) -> Reading {
    let mut values = Values::default();
    let mut problems = Vec::new();
    // The dataset first: it gives the others their defaults and the sizes their ends.
    let datasets: Vec<(&'static str, DatasetKey)> = Dataset::ALL
        .iter()
        .map(|d| (d.key.as_str(), d.key))
        .collect();
    let dataset = choice(text("dataset").trim(), &datasets);
    let mut config = Config::network2_for(
        dataset
            .as_ref()
            .map_or(DatasetKey::default(), |d| d.1)
            .dataset(),
    );
    for field in FIELDS {
        let text = text(field);
        let text = text.trim();
        let read = match field {
            "dataset" => dataset.clone().map(|(name, key)| {
                values.dataset = Some(name);
                config.dataset = key;
            }),
            "sizes" => hidden(text, &config).map(|sizes| {
                values.sizes = Some(sizes.clone());
                config.sizes = sizes;
            }),
            "epochs" => count(text).map(|n| {
                values.epochs = Some(n);
                config.epochs = n;
            }),
            "eta" => number(text).map(|x| {
                values.eta = Some(x);
                config.eta = x as f32;
            }),
            "miniBatch" => count(text).map(|n| {
                values.mini_batch = Some(n);
                config.mini_batch = n;
            }),
            "lambda" => number(text).map(|x| {
                values.lambda = Some(x);
                config.lambda = x as f32;
            }),
            "cost" => choice(
                text,
                &[
                    ("quadratic", Cost::Quadratic),
                    ("crossEntropy", Cost::CrossEntropy),
                ],
            )
            .map(|(name, cost)| {
                values.cost = Some(name);
                config.cost = cost;
            }),
            "init" => choice(text, &[("default", Init::Default), ("large", Init::Large)]).map(
                |(name, init)| {
                    values.init = Some(name);
                    config.init = init;
                },
            ),
            "seed" => seed(text).map(|n| {
                values.seed = Some(n);
                config.seed = n;
            }),
            "trainSize" => count(text).map(|n| {
                values.train_size = Some(n);
                config.train_size = n;
            }),
            "testSize" => count(text).map(|n| {
                values.test_size = Some(n);
                config.test_size = n;
            }),
            _ => unreachable!("FIELDS are the fields matched here"),
        };
        if let Err(message) = read {
            problems.push(FieldError { field, message });
        }
    }
    // The limits, for the fields that read (the others stood in as their defaults).
    let unread: Vec<&str> = problems.iter().map(|p| p.field).collect();
    problems.extend(
        config
            .problems()
            .into_iter()
            .filter(|p| !unread.contains(&p.field)),
    );
    Reading {
        config: values,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::schema;

    fn form(fields: &[(&str, &str)]) -> Reading {
        let defaults = [
            ("dataset", "mnist"),
            ("sizes", "30"),
            ("epochs", "30"),
            ("eta", "0.5"),
            ("miniBatch", "10"),
            ("lambda", "5"),
            ("cost", "crossEntropy"),
            ("init", "default"),
            ("seed", "1"),
            ("trainSize", "50000"),
            ("testSize", "10000"),
        ];
        read(|name| {
            let given = fields.iter().chain(&defaults).find(|(n, _)| *n == name);
            given.map_or("", |(_, text)| text).to_string()
        })
    }

    #[test]
    fn the_fields_are_the_schemas_run_parameters_in_order() {
        let names: Vec<&str> = schema(&Dataset::MNIST)
            .params
            .iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(names, FIELDS);
    }

    #[test]
    fn a_form_of_network2_reads_to_its_config_with_no_problem() {
        let reading = form(&[("eta", " 0.1 "), ("lambda", "0.3"), ("sizes", "16, 16")]);
        assert_eq!(reading.problems, vec![]);
        assert_eq!(reading.config.eta, Some(0.1), "as typed, not as f32");
        assert_eq!(reading.config.lambda, Some(0.3));
        assert_eq!(reading.config.sizes, Some(vec![784, 16, 16, 10]));
        assert_eq!(reading.config.cost, Some("crossEntropy"));
        let fashion = form(&[("dataset", "fashion-mnist")]);
        assert_eq!(
            (fashion.config.dataset, fashion.problems.len()),
            (Some("fashion-mnist"), 0)
        );
    }

    #[test]
    fn text_that_is_no_value_says_what_to_type_and_its_limits_wait() {
        let reading = form(&[
            ("epochs", "ten"),
            ("eta", "x"),
            ("seed", "-1"),
            ("sizes", "30,"),
            ("cost", ""),
        ]);
        let fields: Vec<&str> = reading.problems.iter().map(|p| p.field).collect();
        assert_eq!(fields, ["sizes", "epochs", "eta", "cost", "seed"]);
        assert_eq!(
            reading.problems[1].message,
            "Enter a whole number, e.g. 10."
        );
        assert_eq!(
            reading.problems[4].message,
            "Enter a whole number from 0 to 4294967295."
        );
        assert_eq!(reading.config.epochs, None);
        assert_eq!(
            form(&[("epochs", "99999999999")]).problems[0].message,
            "Far too large: enter a smaller whole number."
        );
    }

    #[test]
    fn values_that_read_are_judged_by_the_schemas_limits() {
        let reading = form(&[("epochs", "0"), ("miniBatch", "x")]);
        let fields: Vec<&str> = reading.problems.iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            ["miniBatch", "epochs"],
            "the parse first, then the limits of what read"
        );
        assert!(
            reading.problems[1].message.contains("1000"),
            "{}",
            reading.problems[1].message
        );
        assert_eq!(form(&[("sizes", "0")]).problems[0].field, "sizes");
    }
}
