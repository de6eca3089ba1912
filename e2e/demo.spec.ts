import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import {
  demoStateSchema,
  type DeadLetterList,
  type DemoState,
  type InstanceView,
  type SagaList,
} from "../server/contract";
import { E2E_PORT } from "../playwright.config";
import { brokers } from "./kafka";

// `npm run demo` itself (scripts/demo.ts: the dashboard with the demo system in
// its process), on the suite's broker under its own topic prefix so the other
// specs' topics and sagas are untouched.
const root = path.resolve(import.meta.dirname, "..");
const PORT = E2E_PORT + 2;
const base = `http://127.0.0.1:${PORT}`;
const prefix = `e2e-demo-${randomBytes(3).toString("hex")}-`;
const paymentGroup = `${prefix}demo-payment-service`;

test.describe.configure({ mode: "serial" });

let demo: ChildProcess;

test.beforeAll(async () => {
  test.setTimeout(150_000);
  demo = spawn(process.execPath, ["--import", "tsx", "scripts/demo.ts"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: "127.0.0.1",
      KAFKA_BROKERS: brokers(),
      KAFKA_GROUP_ID: `e2e-demo-dashboard-${Date.now()}`,
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "sagascope-e2e-demo-")),
      DEMO_TOPIC_PREFIX: prefix,
      DEMO_RATE: "3",
      // Only the levers make poison here, so the dead-letter count can drain to zero.
      DEMO_POISON_SHARE: "0",
      TOPIC_REFRESH_MS: "500",
      GROUP_SAMPLE_MS: "500",
      LOG_LEVEL: "warn",
    },
  });
  await expect
    .poll(
      () =>
        fetch(`${base}/readyz`).then(
          (r) => r.status,
          () => 0,
        ),
      { timeout: 120_000 },
    )
    .toBe(200);
  await expect
    .poll(
      () =>
        fetch(`${base}/api/demo`).then(
          (r) => r.status,
          () => 0,
        ),
      { timeout: 60_000 },
    )
    .toBe(200);
});

test.afterAll(async () => {
  if (!demo || demo.exitCode !== null) return;
  const exited = new Promise((r) => demo.once("exit", r));
  demo.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
  if (demo.exitCode === null) demo.kill("SIGKILL");
});

/** Pulls a lever through the REST API, as a script on stage or CI would. */
async function lever(request: APIRequestContext, name: string, body: unknown): Promise<DemoState> {
  const res = await request.post(`${base}/api/demo/${name}`, { data: body });
  expect(res.status(), await res.text()).toBe(200);
  return demoStateSchema.parse(await res.json());
}

const lagCell = (page: Page) =>
  page
    .getByRole("row", { name: `group ${paymentGroup}` })
    .getByRole("cell")
    .nth(4);
const lagOf = async (page: Page) => Number(((await lagCell(page).textContent()) ?? "").replace(/\D/g, "") || "0");
const stateCount = async (page: Page, state: string) =>
  Number(
    (
      (await page.getByRole("figure", { name: "order state machine" }).getByLabel(`state ${state}`).textContent()) ?? ""
    ).replace(/\D/g, "") || "0",
  );

