//! The page as the article's story (`../shared/article.txt`): its chapters in the article's
//! order, each with the id of its `<section class="chapter">` in index.html, its title and the
//! claim it opens with, worded for the dataset on screen ("How a class uses them" on
//! Fashion-MNIST), and the line under each claim that says what to look at on *this* network
//! ("neuron 17 is the one digit 3 likes most", [`looks`]). A claim or line that quotes an
//! article figure takes it from the article's sweep ([`crate::experiments::ARTICLE_SWEEP`], the
//! figures the sweep's chart draws) or its reading of one neuron ([`ARTICLE_LIKES`]).

use serde::Serialize;

use crate::experiments::article_figure;
use crate::explain::top_k;
use crate::nn::Init;
use crate::schema::{thousands, Dataset, ARTICLE_LIKES};

/// One chapter as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Chapter {
    /// The id of its section in index.html (and a link's `view`): `"chapter-blocks"`.
    pub id: &'static str,
    /// Its heading, in the dataset's words.
    pub title: String,
    /// The article's claim it opens with (or, where the article is silent, the page's own).
    pub claim: String,
}

/// The ids of the chapters, in reading order: the views a link may open besides the panels.
pub const IDS: [&str; 9] = [
    "chapter-blocks",
    "chapter-uses",
    "chapter-build",
    "chapter-your-digit",
    "chapter-few",
    "chapter-again",
    "chapter-detectors",
    "chapter-init",
    "chapter-clothes",
];

/// `word` after its indefinite article: "a digit", "an image".
pub fn a(word: &str) -> String {
    let vowel = word
        .chars()
        .next()
        .is_some_and(|c| "aeiouAEIOU".contains(c));
    format!("{} {word}", if vowel { "an" } else { "a" })
}

/// `text` with a capital first letter: "Digit 7".
fn capital(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// `correct` of `total` as a percentage with two decimals, rounded half up: "86.65%".
fn percent(correct: usize, total: usize) -> String {
    let hundredths = (correct * 10_000 + total / 2) / total;
    format!("{}.{:02}%", hundredths / 100, hundredths % 100)
}

/// What the page shows of the network on screen, for the lines under the claims.
#[derive(Clone, Debug, Default)]
pub struct OnScreen<'a> {
    /// Its layer sizes, input first.
    pub sizes: &'a [usize],
    /// Its output layer's weights, `(classes, last hidden)` row-major: row `d` weighs the
    /// blocks for class `d`. Empty until its first weights arrive.
    pub output: &'a [f32],
    /// Its latest test result: `(correct, total)`.
    pub tested: Option<(usize, usize)>,
    /// The recipe the page shows: its initialisation and λ.
    pub recipe: Option<(Init, f64)>,
}

/// One chapter's line: the `name` of its element (`look-{name}` in index.html) and its text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Look {
    /// `few` for `#look-few`.
    pub name: &'static str,
    /// What to look at.
    pub text: String,
}

