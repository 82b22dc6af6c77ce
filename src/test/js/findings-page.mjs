// Drives the findings page in Debian's headless chromium as a security analyst would: open it, sort by a
// column, filter by kind, and read what is shown. Prints one JSON object; the Java test judges it.
// Usage: node findings-page.mjs <page url with ?format=html&code=key> <kind to filter by>
import { launch, openPage } from './browser.mjs';

const [url, kind] = process.argv.slice(2);
const browser = await launch();
const out = {};
try {
  const errors = [];
  const page = await openPage(browser, { width: 1200, height: 900 }, errors);
  await page.goto(url);
  const column = async i => page.locator(`#findings tbody tr td:nth-child(${i})`).allTextContents();
  out.summary = (await page.locator('#summary').textContent()).trim();
  out.header = await page.locator('#findings thead th').allTextContents();
  out.kinds = await column(3);
  await page.click('#findings thead th:nth-child(3) button');
  out.kindsSorted = await column(3);
  await page.click('#findings thead th:nth-child(3) button');
  out.kindsSortedBack = await column(3);
  out.scopes = await column(5);
  out.scopeTitles = await page.locator('#findings tbody tr td:nth-child(5)').evaluateAll(
    cells => cells.map(c => c.getAttribute('title')));
  await page.selectOption('#kind', kind);
  await Promise.all([page.waitForNavigation(), page.click('#filter button[type=submit]')]);
  out.filteredKinds = await column(3);
  out.kindKept = await page.inputValue('#kind');
  out.keyKept = await page.locator('#filter input[name=code]').count() === 1;
  out.consoleErrors = errors;
  await page.screenshot({ path: 'target/findings-page.png', fullPage: true });
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
