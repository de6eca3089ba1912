import { expect, test } from "@playwright/test";
import { Kafka, logLevel } from "kafkajs";
import { brokers, createTopic, kcatProduce, uniqueTopic } from "./kafka";

test.describe("consumer groups", () => {
  test("lists a group with its members and lag, flags lag that keeps growing, and charts it", async ({ page }) => {
    const topic = uniqueTopic("lag");
    const groupId = `${topic}-app`;
    await createTopic(topic, 2);
    const kafka = new Kafka({ clientId: "e2e-groups", brokers: brokers().split(","), logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let read = 0;
    await consumer.run({ autoCommitInterval: 100, eachMessage: async () => void read++ });
    // One record on each partition: the group commits on both, so every partition's lag is known.
    await kcatProduce(["-t", topic, "-p", "0"], "a\nb\n");
    await kcatProduce(["-t", topic, "-p", "1"], "c\n");
    await expect.poll(() => read).toBe(3);

    await page.goto("/groups");
    const row = page.getByRole("row", { name: `group ${groupId}` });
    await expect(row).toContainText("Stable");
    await expect(row.getByRole("cell").nth(4)).toHaveText("0");

    // The application stops keeping up: lag climbs and is flagged.
    consumer.pause([{ topic }]);
    for (let i = 0; i < 8; i++) {
      await kcatProduce(["-t", topic], Array.from({ length: 5 }, (_, k) => `late-${i}-${k}`).join("\n") + "\n");
      await page.waitForTimeout(600);
    }
    await expect(row).toContainText("growing");
    await row.getByRole("link", { name: groupId }).click();
    await expect(page.getByRole("heading", { name: groupId })).toContainText("lag growing");
    await expect(page.getByRole("img", { name: `${groupId} lag over time` })).not.toHaveAttribute("data-points", "0");
    await expect(page.getByRole("table", { name: "Partitions" }).locator("tbody tr")).toHaveCount(2);
    await expect(page.getByRole("table", { name: "Members" })).toContainText(`${topic} [0, 1]`);
    await page.screenshot({ path: "test-results/consumer-group.png" });

    // It catches up: the flag clears.
    consumer.resume([{ topic }]);
    await expect(page.getByRole("heading", { name: groupId })).not.toContainText("lag growing", { timeout: 30_000 });
    await consumer.disconnect();
  });
});
