import { chromium } from "@playwright/test";
const [,, base, ...pages] = process.argv;
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless","--no-sandbox","--disable-gpu","--disable-background-networking","--disable-component-update","--disable-sync","--no-first-run"] });
const w = Number(process.env.W ?? 1440), h = Number(process.env.H ?? 900);
const page = await browser.newPage({ viewport: { width: w, height: h } });
for (const p of pages) {
  const [url, name] = p.split("=");
  await page.goto(base + url);
  await page.waitForTimeout(Number(process.env.WAIT ?? 4000));
  await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: process.env.FULL === "1" });
}
await browser.close();
