import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { createTopic, kcatProduce, uniqueTopic } from "./kafka";

// A projector's screen. Screenshots go to test-results/ (test-results/playwright is wiped on every run).
test.use({ viewport: { width: 1920, height: 1080 } });

let topic = "";

/** Some of everything the cycle shows: records on a topic, dead letters for it, and order sagas (sagas/order.json). */
test.beforeAll(async () => {
  topic = uniqueTopic("present");
  await createTopic(topic, 3);
  await createTopic(`${topic}.DLT`, 1);
  await kcatProduce(["-t", topic], Array.from({ length: 40 }, (_, i) => `{"order":${i}}`).join("\n") + "\n");
  for (const msg of ["payment gateway timeout", "card declined", "inventory service unavailable"]) {
    await kcatProduce(
      [
        "-t",
        `${topic}.DLT`,
        "-H",
        `kafka_dlt-original-topic=${topic}`,
        "-H",
        "kafka_dlt-exception-fqcn=org.springframework.kafka.listener.ListenerExecutionFailedException",
        "-H",
        `kafka_dlt-exception-message=${msg}`,
      ],
      `{"order":"${msg}"}\n`,
    );
  }
  for (const t of ["orders", "payments", "inventory", "shipping"]) await createTopic(t, 2).catch(() => {}); // sagas.spec may have made them
  const steps: Array<[string, string]> = [
    ["orders", "OrderCreated"],
    ["payments", "PaymentAuthorized"],
    ["inventory", "InventoryReserved"],
  ];
  for (let n = 0; n < 3; n++) {
    const saga = `present-${randomBytes(3).toString("hex")}`;
    for (const [t, type] of steps.slice(0, n + 1)) {
      await kcatProduce(
        [
          "-t",
          t,
          "-k",
          saga,
          "-H",
          `saga-id=${saga}`,
          "-H",
          `event-type=${type}`,
          "-H",
          `event-id=${randomBytes(8).toString("hex")}`,
        ],
        `{"saga":"${saga}","type":"${type}"}\n`,
      );
    }
  }
});

const html = (page: Page) => page.locator("html");
const bar = (page: Page) => page.getByRole("complementary", { name: "Presentation" });

async function expectPresenting(page: Page, theme: "dark" | "light") {
  await expect(html(page)).toHaveAttribute("data-present", "");
  await expect(html(page)).toHaveAttribute("data-theme", theme);
  await expect(bar(page).getByRole("button", { name: "Exit presentation" })).toBeVisible();
  await expect(bar(page).getByRole("button", { name: "Full screen" })).toBeVisible();
  // Body text as the room sees it: 14 px zoomed to 21 px at 1920 wide.
  const zoom = await page.evaluate(() => Number(getComputedStyle(document.body).zoom));
  expect(zoom).toBeGreaterThanOrEqual(1.4);
}

async function expectNotPresenting(page: Page) {
  await expect(html(page)).not.toHaveAttribute("data-present");
  await expect(page.getByRole("button", { name: "Exit presentation" })).toHaveCount(0);
  expect(await page.evaluate(() => Number(getComputedStyle(document.body).zoom))).toBe(1);
}

/** The three pages of the cycle with data on them, screenshotted for a look (overview as presentation-<theme>.png). */
async function shootCycle(page: Page, theme: "dark" | "light") {
  await page.goto(`/topics?present=1&theme=${theme}`);
  await expectPresenting(page, theme);
  await expect(page.getByRole("status", { name: "Kafka connection" })).toHaveText("connected");
  await expect(
    page
      .getByRole("row", { name: `topic ${topic}`, exact: true })
      .getByRole("cell")
      .nth(4),
  ).toHaveText("40");
  await page.screenshot({ path: `test-results/presentation-${theme}.png` });

  // The topic's charts fill their box and no more (recharts is sized from the zoomed layout).
  await page.goto(`/topics/${encodeURIComponent(topic)}?present=1&theme=${theme}`);
  const chart = page.getByRole("img", { name: `${topic} records per second` });
  await expect(chart).toHaveAttribute("data-points", /[1-9]/);
  const [box, svg] = await Promise.all([chart.boundingBox(), chart.locator("svg.recharts-surface").boundingBox()]);
  expect(svg!.width).toBeLessThanOrEqual(box!.width + 1);
  await page.screenshot({ path: `test-results/presentation-${theme}-topic.png` });

  await page.goto(`/sagas/order?present=1&theme=${theme}`);
  await expect(page.getByRole("figure", { name: "order state machine" }).getByLabel("state created")).toBeVisible();
  await expect(page.getByRole("table", { name: "Instances" }).getByRole("row").nth(1)).toBeVisible();
  // Every state drawn inside the graph's box (xyflow fits the view; the body's zoom used to cut it off).
  const graph = await page.getByRole("figure", { name: "order state machine" }).boundingBox();
  const compensated = await page
    .getByRole("figure", { name: "order state machine" })
    .getByLabel("state compensated")
    .boundingBox();
  expect(compensated!.x + compensated!.width).toBeLessThanOrEqual(graph!.x + graph!.width);
  await page.screenshot({ path: `test-results/presentation-${theme}-saga.png` });

  await page.goto(`/dlq?present=1&theme=${theme}`);
  await expect(
    page.getByRole("table", { name: "Dead letters" }).getByRole("row").filter({ hasText: "card declined" }),
  ).toBeVisible();
  await page.screenshot({ path: `test-results/presentation-${theme}-dlq.png` });
}

