// One modal dialog that shows an element full size (a thumbnail's grids) and puts it back when
// closed. The element is moved, not copied, so it keeps drawing as its network trains.

/** Wires `dialog` (a <dialog> with an <h2>, a .dialog-body and a close button). */
export function createFullSize(dialog) {
  const title = dialog.querySelector('h2');
  const body = dialog.querySelector('.dialog-body');
  let restore = null;
  dialog.querySelector('button.close').addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    restore?.();
    restore = null;
  });
  return {
    /** Shows `element` under `heading`; `putBack()` returns it to its place on close. */
    show(heading, element, putBack) {
      if (dialog.open) dialog.close();
      title.textContent = heading;
      body.replaceChildren(element);
      restore = putBack;
      dialog.showModal();
    },
  };
}
