//! Challenges that need no server: a goal a link can carry (`accuracy>=93.43;hidden<=10;epochs<=30`),
//! parsed into typed bounds and checked against a finished run. Pure: the page shows the verdict,
//! and anyone who opens the student's link retrains the run (its digest proves it is the same
//! network) and checks the same goal again.
//!
//! Not here: training, or trusting a claimed accuracy: a verdict is always about a run this page
//! (or the command line) finished itself.

use serde::Serialize;

/// Longest goal text a link may carry.
pub const MAX_GOAL: usize = 80;

/// What a run must reach: each bound is optional, at least one is set.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Goal {
    /// Least test accuracy, in percent (`accuracy>=93.43`).
    pub accuracy: Option<f64>,
    /// Most hidden neurons in all, summed over the hidden layers (`hidden<=10`).
    pub hidden: Option<usize>,
    /// Most epochs (`epochs<=30`).
    pub epochs: Option<usize>,
}

/// Why a goal's text was refused, as a clause ("…: `speed` is not a bound a goal can set").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoalError(pub String);

impl std::fmt::Display for GoalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for GoalError {}

/// A finished run, as a goal reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Layer sizes, input first.
    pub sizes: Vec<usize>,
    /// Epochs trained.
    pub epochs: usize,
    /// Test images read correctly, out of `test_total`.
    pub test_correct: usize,
    /// Test images tried.
    pub test_total: usize,
}

/// Whether a run meets a goal, with one sentence per bound.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    /// Every bound holds.
    pub met: bool,
    /// One sentence per bound, in the goal's order: "93.61% ≥ 93.43%: met".
    pub checks: Vec<Check>,
}

/// One bound of a goal against a run.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    /// The bound holds.
    pub met: bool,
    /// The bound and the run's value, in words.
    pub text: String,
}

impl Goal {
    /// Reads `accuracy>=X;hidden<=N;epochs<=N` (any subset, any order, each at most once).
    ///
    /// # Errors
    /// When the text is empty, too long, names an unknown bound, uses another comparison, repeats
    /// a bound, or gives a value out of range (accuracy 0 to 100; counts 1 to 100,000).
    pub fn parse(text: &str) -> Result<Goal, GoalError> {
        let fail = |why: String| Err(GoalError(why));
        if text.chars().count() > MAX_GOAL {
            return fail(format!("a goal is at most {MAX_GOAL} characters"));
        }
        let mut goal = Goal {
            accuracy: None,
            hidden: None,
            epochs: None,
        };
        for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((name, value)) = part
                .split_once(">=")
                .map(|(n, v)| (n.trim(), (">=", v.trim())))
                .or_else(|| {
                    part.split_once("<=")
                        .map(|(n, v)| (n.trim(), ("<=", v.trim())))
                })
            else {
                return fail(format!("“{part}” is not a bound such as accuracy>=93.43"));
            };
            let (op, value) = value;
            let count = |value: &str| match value.parse::<usize>() {
                Ok(n) if (1..=100_000).contains(&n) => Ok(n),
                _ => Err(GoalError(format!(
                    "{name} must be a whole number from 1 to 100,000, not “{value}”"
                ))),
            };
            let slot_taken = match (name, op) {
                ("accuracy", ">=") => {
                    let percent = match value.parse::<f64>() {
                        Ok(x)
                            if x.is_finite()
                                && (0.0..=100.0).contains(&x)
                                && !value.starts_with(['+', '-']) =>
                        {
                            x
                        }
                        _ => {
                            return fail(format!(
                                "accuracy must be a percentage from 0 to 100, not “{value}”"
                            ))
                        }
                    };
                    goal.accuracy.replace(percent).is_some()
                }
                ("hidden", "<=") => goal.hidden.replace(count(value)?).is_some(),
                ("epochs", "<=") => goal.epochs.replace(count(value)?).is_some(),
                ("accuracy" | "hidden" | "epochs", _) => {
                    return fail(format!(
                        "{name} takes {}",
                        if name == "accuracy" { ">=" } else { "<=" }
                    ));
                }
                _ => {
                    return fail(format!(
                        "“{name}” is not a bound a goal can set (accuracy, hidden, epochs)"
                    ))
                }
            };
            if slot_taken {
                return fail(format!("{name} is set twice"));
            }
        }
        if goal
            == (Goal {
                accuracy: None,
                hidden: None,
                epochs: None,
            })
        {
            return fail("a goal sets at least one bound, such as accuracy>=93.43".into());
        }
        Ok(goal)
    }

    /// Whether `run` meets every bound.
    pub fn check(&self, run: &Outcome) -> Verdict {
        let mut checks = Vec::new();
        if let Some(least) = self.accuracy {
            // Exact in whole images: accuracy ≥ X% means correct·100 ≥ X·total, with X to 2 places.
            let percent = if run.test_total == 0 {
                0.0
            } else {
                100.0 * run.test_correct as f64 / run.test_total as f64
            };
            let met = run.test_total > 0
                && (run.test_correct as f64) * 100.0 >= least * run.test_total as f64 - 1e-9;
            checks.push(Check {
                met,
                text: format!(
                    "test accuracy {percent:.2}% {} {least}%",
                    if met { "≥" } else { "<" }
                ),
            });
        }
        if let Some(most) = self.hidden {
            let hidden: usize = run.sizes[1..run.sizes.len().saturating_sub(1).max(1)]
                .iter()
                .sum();
            let met = hidden <= most;
            checks.push(Check {
                met,
                text: format!(
                    "{hidden} hidden neurons {} {most}",
                    if met { "≤" } else { ">" }
                ),
            });
        }
        if let Some(most) = self.epochs {
            let met = run.epochs <= most;
            checks.push(Check {
                met,
                text: format!(
                    "{} epochs {} {most}",
                    run.epochs,
                    if met { "≤" } else { ">" }
                ),
            });
        }
        Verdict {
            met: checks.iter().all(|c| c.met),
            checks,
        }
    }

    /// The goal in words, bound by bound in the order a link writes them: "a test accuracy of at
    /// least 93.43%, at most 10 hidden neurons, at most 30 epochs".
    pub fn words(&self) -> String {
        let at_most =
            |n: usize, noun: &str| format!("at most {n} {noun}{}", if n == 1 { "" } else { "s" });
        let mut parts = Vec::new();
        if let Some(x) = self.accuracy {
            parts.push(format!("a test accuracy of at least {x}%"));
        }
        if let Some(n) = self.hidden {
            parts.push(at_most(n, "hidden neuron"));
        }
        if let Some(n) = self.epochs {
            parts.push(at_most(n, "epoch"));
        }
        parts.join(", ")
    }
}