test("a payment outage through the API: lag rises, orders time out and are compensated; back up, the lag drains", async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);
  // The scenario page shows the demo's services running.
  await page.goto(`${base}/demo`);
  await expect(page.getByRole("heading", { name: "Scenario" })).toBeVisible();
  const services = page.getByRole("table", { name: "Demo services" });
  await expect(services.getByRole("row", { name: /payment-service/ })).toContainText("up");
  await expect(services.getByRole("row", { name: /order-service/ })).toContainText(/\d/);
  await expect
    .poll(
      async () =>
        ((await page.getByRole("region", { name: "Orders" }).textContent()) ?? "").match(/completed\s*(\d+)/)?.[1] ??
        "0",
      { timeout: 30_000 },
    )
    .not.toBe("0");

  // Sagas flow before the outage.
  await page.goto(`${base}/sagas/order`);
  const graph = page.getByRole("figure", { name: "order state machine" });
  await expect(graph.getByLabel("state completed")).toContainText(/[1-9]/, { timeout: 30_000 });
  const timedOutBefore = await stateCount(page, "timed-out");

  const down = await lever(request, "outage", { service: "payment-service", down: true });
  expect(down.services.find((s) => s.service === "payment-service")!.up).toBe(false);

  // Compensations: the order service cancels the orders the payment service never answered.
  await expect
    .poll(() => stateCount(page, "timed-out"), { timeout: 40_000 })
    .toBeGreaterThanOrEqual(timedOutBefore + 3);
  await expect(graph.getByLabel("state created")).toContainText(/[1-9]/);

  // The payment group's lag grows while it is down.
  await page.goto(`${base}/groups`);
  await expect.poll(() => lagOf(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(10);
  await page
    .getByRole("row", { name: `group ${paymentGroup}` })
    .getByRole("link", { name: paymentGroup })
    .click();
  await expect(page.getByRole("heading", { name: paymentGroup })).toContainText("lag growing", { timeout: 30_000 });
  await page.screenshot({ path: "test-results/demo-outage-lag.png" });

  // The scenario page shows it down; bringing it back from the panel.
  await page.goto(`${base}/demo`);
  const paymentRow = page.getByRole("table", { name: "Demo services" }).getByRole("row", { name: /payment-service/ });
  await expect(paymentRow).toContainText("down");
  await page.getByRole("button", { name: "Bring back payment-service" }).click();
  await expect(paymentRow).toContainText("up");

  // It catches up: the lag drains.
  await page.goto(`${base}/groups`);
  await expect.poll(() => lagOf(page), { timeout: 90_000 }).toBeLessThan(5);
  await page.screenshot({ path: "test-results/demo-outage-drained.png" });
});

test("a poison burst dead-letters; once the customers are registered, a redrive drains the dead-letter count", async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const dlt = `${prefix}orders.DLT`;
  await page.goto(`${base}/demo`);
  await page.getByRole("spinbutton", { name: "Poison records to send" }).fill("4");
  await page.getByRole("button", { name: "Send poison records" }).click();
  await expect(page.getByRole("region", { name: "Injected faults" })).toContainText("4");

  await page.goto(`${base}/dlq`);
  await expect
    .poll(
      async () =>
        (await page.getByRole("combobox", { name: "Dead-letter topic" }).locator("option").allTextContents()).includes(
          dlt,
        ),
      { timeout: 30_000 },
    )
    .toBe(true);
  await page.getByRole("combobox", { name: "Dead-letter topic" }).selectOption(dlt);
  await page.getByRole("combobox", { name: "Status" }).selectOption("new");
  const count = page.getByRole("status", { name: "Dead letter count" });
  await expect(count).toHaveText("4 of 4", { timeout: 30_000 });
  await expect(page.getByRole("region", { name: "By message" })).toContainText("UnknownCustomerException");

  // The customers' profiles reach the payment service 15 s after their orders:
  // the order service's outbox holds them until then.
  await expect
    .poll(
      async () =>
        demoStateSchema
          .parse(await request.get(`${base}/api/demo`).then((r) => r.json()))
          .services.find((s) => s.service === "order-service")!.outboxBacklog,
      { timeout: 40_000 },
    )
    .toBe(0);
  const panel = page.getByRole("region", { name: "Bulk redrive" });
  await expect(panel).toContainText("4 open records");
  await panel.getByRole("spinbutton", { name: "Records per second" }).fill("20");
  await panel.getByRole("textbox", { name: "Redrive reason" }).fill("customer profiles registered");
  await panel.getByRole("button", { name: "Start redrive" }).click();
  await expect(panel.getByRole("status", { name: "Redrive state" })).toHaveText(
    "completed: 4 published, 0 failed, 0 to go of 4",
    { timeout: 30_000 },
  );
  await expect(count).toHaveText("0 of 0", { timeout: 20_000 });

  // They went through this time: each redriven order's saga moves past "created", and no dead letter comes back.
  const redriven = (
    await request
      .get(`${base}/api/dlq/messages?topic=${encodeURIComponent(dlt)}`)
      .then((r) => r.json() as Promise<DeadLetterList>)
  ).messages.map((m) => m.key.text);
  expect(redriven).toHaveLength(4);
  for (const id of redriven) {
    await expect
      .poll(
        async () =>
          (await request.get(`${base}/api/sagas/order/instances/${id}`).then((r) => r.json() as Promise<InstanceView>))
            .state,
        { timeout: 30_000 },
      )
      .not.toBe("created");
  }
  await expect(count).toHaveText("0 of 0");
  const st = demoStateSchema.parse(await request.get(`${base}/api/demo`).then((r) => r.json()));
  expect(st.services.find((s) => s.service === "payment-service")!.deadLettered).toBe(4);
  await page.screenshot({ path: "test-results/demo-redrive.png" });
});

