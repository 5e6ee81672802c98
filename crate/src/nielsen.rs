//! Networks as the JSON that Nielsen's network2.py `save()` writes and `load()` reads, so a reader
//! of the book can load a Weightscope network in Python (and bring theirs here).
//!
//! Layout: `{"sizes": [784, 30, 10], "weights": [...], "biases": [...], "cost": "CrossEntropyCost"}`
//! (and `"dataset": "fashion-mnist"` for a network not of MNIST: network2.py's `load()` reads the
//! four keys it knows and ignores it), where `weights[l]` is a list of `sizes[l+1]` rows of `sizes[l]` numbers (numpy's `tolist()` of
//! the (y, x) matrix) and `biases[l]` a list of `sizes[l+1]` one-element lists (a column vector).
//! Pure: it writes text and checks an already-parsed [`NielsenJson`]; parsing the JSON text is the
//! caller's (serde_json natively, `JSON.parse` in the browser). It does not fetch or draw.

use serde::{Deserialize, Serialize};

use crate::decimal;
use crate::model::{check_sizes, network_from_parts, ModelError};
use crate::nn::config::{MNIST_INPUTS, MNIST_OUTPUTS};
use crate::nn::{Cost, Network};
use crate::schema::DatasetKey;

/// network2.py's name for a cost class (`cost.__name__`).
pub fn cost_name(cost: Cost) -> &'static str {
    match cost {
        Cost::Quadratic => "QuadraticCost",
        Cost::CrossEntropy => "CrossEntropyCost",
    }
}

/// The parsed shape of a network2.py file, before any check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NielsenJson {
    /// Neurons per layer, input first.
    pub sizes: Vec<usize>,
    /// `weights[l][j][k]`: weight from neuron k of layer l to neuron j of layer l + 1.
    pub weights: Vec<Vec<Vec<f32>>>,
    /// `biases[l][j] == [b]`: bias of neuron j of layer l + 1, as a one-element list.
    pub biases: Vec<Vec<Vec<f32>>>,
    /// `"CrossEntropyCost"` or `"QuadraticCost"`.
    pub cost: String,
    /// What it learned from: absent for MNIST (network2.py's own files), `"fashion-mnist"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dataset: Option<DatasetKey>,
}

/// Writes `network`, trained on `dataset`, as network2.py `save()` would (one line, shortest
/// round-trip decimals), naming the dataset unless it is MNIST.
pub fn to_json(network: &Network, dataset: DatasetKey) -> String {
    let mut out = String::from("{\"sizes\": [");
    let sizes: Vec<String> = network.sizes.iter().map(ToString::to_string).collect();
    out.push_str(&sizes.join(", "));
    out.push_str("], \"weights\": [");
    for (l, w) in network.weights.iter().enumerate() {
        if l > 0 {
            out.push_str(", ");
        }
        out.push('[');
        // (sizes[l+1], sizes[l]): one list per row, row j feeds neuron j of layer l + 1.
        for (j, row) in w.rows().into_iter().enumerate() {
            if j > 0 {
                out.push_str(", ");
            }
            out.push('[');
            for (k, value) in row.iter().enumerate() {
                if k > 0 {
                    out.push_str(", ");
                }
                number(&mut out, *value);
            }
            out.push(']');
        }
        out.push(']');
    }
    out.push_str("], \"biases\": [");
    for (l, b) in network.biases.iter().enumerate() {
        if l > 0 {
            out.push_str(", ");
        }
        out.push('[');
        for (j, value) in b.iter().enumerate() {
            if j > 0 {
                out.push_str(", ");
            }
            out.push('[');
            number(&mut out, *value);
            out.push(']');
        }
        out.push(']');
    }
    out.push(']');
    if dataset != DatasetKey::Mnist {
        out.push_str(", \"dataset\": \"");
        out.push_str(dataset.as_str());
        out.push('"');
    }
    out.push_str(", \"cost\": \"");
    out.push_str(cost_name(network.cost));
    out.push_str("\"}");
    out
}

/// The shortest decimal that reads back as the same f32 ([`decimal::write_shortest`]).
/// Non-finite values cannot be written in JSON: they become 0 (a trained network holds none;
/// the page refuses to import them).
fn number(out: &mut String, value: f32) {
    decimal::write_shortest(out, if value.is_finite() { value } else { 0.0 });
}

