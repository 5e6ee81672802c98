// The page as the article's story: its chapters in the article's order, each with the id of its
// `<section class="chapter">` in index.html, its title and the article's claim it opens with.
// Chapters of later issues keep their ids here (a link may not name them yet: `built` false) and
// stay out of the page until they are built. Pure data: panels/chapters.js puts it on the page.

/** Every chapter in reading order. `claim` quotes or paraphrases the article (../shared/article.txt). */
export const CHAPTERS = [
  { id: 'chapter-blocks', built: true, title: 'The blocks it learned',
    claim: 'The article: “The weight matrix images were like the elementary Lego blocks.” Each hidden neuron is one block, and they look nothing like the edges and loops we hoped for.' },
  { id: 'chapter-uses', built: true, title: 'How a digit uses them',
    claim: 'The article: each output neuron “likes” a few blocks (its most intense blue weights) and dreads a few (its reddest), and “none of them make any sense”.' },
  { id: 'chapter-build', built: true, title: 'Build a digit from the blocks',
    claim: 'The article tried to assemble each digit from its liked blocks “as Lego blocks”, and could not.' },
  { id: 'chapter-your-digit', built: true, title: 'Your own digit',
    claim: 'The network reads digits it has never seen: draw one, or pick one of the test digits it was never trained on, and watch which blocks fire.' },
  { id: 'chapter-few', built: true, title: 'How few blocks will do',
    claim: 'The article: “with 10 neurons, the network was able to classify 9343 out of 10000 test images correctly”; 5 neurons gave 86.65%, and below that it “dropped very steeply”.' },
  { id: 'chapter-again', built: true, title: 'Would it learn the same blocks again?',
    claim: 'The article: “due to different initializations, even the ones at the same index learn different features.”' },
  { id: 'chapter-detectors', built: true, title: 'The hoped-for detectors',
    claim: 'The article hoped the hidden layer “might pick up on little edges” and loops; the network found other blocks.' },
  { id: 'chapter-init', built: true, title: 'Initialisation and λ change everything',
    claim: 'The article: “Weight initialization + regularization makes a LOT of difference” to what the network learns, with the same sizes.' },
  { id: 'chapter-clothes', built: true, title: 'Clothes instead of digits',
    claim: 'The same network on Fashion-MNIST: do its blocks look any more like parts of things?' },
];

/** The ids a link's `view` may name: the chapters on the page. */
export const chapterIds = () => CHAPTERS.filter((c) => c.built).map((c) => c.id);
