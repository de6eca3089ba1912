import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { Kafka, logLevel } from "kafkajs";
import { E2E_PORT } from "../playwright.config";
import { brokers, createTopic, kcatProduce, uniqueTopic } from "./kafka";

const root = path.resolve(import.meta.dirname, "..");
const PORT = E2E_PORT + 1;
const base = `http://127.0.0.1:${PORT}`;
const PW = { admin: "admin password 0001", op: "operator password 01", view: "viewer password 001" };

async function highWatermark(topic: string): Promise<number> {
  const admin = new Kafka({ clientId: "e2e-roles", brokers: brokers().split(","), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

async function signIn(browser: Browser, username: string, password: string, next = "/"): Promise<Page> {
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  await page.goto(next);
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByLabel("User name").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("Signed in")).toContainText(username);
  return page;
}

test("without accounts (loopback), every page says there is no login", async ({ page }) => {
  for (const p of ["/", "/dlq", "/topics"]) {
    await page.goto(p);
    await expect(page.getByRole("note", { name: "No login" })).toHaveText("No login: open to anyone on this machine");
  }
});

test.describe("with accounts", () => {
  let server: ChildProcess;
  const origin = uniqueTopic("roles");
  const dlt = `${origin}.DLT`;

  test.beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "sagascope-e2e-roles-"));
    const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: "warn" };
    // The documented way to make the first admin, and two more users.
    for (const [name, role, pw] of [
      ["admin", "admin", PW.admin],
      ["op", "operator", PW.op],
      ["view", "viewer", PW.view],
    ] as const) {
      const r = spawnSync(
        process.execPath,
        ["--import", "tsx", "scripts/user.ts", "add", name, "--role", role, "--password-stdin"],
        { cwd: root, env, input: `${pw}\n`, encoding: "utf8" },
      );
      expect(r.status, r.stderr).toBe(0);
    }
    server = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
      env: {
        ...env,
        NODE_ENV: "production",
        PORT: String(PORT),
        HOST: "127.0.0.1",
        KAFKA_BROKERS: brokers(),
        KAFKA_GROUP_ID: `e2e-roles-${Date.now()}`,
        TOPIC_REFRESH_MS: "500",
      },
    });
    await expect
      .poll(
        () =>
          fetch(`${base}/readyz`).then(
            (r) => r.status,
            () => 0,
          ),
        { timeout: 90_000 },
      )
      .toBe(200);
    await createTopic(origin);
    await createTopic(dlt);
    await kcatProduce(
      [
        "-t",
        dlt,
        "-k",
        "r-1",
        "-H",
        `kafka_dlt-original-topic=${origin}`,
        "-H",
        "kafka_dlt-exception-message=card declined",
      ],
      '{"orderId":"r-1"}',
    );
  });

  test.afterAll(async () => {
    if (!server || server.exitCode !== null) return;
    const exited = new Promise((r) => server.once("exit", r));
    server.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (server.exitCode === null) server.kill("SIGKILL");
  });

  test("a viewer sees dead letters but their retry is refused by the server (403) and nothing is published", async ({
    browser,
  }) => {
    const page = await signIn(browser, "view", PW.view, "/dlq");
    await expect(page).toHaveURL(`${base}/dlq`);
    await expect(page.getByRole("note")).toContainText("Signed in as view (viewer)");
    await page.getByRole("searchbox", { name: "Search dead letters" }).fill(origin);
    await page
      .getByRole("table", { name: "Dead letters" })
      .getByRole("row")
      .filter({ hasText: "r-1" })
      .getByRole("button")
      .click();
    const detail = page.getByRole("complementary", { name: "Dead letter detail" });
    await detail.getByRole("textbox", { name: "Reason" }).fill("I only look");
    await detail.getByRole("button", { name: "Retry now" }).click();
    await expect(detail.getByRole("alert")).toContainText("Your role cannot act on dead letters");
    // Straight at the API, past the page: still 403.
    const listed = (await (await page.request.get(`/api/dlq/messages?topic=${encodeURIComponent(dlt)}`)).json()) as {
      messages: Array<{ id: string }>;
    };
    const direct = await page.request.post(`/api/dlq/messages/${encodeURIComponent(listed.messages[0]!.id)}/retry`, {
      data: { reason: "x" },
      headers: { origin: base },
    });
    expect(direct.status()).toBe(403);
    expect(await highWatermark(origin)).toBe(0);
    // Not an admin: no Admin link, and the admin API says 403.
    await expect(page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Admin" })).toHaveCount(0);
    expect((await page.request.get("/api/admin/users")).status()).toBe(403);
  });

  test("an operator retries it once; the audit names them", async ({ browser }) => {
    const page = await signIn(browser, "op", PW.op, "/dlq");
    // The operator's own cookie without the session's CSRF token (what a forged request would carry): refused.
    const listed = (await (await page.request.get(`/api/dlq/messages?topic=${encodeURIComponent(dlt)}`)).json()) as {
      messages: Array<{ id: string }>;
    };
    const forged = await page.request.post(`/api/dlq/messages/${encodeURIComponent(listed.messages[0]!.id)}/retry`, {
      data: { reason: "forged" },
      headers: { origin: base },
    });
    expect(forged.status()).toBe(403);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe("CSRF_TOKEN");
    expect(await highWatermark(origin)).toBe(0);
    await page.getByRole("searchbox", { name: "Search dead letters" }).fill(origin);
    await page
      .getByRole("table", { name: "Dead letters" })
      .getByRole("row")
      .filter({ hasText: "r-1" })
      .getByRole("button")
      .click();
    const detail = page.getByRole("complementary", { name: "Dead letter detail" });
    await detail.getByRole("textbox", { name: "Reason" }).fill("card service back");
    await detail.getByRole("button", { name: "Retry now" }).dblclick();
    await expect(detail.getByRole("alert")).toContainText(`Published to ${origin}`);
    await expect.poll(() => highWatermark(origin)).toBe(1);
    await page.goto("/audit");
    await expect(page.getByRole("table", { name: "Audit log" })).toContainText("op (operator)");
  });

  test("an admin adds a user and creates an API token shown once; signing out ends the session", async ({
    browser,
  }) => {
    const page = await signIn(browser, "admin", PW.admin);
    await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Admin" }).click();
    const users = page.getByRole("region", { name: "Users" });
    await users.getByLabel("User name").fill("newbie");
    await users.getByLabel("Password").fill("newbie password 01");
    await users.getByRole("button", { name: "Add user" }).click();
    await expect(users.getByRole("table")).toContainText("newbie");
    const tokens = page.getByRole("region", { name: "API tokens" });
    await tokens.getByLabel("Token name").fill("ci-reader");
    await tokens.getByRole("button", { name: "Create token" }).click();
    const token = (await tokens.getByTestId("new-token").textContent())!.trim();
    expect(token).toMatch(/^ssc_/);
    await expect(tokens.getByRole("table")).toContainText("ci-reader");
    const api = await fetch(`${base}/api/topics`, { headers: { authorization: `Bearer ${token}` } });
    expect(api.status).toBe(200);
    await page.reload();
    await expect(page.getByTestId("new-token")).toHaveCount(0); // never shown again
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/topics");
    await expect(page).toHaveURL(/\/login\?next=%2Ftopics/);
  });

  test("a user changes their own password: signed out everywhere, the new one works", async ({ browser }) => {
    const page = await signIn(browser, "view", PW.view);
    await page.getByLabel("Signed in").getByRole("link").click();
    const form = page.getByRole("region", { name: "Change password" });
    await form.getByLabel("Current password").fill(PW.view);
    await form.getByLabel("New password", { exact: true }).fill("a brand new viewer pw");
    await form.getByLabel("New password again").fill("a brand new viewer pw");
    await form.getByRole("button", { name: "Change password" }).click();
    await expect(page).toHaveURL(/\/login/);
    expect((await page.request.get("/api/topics")).status()).toBe(401);
    await signIn(browser, "view", "a brand new viewer pw");
  });

  test("wrong passwords are throttled on the login page", async ({ browser }) => {
    const page = await (await browser.newContext({ baseURL: base })).newPage();
    await page.goto("/login");
    for (let i = 0; i < 6; i++) {
      await page.getByLabel("User name").fill("nobody");
      await page.getByLabel("Password").fill(`wrong guess ${i}`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toBeVisible();
    }
    await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toContainText(
      "Too many failed sign-ins",
    );
  });
});
