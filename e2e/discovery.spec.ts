import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createTopic, kcatProduce, uniqueTopic } from "./kafka";

test.describe("flow discovery", () => {
  test("infers a directly-follows graph from correlated events with no definition, and exports a starting definition", async ({
    page,
  }) => {
    const topic = uniqueTopic("claims");
    const tag = randomBytes(2).toString("hex");
    const [started, approved, paid, rejected] = ["ClaimFiled", "ClaimApproved", "ClaimPaid", "ClaimRejected"].map(
      (t) => `${t}${tag}`,
    ) as [string, string, string, string];
    await createTopic(topic, 1);
    const send = (id: string, type: string) =>
      kcatProduce(
        ["-t", topic, "-k", id, "-H", `correlation-id=${id}`, "-H", `event-type=${type}`],
        `{"claim":"${id}"}\n`,
      );
    for (let i = 0; i < 5; i++) for (const t of [started, approved, paid]) await send(`c-${tag}-${i}`, t);
    for (let i = 5; i < 7; i++) for (const t of [started, rejected]) await send(`c-${tag}-${i}`, t);

    await page.goto("/sagas");
    await page.getByRole("link", { name: "Discovered flows" }).click();
    const edges = page.getByRole("table", { name: "Directly-follows edges" });
    await expect(edges.getByRole("row").filter({ hasText: `${started}${approved}5` })).toHaveCount(1);
    await expect(edges.getByRole("row").filter({ hasText: `${started}${rejected}2` })).toHaveCount(1);
    const graph = page.getByRole("figure", { name: "Discovered flow" });
    await expect(graph.getByLabel(`state ${started}`)).toContainText("7");
    await expect(graph.getByLabel(`state ${paid}`)).toHaveAttribute("data-terminal", "completed");

    const exported = await (await page.request.get("/api/discovery/definition.json")).json();
    expect(exported).toMatchObject({
      initial: "start",
      correlation: expect.arrayContaining(["headers.correlation-id"]),
    });
    expect(exported.transitions).toContainEqual({
      from: `after-${kebab(started)}`,
      event: approved,
      to: `after-${kebab(approved)}`,
      compensation: false,
    });
    expect(exported.states[`after-${kebab(paid)}`]).toMatchObject({ terminal: "completed" });
    await page.screenshot({ path: "test-results/discovery.png" });
  });
});

const kebab = (t: string) =>
  t
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-");
