// Opens the "Change the network" drawer (the form of a run) as a reader would, unless it is open.

/** Clicks "Change the network" when the drawer is shut; returns the form inside it. */
export async function openDrawer(page) {
  const drawer = page.locator('#drawer');
  if (!(await drawer.evaluate((d) => d.open))) await page.locator('#drawer > summary').click();
  return page.locator('#config');
}
