// The page as the article's story: its chapters in the article's order, each with the id of its
// `<section class="chapter">` in index.html, its title and the article's claim it opens with.
// Data, with two kinds of words filled in when read: a title names the classes of the dataset on
// screen (lib/dataset.js: "How a class uses them"), and a claim that quotes an article figure
// takes it from Rust's schema. panels/chapters.js puts it on the page.

import { a, classWord, dataset, datasetOf, imageWord } from './dataset.js';
import { percent } from './format.js';
import { schema } from './schema.js';

/**
 * The article's figure for a network of `hidden` hidden neurons: the fraction of MNIST's test images it
 * read (Rust's schema, `sweep.article`).
 */
export const articleReads = (hidden) => schema().sweep.article.find(([h]) => h === hidden)[1];

/** Every chapter in reading order. `claim` quotes or paraphrases the article (../shared/article.txt). */
export const CHAPTERS = [
  { id: 'chapter-blocks', title: 'The blocks it learned',
    claim: 'The article: “The weight matrix images were like the elementary Lego blocks.” Each hidden neuron is one block, and they look nothing like the edges and loops we hoped for.' },
  { id: 'chapter-uses', get title() { return `How ${a(classWord())} uses them`; },
    claim: 'The article: each output neuron “likes” a few blocks (its most intense blue weights) and dreads a few (its reddest), and “none of them make any sense”.' },
  { id: 'chapter-build', get title() { return `Build ${a(imageWord())} from the blocks`; },
    claim: 'The article tried to assemble each digit from its liked blocks “as Lego blocks”, and could not.' },
  { id: 'chapter-your-digit', get title() { return `Your own ${imageWord()}`; },
    get claim() { // the page's own words, not the article's: the dataset on screen's
      const pick = `pick one of the test ${imageWord(true)} it was never trained on`;
      return `The network reads ${imageWord(true)} it has never seen: ${dataset().drawable ? `draw one, or ${pick}` : pick}, and watch which blocks fire.`;
    } },
  { id: 'chapter-few', title: 'How few blocks will do',
    get claim() {
      const { test } = datasetOf('mnist'); // the article's figures are out of MNIST's test images
      return `The article: “with 10 neurons, the network was able to classify ${Math.round(articleReads(10) * test)} out of ${test} test images correctly”; `
        + `5 neurons gave ${percent(articleReads(5))}, and below that it “dropped very steeply”.`;
    } },
  { id: 'chapter-again', title: 'Would it learn the same blocks again?',
    claim: 'The article: “due to different initializations, even the ones at the same index learn different features.”' },
  { id: 'chapter-detectors', title: 'The hoped-for detectors',
    claim: 'The article hoped the hidden layer “might pick up on little edges” and loops; the network found other blocks.' },
  { id: 'chapter-init', title: 'Initialisation and λ change everything',
    claim: 'The article: “Weight initialization + regularization makes a LOT of difference” to what the network learns, with the same sizes.' },
  { id: 'chapter-clothes', title: 'Clothes instead of digits',
    claim: 'The same network on Fashion-MNIST: do its blocks look any more like parts of things?' },
];

/** The ids a link's `view` may name: every chapter's. */
export const chapterIds = () => CHAPTERS.map((c) => c.id);
