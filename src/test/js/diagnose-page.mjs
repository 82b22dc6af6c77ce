// Drives the diagnose page in Debian's headless chromium as on-call would: paste an error, submit, read the
// verdict and the commands, at 1,200 px and on a phone. Prints one JSON object; the Java test judges it.
// Usage: node diagnose-page.mjs <page url with ?code=key> <pasted error> <principal> <scope>
import { launch, openPage } from './browser.mjs';

const [url, pasted, principal, scope] = process.argv.slice(2);
const browser = await launch();
const out = {};
try {
  for (const [name, viewport] of [['desktop', { width: 1200, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
    const errors = [];
    const page = await openPage(browser, viewport, errors);
    await page.goto(url);
    await page.fill('#error', pasted);
    await page.fill('#principal', principal);
    await page.fill('#scope', scope);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    const verdict = page.locator('#verdict');
    if (await verdict.count() === 0) {
      // The form came back with the problem it found instead of an answer.
      out[name] = { title: await page.title(), problem: await page.locator('#problem').allTextContents() };
      await page.close();
      continue;
    }
    out[name] = {
      title: await page.title(),
      verdict: (await verdict.textContent()).trim(),
      verdictColour: await verdict.evaluate(e => getComputedStyle(e).backgroundColor),
      reasons: await page.locator('#reasons li').allTextContents(),
      commands: await page.locator('#fix pre').allTextContents(),
      errorKept: await page.inputValue('#error'),
      principalKept: await page.inputValue('#principal'),
      keyKept: await page.locator('input[name=code]').count() === 1,
      overflows: await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth),
      consoleErrors: errors,
    };
    await page.locator('#fix button.copy').first().click();
    out[name].copyButton = (await page.locator('#fix button.copy').first().textContent()).trim();
    await page.screenshot({ path: `target/diagnose-page-${name}.png`, fullPage: true });
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