/// The line under each chapter's claim for the network `net` of `data` (the lines it has the
/// facts for: none without sizes, the weights' lines only with its output weights).
pub fn looks(data: &Dataset, net: &OnScreen) -> Vec<Look> {
    let mut out = Vec::new();
    let sizes = net.sizes;
    if sizes.len() < 3 {
        return out;
    }
    let mut say = |name, text: String| out.push(Look { name, text });
    let [image, images] = data.image_word;
    let article = &Dataset::MNIST; // the article's network learned MNIST
    let articles = data.key == article.key; // its figures are this dataset's
    let hidden: usize = sizes[1..sizes.len() - 1].iter().sum();
    let article_reads = |hidden| percent(article_figure(hidden).unwrap_or(0), article.test);
    let reads = net
        .tested
        .map(|(correct, total)| {
            format!(
                " and reads {} of the test {images}",
                percent(correct, total)
            )
        })
        .unwrap_or_default();
    let sweep = if articles {
        format!(
            "the article's 10 read {} and its 5 read {}. Run the sweep to see where yours fall.",
            article_reads(10),
            article_reads(5)
        )
    } else {
        format!(
            "the article's figures are {}'s, not {}'s: run the sweep to see how few blocks {} needs.",
            article.name, data.name, data.name
        )
    };
    let plural = if hidden == 1 { "" } else { "s" };
    say(
        "few",
        format!("This network has {hidden} hidden neuron{plural}{reads}; {sweep}"),
    );
    say(
        "your-digit",
        match net.tested {
            Some((correct, total)) => {
                format!(
                "It misses {} of {} test {images}: the test set below shows which, and the pad {}",
                thousands(total - correct),
                thousands(total),
                if data.drawable { "lets you add your own." } else { "reads any of them you open." }
            )
            }
            None => format!(
                "{} on the pad and watch which of its blocks light up.",
                if data.drawable {
                    format!("Draw {}", a(image))
                } else {
                    format!("Open a test {image}")
                }
            ),
        },
    );
    if let Some((init, lambda)) = net.recipe {
        let large = init == Init::Large;
        let side = match (large, lambda > 0.0) {
            (true, false) => ", like (a) below",
            (false, true) => ", like (b) below",
            _ => "",
        };
        let start = if large { "N(0,1)" } else { "N(0,1)/√n_in" };
        say(
            "init",
            format!("This network started from {start} weights with λ {lambda}{side}."),
        );
    }
    say(
        "clothes",
        format!(
            "This network learned from {} ({}). Below, the pretrained network of each dataset side \
             by side: compare their blocks, and how smooth each is.",
            data.name, data.noun
        ),
    );
    let blocks = sizes[sizes.len() - 2];
    if net.output.len() != data.classes() * blocks {
        return out;
    }
    let row = |d: usize| &net.output[d * blocks..(d + 1) * blocks];
    let which = if sizes.len() > 3 {
        "of the last hidden layer "
    } else {
        ""
    };
    let (likes, dislikes) = top_k(row(3), 1);
    say(
        "blocks",
        format!(
            "On this network, neuron {} {which}is the one {} likes most, and neuron {} the one it dreads most.",
            likes[0],
            data.class_label(3),
            dislikes[0]
        ),
    );
    let list = |neurons: &[usize]| {
        neurons
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    say(
        "build",
        format!(
            "{} likes blocks {} most here: pick them below, weigh them, and see whether the network reads the sum as {}.",
            capital(&data.class_label(3)),
            list(&top_k(row(3), 3).0),
            data.class_names[3]
        ),
    );
    say(
        "again",
        format!("This network's {blocks} blocks came from one seed: train the recipe from other seeds below and see how many come back."),
    );
    let hope = if data.drawable {
        ".".to_string()
    } else {
        format!(
            ": strokes and loops were the hope for handwriting; here they meet {}.",
            data.noun
        )
    };
    say(
        "detectors",
        format!("Below, {blocks} hand-drawn strokes and loop halves take the place of this network's {blocks} learned blocks, with only the output layer trained{hope}"),
    );
    let c = ARTICLE_LIKES.class;
    let (likes, dislikes) = top_k(row(c), 3);
    let theirs = if articles {
        format!(
            "(the article's network: {} and {}). ",
            list(&ARTICLE_LIKES.likes),
            list(&ARTICLE_LIKES.dislikes)
        )
    } else {
        format!("(the article's figures are for {}). ", article.name)
    };
    say(
        "uses",
        format!(
            "Here {} likes neurons {} most and dreads {} {theirs}Pick {} below to see its blocks.",
            data.class_label(c),
            list(&likes),
            list(&dislikes),
            a(data.class_word[0])
        ),
    );
    out
}

/// Every chapter in reading order, in the words of `data` (the dataset on screen).
pub fn chapters(data: &Dataset) -> Vec<Chapter> {
    let [class, _] = data.class_word;
    let [image, images] = data.image_word;
    // The article's figures are out of MNIST's test images, whatever is on screen.
    let test = Dataset::MNIST.test;
    let reads = |hidden| article_figure(hidden).expect("the article published 5 and 10 neurons");
    let pick = format!("pick one of the test {images} it was never trained on");
    let texts: [(String, String); 9] = [
        (
            "The blocks it learned".into(),
            "The article: “The weight matrix images were like the elementary Lego blocks.” Each \
             hidden neuron is one block, and they look nothing like the edges and loops we hoped \
             for."
                .into(),
        ),
        (
            format!("How {} uses them", a(class)),
            "The article: each output neuron “likes” a few blocks (its most intense blue \
             weights) and dreads a few (its reddest), and “none of them make any sense”."
                .into(),
        ),
        (
            format!("Build {} from the blocks", a(image)),
            "The article tried to assemble each digit from its liked blocks “as Lego blocks”, \
             and could not."
                .into(),
        ),
        (
            format!("Your own {image}"),
            // The page's own words, not the article's: the dataset on screen's.
            format!(
                "The network reads {images} it has never seen: {}, and watch which blocks fire.",
                if data.drawable {
                    format!("draw one, or {pick}")
                } else {
                    pick.clone()
                }
            ),
        ),
        (
            "How few blocks will do".into(),
            format!(
                "The article: “with 10 neurons, the network was able to classify {} out of {test} \
                 test images correctly”; 5 neurons gave {}, and below that it “dropped very \
                 steeply”.",
                reads(10),
                percent(reads(5), test)
            ),
        ),
        (
            "Would it learn the same blocks again?".into(),
            "The article: “due to different initializations, even the ones at the same index \
             learn different features.”"
                .into(),
        ),
        (
            "The hoped-for detectors".into(),
            "The article hoped the hidden layer “might pick up on little edges” and loops; the \
             network found other blocks."
                .into(),
        ),
        (
            "Initialisation and λ change everything".into(),
            "The article: “Weight initialization + regularization makes a LOT of difference” to \
             what the network learns, with the same sizes."
                .into(),
        ),
        (
            "Clothes instead of digits".into(),
            "The same network on Fashion-MNIST: do its blocks look any more like parts of things?"
                .into(),
        ),
    ];
    IDS.into_iter()
        .zip(texts)
        .map(|(id, (title, claim))| Chapter { id, title, claim })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(data: &Dataset) -> Vec<String> {
        chapters(data).into_iter().map(|c| c.title).collect()
    }

    fn claim(data: &Dataset, id: &str) -> String {
        chapters(data)
            .into_iter()
            .find(|c| c.id == id)
            .unwrap()
            .claim
    }

    #[test]
    fn titles_name_the_classes_of_the_dataset_on_screen() {
        assert_eq!(
            titles(&Dataset::MNIST)[1..4],
            [
                "How a digit uses them",
                "Build a digit from the blocks",
                "Your own digit"
            ]
        );
        assert_eq!(
            titles(&Dataset::FASHION_MNIST)[1..4],
            [
                "How a class uses them",
                "Build an image from the blocks",
                "Your own image"
            ]
        );
        assert!(claim(&Dataset::MNIST, "chapter-your-digit").contains("draw one"));
        let clothes = claim(&Dataset::FASHION_MNIST, "chapter-your-digit");
        assert!(
            !clothes.contains("digit") && !clothes.contains("draw"),
            "{clothes}"
        );
    }

    #[test]
    fn the_article_figure_is_quoted_as_the_article_wrote_it() {
        for data in Dataset::ALL {
            let few = claim(data, "chapter-few");
            assert!(few.contains("“with 10 neurons, the network was able to classify 9343 out of 10000 test images correctly”"), "{few}");
            assert!(few.contains("5 neurons gave 86.65%"), "{few}");
        }
    }

    fn look(looks: &[Look], name: &str) -> String {
        looks
            .iter()
            .find(|l| l.name == name)
            .map(|l| l.text.clone())
            .unwrap_or_default()
    }

    #[test]
    fn the_lines_read_this_network() {
        // 784-4-10 whose output neuron d likes hidden neuron d % 4 and dreads (d + 1) % 4.
        let mut output = vec![0.0f32; 40];
        for d in 0..10 {
            output[d * 4 + d % 4] = 1.0;
            output[d * 4 + (d + 1) % 4] = -1.0;
        }
        let net = OnScreen {
            sizes: &[784, 4, 10],
            output: &output,
            tested: Some((9_000, 10_000)),
            recipe: Some((Init::Large, 0.0)),
        };
        let mnist = looks(&Dataset::MNIST, &net);
        assert_eq!(
            look(&mnist, "few"),
            "This network has 4 hidden neurons and reads 90.00% of the test digits; the article's \
             10 read 93.43% and its 5 read 86.65%. Run the sweep to see where yours fall."
        );
        assert_eq!(
            look(&mnist, "blocks"),
            "On this network, neuron 3 is the one digit 3 likes most, and neuron 0 the one it dreads most."
        );
        assert!(look(&mnist, "build").starts_with("Digit 3 likes blocks 3, "));
        assert!(look(&mnist, "uses").starts_with("Here digit 0 likes neurons 0, "));
        assert!(look(&mnist, "uses").contains("(the article's network: 3, 6, 26 and 5, 18, 22)"));
        assert_eq!(
            look(&mnist, "init"),
            "This network started from N(0,1) weights with λ 0, like (a) below."
        );
        assert!(look(&mnist, "your-digit").starts_with("It misses 1,000 of 10,000 test digits"));

        let clothes = looks(&Dataset::FASHION_MNIST, &net);
        assert!(look(&clothes, "few").ends_with("the article's figures are MNIST's, not Fashion-MNIST's: run the sweep to see how few blocks Fashion-MNIST needs."));
        assert!(look(&clothes, "blocks").contains("the one Dress likes most"));
        assert!(look(&clothes, "uses").contains("(the article's figures are for MNIST)"));
        assert!(look(&clothes, "detectors").ends_with("here they meet photographs of clothes."));
    }

    #[test]
    fn before_its_weights_and_test_only_the_recipe_lines() {
        let net = OnScreen {
            sizes: &[784, 30, 10],
            recipe: Some((Init::Default, 5.0)),
            ..OnScreen::default()
        };
        let lines = looks(&Dataset::MNIST, &net);
        let names: Vec<_> = lines.iter().map(|l| l.name).collect();
        assert_eq!(names, ["few", "your-digit", "init", "clothes"]);
        assert_eq!(
            look(&lines, "your-digit"),
            "Draw a digit on the pad and watch which of its blocks light up."
        );
        assert_eq!(
            look(&lines, "init"),
            "This network started from N(0,1)/√n_in weights with λ 5, like (b) below."
        );
        assert!(looks(&Dataset::MNIST, &OnScreen::default()).is_empty());
    }

    #[test]
    fn every_chapter_has_its_own_id_title_and_claim() {
        let all = chapters(&Dataset::MNIST);
        assert_eq!(all.iter().map(|c| c.id).collect::<Vec<_>>(), IDS);
        for c in &all {
            assert!(
                !c.title.is_empty() && c.claim.ends_with(['.', '?', '”']),
                "{c:?}"
            );
        }
        assert_eq!(
            [a("digit"), a("image"), a("Item")],
            ["a digit", "an image", "an Item"]
        );
        assert_eq!(percent(8665, 10_000), "86.65%");
        assert_eq!(percent(2, 3), "66.67%");
        assert_eq!(Dataset::FASHION_MNIST.class_label(7), "Sneaker");
        assert_eq!(capital("digit 7"), "Digit 7");
    }
}