test("the panel's rate, failure-share and duplicate levers act on the running demo", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`${base}/demo`);
  await expect(page.getByRole("status", { name: "Kafka connection" })).toHaveText("connected");
  await page.getByRole("spinbutton", { name: "Orders per second", exact: true }).fill("8");
  await page.getByRole("button", { name: "Apply rate" }).click();
  await expect(page.getByRole("region", { name: "Order rate" })).toContainText("now 8 orders/s");

  // Every payment declined: the orders fail and are cancelled.
  await page.getByRole("spinbutton", { name: "payment-service failure share (%)" }).fill("100");
  await page.getByRole("button", { name: "Apply failure share for payment-service" }).click();
  const services = page.getByRole("table", { name: "Demo services" });
  await expect(services.getByRole("row", { name: "payment-service" })).toContainText("100 %");
  const sagas = page.context().request;
  const failed = async () =>
    ((await sagas.get(`${base}/api/sagas`).then((r) => r.json())) as SagaList).sagas.find((x) => x.name === "order")!
      .finished.failed;
  const failedBefore = await failed();
  await expect.poll(failed, { timeout: 30_000 }).toBeGreaterThanOrEqual(failedBefore + 5);
  await page.getByRole("spinbutton", { name: "payment-service failure share (%)" }).fill("7.5");
  await page.getByRole("button", { name: "Apply failure share for payment-service" }).click();
  await expect(services.getByRole("row", { name: "payment-service" })).toContainText("7.5 %");

  // Duplicate deliveries: the idempotent consumers skip them.
  const skipped = async () => {
    let sum = 0;
    for (const row of await services.locator("tbody tr").all())
      sum += Number(((await row.getByRole("cell").nth(2).textContent()) ?? "0").replace(/\D/g, "") || "0");
    return sum;
  };
  const skippedBefore = await skipped();
  await page.getByRole("spinbutton", { name: "Duplicates to inject" }).fill("20");
  await page.getByRole("button", { name: "Inject duplicates" }).click();
  await expect(page.getByRole("region", { name: "Injected faults" })).toContainText("20", { timeout: 20_000 });
  await expect.poll(skipped, { timeout: 30_000 }).toBeGreaterThanOrEqual(skippedBefore + 10);
  await page.screenshot({ path: "test-results/demo-scenario.png" });
});

test("presentation mode on the running demo, in both themes, at 1920×1080", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  for (const theme of ["dark", "light"] as const) {
    await page.goto(`${base}/sagas/order?present=1&theme=${theme}`);
    await expect(page.locator("html")).toHaveAttribute("data-present", "");
    await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
    await expect(page.getByRole("button", { name: "Exit presentation" })).toBeVisible();
    await expect(page.getByRole("figure", { name: "order state machine" }).getByLabel("state completed")).toContainText(
      /[1-9]/,
      { timeout: 30_000 },
    );
    await expect(page.getByRole("status", { name: "Server connection" })).toHaveText("connected");
    await page.screenshot({ path: `test-results/presentation-demo-saga-${theme}.png` });
    await page.goto(`${base}/demo?present=1&theme=${theme}`);
    await expect(page.getByRole("table", { name: "Demo services" })).toBeVisible();
    await expect(page.getByRole("status", { name: "Kafka connection" })).toHaveText("connected");
    await page.screenshot({ path: `test-results/presentation-demo-scenario-${theme}.png` });
  }
  await context.close();
});
