// The setup most browser test files share: the site served on localhost and
// one Chromium, started before the file's tests and stopped after them.
import { before, after } from 'node:test';
import { checkSite, closeLeftOpen, launch, startServer, site } from './harness.mjs';

// `ready(server, browser)` receives them once started.
export function serveSiteAndBrowser(ready) {
  let server;
  let browser;
  before(async () => {
    await checkSite();
    server = await startServer(site);
    browser = await launch();
    ready(server, browser);
  });
  after(async () => {
    await closeLeftOpen();
    await browser?.close();
    await server?.close();
  });
}
