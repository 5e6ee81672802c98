// One modal dialog that shows an element full size (a thumbnail's grids) and puts it back when
// closed. The element is moved, not copied, so it keeps drawing as its network trains.

/** Wires `dialog` (a <dialog> with an <h2>, a .dialog-body and a close button). */
export function createFullSize(dialog) {
  const title = dialog.querySelector('h2');
  const body = dialog.querySelector('.dialog-body');
  let restore = null;
  const putBackShown = () => {
    restore?.();
    restore = null;
  };
  // Put back at once, not on the 'close' event, which comes a task later (Esc closes that way).
  dialog.querySelector('button.close').addEventListener('click', () => {
    putBackShown();
    dialog.close();
  });
  dialog.addEventListener('close', putBackShown);
  return {
    /** Shows `element` under `heading`; `putBack()` returns it to its place on close. */
    show(heading, element, putBack) {
      putBackShown(); // what it showed, if it is open
      title.textContent = heading;
      body.replaceChildren(element);
      restore = putBack;
      if (!dialog.open) dialog.showModal();
    },
  };
}