test.describe("presentation mode", () => {
  test("shows every page large and high-contrast in a dark and a light theme", async ({ page }) => {
    await shootCycle(page, "dark");
    await shootCycle(page, "light");
    // Nothing is cut off at the right: the page fits the screen's width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1920);
  });

  test("cycles overview → saga graph → dead letters by itself, pauses on space, steps with the arrow keys", async ({
    page,
  }) => {
    await page.goto("/topics?present=1&cycle=2");
    await expectPresenting(page, "dark");
    const cycle = page.getByRole("status", { name: "Presentation cycle" });
    await expect(cycle).toContainText(/1\/3 Topics · next in [12] s/);
    await expect(page).toHaveURL(/\/sagas\/order\?present=1&theme=dark&cycle=2$/, { timeout: 10_000 });
    await expect(page.getByRole("heading", { name: "order" })).toBeVisible();
    await expect(page).toHaveURL(/\/dlq\?present=1&theme=dark&cycle=2$/, { timeout: 10_000 });
    await expect(page.getByRole("heading", { name: "Dead letters" })).toBeVisible();
    await expect(page).toHaveURL(/\/topics\?present=1/, { timeout: 10_000 });

    // Paused, the arrows still step (the cycle may have moved on by the time the key lands: step from wherever it is).
    await page.keyboard.press("Space");
    await expect(cycle).toContainText("paused");
    const at = Number((await cycle.textContent())!.match(/(\d)\/3/)![1]);
    await page.keyboard.press("ArrowRight");
    await expect(cycle).toContainText(`${(at % 3) + 1}/3`);
    await page.keyboard.press("ArrowLeft");
    await expect(cycle).toContainText(`${at}/3`);
    await expect(cycle).toContainText("paused");
    await bar(page).getByRole("button", { name: "Resume" }).click();
    await expect(cycle).toContainText("next in");
    await expect(cycle).toContainText(`${(at % 3) + 1}/3`, { timeout: 10_000 });
  });

  test("survives navigation by the nav links, and turns off by ?present=0, the exit control and the p key", async ({
    page,
  }) => {
    await page.goto("/topics?present=1&theme=light");
    await expectPresenting(page, "light");
    await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Dead letters" }).click();
    await expect(page).toHaveURL(/\/dlq$/);
    await expect(page.getByRole("heading", { name: "Dead letters" })).toBeVisible();
    await expectPresenting(page, "light");
    // A reload of a page without the query is still presenting: the tab remembers.
    await page.reload();
    await expectPresenting(page, "light");

    await page.goto("/dlq?present=0");
    await expect(page.getByRole("heading", { name: "Dead letters" })).toBeVisible();
    await expectNotPresenting(page);
    await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Topics" }).click();
    await expect(page.getByRole("heading", { name: "Topics" })).toBeVisible();
    await expectNotPresenting(page);

    await page.goto("/topics?present=1");
    await expectPresenting(page, "dark");
    await bar(page).getByRole("button", { name: "Exit presentation" }).click();
    await expectNotPresenting(page);
    await expect(page).toHaveURL(/\/topics$/);

    await page.goto("/sagas?present=1");
    await expectPresenting(page, "dark");
    await page.keyboard.press("p");
    await expectNotPresenting(page);
    await page.reload();
    await expectNotPresenting(page);
  });
});
