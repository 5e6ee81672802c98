//! The page as the article's story (`../shared/article.txt`): its chapters in the article's
//! order, each with the id of its `<section class="chapter">` in index.html, its title and the
//! claim it opens with, worded for the dataset on screen ("How a class uses them" on
//! Fashion-MNIST). A claim that quotes an article figure takes it from the article's sweep
//! ([`ARTICLE_SWEEP`]), the figure the sweep's chart draws.

use serde::Serialize;

use crate::experiments::article_figure;
use crate::schema::Dataset;

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

/// `correct` of `total` as a percentage with two decimals, rounded half up: "86.65%".
fn percent(correct: usize, total: usize) -> String {
    let hundredths = (correct * 10_000 + total / 2) / total;
    format!("{}.{:02}%", hundredths / 100, hundredths % 100)
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
    }
}