/// Checks a parsed network2.py file and builds the network.
///
/// # Errors
/// A [`ModelError`] when the cost is unknown, the sizes are not an MNIST network Weightscope can
/// hold, a matrix or vector does not match the sizes, or a value is not finite.
pub fn from_json(file: NielsenJson) -> Result<Network, ModelError> {
    let cost = match file.cost.as_str() {
        "CrossEntropyCost" => Cost::CrossEntropy,
        "QuadraticCost" => Cost::Quadratic,
        other => {
            return Err(ModelError::Invalid(format!(
                "unknown cost \u{201c}{other}\u{201d} (expected CrossEntropyCost or QuadraticCost)"
            )))
        }
    };
    let sizes = file.sizes;
    check_sizes(&sizes)?;
    if sizes.first() != Some(&MNIST_INPUTS) || sizes.last() != Some(&MNIST_OUTPUTS) {
        return Err(ModelError::Invalid(format!(
            "sizes {sizes:?}: Weightscope shows MNIST networks, with {MNIST_INPUTS} inputs and {MNIST_OUTPUTS} outputs"
        )));
    }
    let layers = sizes.len() - 1;
    if file.weights.len() != layers || file.biases.len() != layers {
        return Err(ModelError::Invalid(format!(
            "{} weight matrices and {} bias vectors for {layers} layers",
            file.weights.len(),
            file.biases.len()
        )));
    }
    // network2.py nests its arrays: says which one is misshapen, then flattens them for
    // `network_from_parts`, the one check of arrays against sizes (and of finite values).
    for (l, (w, b)) in file.weights.iter().zip(&file.biases).enumerate() {
        let (x, y) = (sizes[l], sizes[l + 1]);
        if w.len() != y || w.iter().any(|row| row.len() != x) {
            return Err(ModelError::Invalid(format!(
                "weights[{l}] is not {y} rows of {x} numbers"
            )));
        }
        if b.len() != y || b.iter().any(|column| column.len() != 1) {
            return Err(ModelError::Invalid(format!(
                "biases[{l}] is not {y} one-element lists"
            )));
        }
    }
    // weights[l] row-major (y, x): row j feeds neuron j of layer l + 1.
    let flat = |arrays: Vec<Vec<Vec<f32>>>| -> Vec<Vec<f32>> {
        arrays
            .into_iter()
            .map(|a| a.into_iter().flatten().collect())
            .collect()
    };
    network_from_parts(&sizes, flat(file.weights), flat(file.biases), cost)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Init, Rng};

    fn network(cost: Cost) -> Network {
        Network::new(&[784, 3, 10], Init::Default, cost, &mut Rng::new(4))
    }

    fn parse(text: &str) -> NielsenJson {
        serde_json::from_str(text).expect("valid JSON of the right shape")
    }

    #[test]
    fn a_network_round_trips_bit_for_bit() {
        for cost in [Cost::CrossEntropy, Cost::Quadratic] {
            let net = network(cost);
            let back = from_json(parse(&to_json(&net, DatasetKey::Mnist))).expect("valid");
            assert_eq!(back, net);
        }
    }

    #[test]
    fn a_network_of_another_dataset_says_which_and_mnist_writes_no_key() {
        let net = network(Cost::CrossEntropy);
        let fashion = to_json(&net, DatasetKey::FashionMnist);
        let file = parse(&fashion);
        assert_eq!(file.dataset, Some(DatasetKey::FashionMnist));
        assert_eq!(from_json(file).expect("valid"), net);
        let value: serde_json::Value = serde_json::from_str(&fashion).expect("JSON");
        assert_eq!(value["dataset"], "fashion-mnist");
        assert_eq!(value["cost"], "CrossEntropyCost");
        let mnist = to_json(&net, DatasetKey::Mnist);
        assert!(!mnist.contains("dataset"), "network2.py's own layout");
        assert_eq!(parse(&mnist).dataset, None);
        let unknown = mnist.replace("\"cost\"", "\"dataset\": \"cifar\", \"cost\"");
        assert!(serde_json::from_str::<NielsenJson>(&unknown).is_err());
    }

    #[test]
    fn numbers_are_written_as_people_wrote_them() {
        let mut net = network(Cost::CrossEntropy);
        net.weights[0][[0, 0]] = 0.1;
        net.weights[0][[0, 1]] = 0.3;
        net.biases[0][0] = 2.7;
        let json = to_json(&net, DatasetKey::Mnist);
        assert!(json.contains("[[[0.1, 0.3, "), "{}", &json[..60]);
        assert!(json.contains("\"biases\": [[[2.7]"), "{json}");
    }

    #[test]
    fn awkward_floats_round_trip() {
        let mut net = network(Cost::CrossEntropy);
        let awkward = [
            f32::MIN_POSITIVE,
            -f32::MAX,
            1e-45,
            0.1,
            -0.0,
            16_777_217.0,
            3.402_823_5e38,
        ];
        for (i, &v) in awkward.iter().enumerate() {
            net.weights[0][[0, i]] = v;
        }
        let mut rng = Rng::new(77);
        for k in 0..784 {
            net.weights[0][[1, k]] = f32::from_bits(rng.uniform().to_bits() ^ (k as u32));
        }
        let back = from_json(parse(&to_json(&net, DatasetKey::Mnist))).expect("valid");
        for (a, b) in back.weights[0].iter().zip(net.weights[0].iter()) {
            assert_eq!(a.to_bits() & 0x7fff_ffff, b.to_bits() & 0x7fff_ffff);
        }
    }

    #[test]
    fn the_layout_is_network2_py_save() {
        let net = network(Cost::CrossEntropy);
        let value: serde_json::Value =
            serde_json::from_str(&to_json(&net, DatasetKey::Mnist)).expect("JSON");
        assert_eq!(value["sizes"], serde_json::json!([784, 3, 10]));
        assert_eq!(value["cost"], "CrossEntropyCost");
        // weights[0]: 3 rows of 784; biases[0]: 3 one-element lists.
        assert_eq!(value["weights"][0].as_array().map(Vec::len), Some(3));
        assert_eq!(value["weights"][0][2].as_array().map(Vec::len), Some(784));
        assert_eq!(value["biases"][1].as_array().map(Vec::len), Some(10));
        assert_eq!(value["biases"][1][9].as_array().map(Vec::len), Some(1));
        let w = value["weights"][1][4][2].as_f64().expect("number") as f32;
        assert_eq!(w, net.weights[1][[4, 2]]);
    }

    #[test]
    fn a_file_written_by_python_is_read() {
        // What json.dump writes for a network2.Network([784, 1, 10]) (spacing and exponents).
        let row: Vec<String> = (0..784).map(|k| format!("{}e-3", k % 7)).collect();
        let text = format!(
            r#"{{"sizes": [784, 1, 10], "weights": [[[{}]], [{}]], "biases": [[[-0.5]], [{}]], "cost": "QuadraticCost"}}"#,
            row.join(", "),
            ["[1.5E+00]"; 10].join(", "),
            ["[0]"; 10].join(", ")
        );
        let net = from_json(parse(&text)).expect("valid");
        assert_eq!(net.cost, Cost::Quadratic);
        assert_eq!(net.weights[0][[0, 3]], 3e-3);
        assert_eq!(net.weights[1][[9, 0]], 1.5);
        assert_eq!(net.biases[0][0], -0.5);
    }

    #[test]
    fn wrong_files_are_refused_with_a_reason() {
        let good = parse(&to_json(&network(Cost::CrossEntropy), DatasetKey::Mnist));
        let mut cost = good.clone();
        cost.cost = "LogLikelihoodCost".into();
        assert!(from_json(cost)
            .unwrap_err()
            .to_string()
            .contains("LogLikelihoodCost"));
        let mut sizes = good.clone();
        sizes.sizes = vec![2, 3, 10];
        assert!(from_json(sizes).unwrap_err().to_string().contains("784"));
        let mut absurd = good.clone();
        absurd.sizes = vec![784, 100_000_000, 10];
        assert!(matches!(from_json(absurd), Err(ModelError::Invalid(_))));
        let mut short_row = good.clone();
        short_row.weights[0][1].pop();
        assert!(from_json(short_row)
            .unwrap_err()
            .to_string()
            .contains("weights[0]"));
        let mut flat_bias = good.clone();
        flat_bias.biases[1][0] = vec![1.0, 2.0];
        assert!(from_json(flat_bias)
            .unwrap_err()
            .to_string()
            .contains("biases[1]"));
        let mut missing = good.clone();
        missing.biases.pop();
        assert!(matches!(from_json(missing), Err(ModelError::Invalid(_))));
        let mut nan = good;
        nan.weights[1][0][0] = f32::NAN;
        assert_eq!(from_json(nan), Err(ModelError::NotFinite));
    }
}