impl std::fmt::Display for Goal {
    /// The goal as a link writes it: `accuracy>=93.43;hidden<=10;epochs<=30`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts = Vec::new();
        if let Some(x) = self.accuracy {
            parts.push(format!("accuracy>={x}"));
        }
        if let Some(n) = self.hidden {
            parts.push(format!("hidden<={n}"));
        }
        if let Some(n) = self.epochs {
            parts.push(format!("epochs<={n}"));
        }
        f.write_str(&parts.join(";"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(sizes: &[usize], epochs: usize, correct: usize) -> Outcome {
        Outcome {
            sizes: sizes.to_vec(),
            epochs,
            test_correct: correct,
            test_total: 10_000,
        }
    }

    #[test]
    fn the_articles_challenge_reads_and_writes_back() {
        let goal = Goal::parse("accuracy>=93.43;hidden<=10;epochs<=30").unwrap();
        assert_eq!(
            goal,
            Goal {
                accuracy: Some(93.43),
                hidden: Some(10),
                epochs: Some(30)
            }
        );
        assert_eq!(goal.to_string(), "accuracy>=93.43;hidden<=10;epochs<=30");
        // Any order and spaces; written back in one order.
        let goal = Goal::parse(" epochs <= 5 ; accuracy>=90 ").unwrap();
        assert_eq!(goal.to_string(), "accuracy>=90;epochs<=5");
    }

    #[test]
    fn a_goal_is_said_in_words_bound_by_bound() {
        let goal = Goal::parse("accuracy>=93.43;hidden<=10;epochs<=30").unwrap();
        assert_eq!(
            goal.words(),
            "a test accuracy of at least 93.43%, at most 10 hidden neurons, at most 30 epochs"
        );
        let goal = Goal::parse("epochs<=1;hidden<=1").unwrap();
        assert_eq!(goal.words(), "at most 1 hidden neuron, at most 1 epoch");
    }

    #[test]
    fn a_bad_goal_is_an_error_never_a_panic() {
        for bad in [
            "",
            ";",
            "accuracy>93",
            "accuracy<=93",
            "hidden>=10",
            "speed>=3",
            "accuracy>=101",
            "accuracy>=-1",
            "accuracy>=NaN",
            "accuracy>=inf",
            "hidden<=0",
            "hidden<=1e3",
            "epochs<=999999",
            "accuracy>=90;accuracy>=91",
            "<=",
            ">=",
            "accuracy>=",
            &"a".repeat(MAX_GOAL + 1),
        ] {
            assert!(Goal::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_run_meets_a_goal_only_when_every_bound_holds() {
        let goal = Goal::parse("accuracy>=93.43;hidden<=10;epochs<=30").unwrap();
        // Exactly 9,343 of 10,000 is 93.43%: met.
        let verdict = goal.check(&run(&[784, 10, 10], 30, 9343));
        assert!(verdict.met, "{verdict:?}");
        assert_eq!(verdict.checks[0].text, "test accuracy 93.43% ≥ 93.43%");
        // One image fewer is not.
        let verdict = goal.check(&run(&[784, 10, 10], 30, 9342));
        assert!(!verdict.met);
        assert_eq!(verdict.checks.iter().filter(|c| !c.met).count(), 1);
        // Hidden neurons are summed over the hidden layers; too many epochs fail too.
        let verdict = goal.check(&run(&[784, 5, 6, 10], 31, 9500));
        assert_eq!(
            verdict.checks.iter().map(|c| c.met).collect::<Vec<_>>(),
            [true, false, false]
        );
        assert_eq!(verdict.checks[1].text, "11 hidden neurons > 10");
        // A run without test images meets no accuracy bound.
        let empty = Outcome {
            test_total: 0,
            test_correct: 0,
            ..run(&[784, 10, 10], 1, 0)
        };
        assert!(!goal.check(&empty).met);
    }
}
