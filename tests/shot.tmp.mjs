import { start, stop } from './support/server.mjs';
import { launch, openPage } from './support/browser.mjs';
const url = await start();
const browser = await launch();
const { page, errors } = await openPage(browser, url, { viewport: { width: 1280, height: 900 } });
await page.waitForTimeout(2500);
await page.screenshot({ path: '/tmp/shots/4-open.png' });
console.log(errors);
await browser.close(); await stop();
