import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { Kafka, logLevel } from "kafkajs";
import { brokers, createTopic, kcatProduce } from "./kafka";

// The e2e server loads the shipped definition (sagas/order.json): topics orders, payments, inventory, shipping.
const kafka = () => new Kafka({ clientId: "e2e-sagas", brokers: brokers().split(","), logLevel: logLevel.NOTHING });
const id = (p: string) => `${p}-${randomBytes(3).toString("hex")}`;

/** Produces saga events with kcat, the way a non-JavaScript service would: key, saga-id, event-type and event-id headers. */
async function publish(events: Array<[topic: string, saga: string, type: string, eventId?: string]>): Promise<void> {
  const admin = kafka().admin();
  await admin.connect();
  await admin.createTopics({
    topics: ["orders", "payments", "inventory", "shipping"].map((topic) => ({ topic, numPartitions: 2 })),
    waitForLeaders: true,
  });
  await admin.disconnect();
  for (const [topic, saga, type, eventId] of events) {
    await kcatProduce(
      [
        "-t",
        topic,
        "-k",
        saga,
        "-H",
        `saga-id=${saga}`,
        "-H",
        `event-type=${type}`,
        "-H",
        `event-id=${eventId ?? randomBytes(8).toString("hex")}`,
      ],
      `{"saga":"${saga}","type":"${type}"}\n`,
    );
  }
}

test.describe("saga views", () => {
  test("shows the order saga's graph with live counts, lists instances by state, and draws one instance's path and timeline", async ({
    page,
  }) => {
    const ok = id("ok");
    const comp = id("comp");
    const stuck = id("stuck");
    const dup = id("dup");
    await page.goto("/sagas");
    await expect(page.getByRole("status", { name: "Kafka connection" })).toHaveText("connected");
    await publish([
      ["orders", ok, "OrderCreated"],
      ["payments", ok, "PaymentAuthorized"],
      ["inventory", ok, "InventoryReserved"],
      ["shipping", ok, "ShipmentScheduled"],
      ["orders", ok, "OrderCompleted"],
      ["orders", comp, "OrderCreated"],
      ["payments", comp, "PaymentAuthorized"],
      ["inventory", comp, "InventoryOutOfStock"],
      ["payments", comp, "PaymentRefunded"],
      ["orders", comp, "OrderCancelled"],
      ["orders", stuck, "OrderCreated"],
      ["shipping", stuck, "ShipmentScheduled"], // not allowed in "created"
      ["orders", dup, "OrderCreated", `${dup}-e1`],
      ["orders", dup, "OrderCreated", `${dup}-e1`], // delivered twice
      ["payments", dup, "PaymentFailed"],
      ["orders", dup, "OrderCancelled"],
    ]);

    const card = page.getByRole("region", { name: "saga order" });
    await expect(card).toBeVisible();
    await card.getByRole("link", { name: "order" }).click();
    await expect(page.getByRole("heading", { name: "order" })).toBeVisible();
    const graph = page.getByRole("figure", { name: "order state machine" });
    await expect(graph).toHaveAttribute("data-states", "13");
    await expect(graph).toHaveAttribute("data-edges", "13");
    await expect(graph.locator(".react-flow__edge.compensation")).toHaveCount(6);
    await expect(graph.getByLabel("state completed")).toContainText(/[1-9]/);
    // Counts change live: one more completed saga moves the number on the node.
    const completedBefore = Number((await graph.getByLabel("state completed").textContent())!.replace(/\D/g, ""));
    const late = id("late");
    await publish([
      ["orders", late, "OrderCreated"],
      ["payments", late, "PaymentAuthorized"],
      ["inventory", late, "InventoryReserved"],
      ["shipping", late, "ShipmentScheduled"],
      ["orders", late, "OrderCompleted"],
    ]);
    await expect(graph.getByLabel("state completed")).toHaveText(`completed${completedBefore + 1}`);

    // Click a state: the instance list narrows to it.
    await graph.getByLabel("state compensated").click();
    await expect(page.getByRole("combobox", { name: "State" })).toHaveValue("compensated");
    const rows = page.getByRole("table", { name: "Instances" }).locator("tbody tr");
    await expect(rows.filter({ hasText: comp })).toHaveCount(1);
    await expect(rows.filter({ hasText: ok })).toHaveCount(0);

    // Search by correlation id and filter by anomaly.
    await page.getByRole("combobox", { name: "State" }).selectOption("");
    await page.getByRole("searchbox", { name: "Search by correlation id" }).fill(stuck);
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText("invalid-transition");
    await page.getByRole("searchbox", { name: "Search by correlation id" }).fill("");
    await page.getByRole("combobox", { name: "Anomaly" }).selectOption("duplicate");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(dup);
    await expect(rows.first()).toContainText("failed");
    await page.getByRole("combobox", { name: "Anomaly" }).selectOption("stuck");
    // "created" has a 10 s timeout in the definition.
    await expect(rows.filter({ hasText: stuck })).toHaveCount(1, { timeout: 30_000 });

    // The compensated instance: path on the graph, timeline, events with compensation marks.
    await page.goto(`/sagas/order/${comp}`);
    await expect(page.getByLabel("Current state")).toHaveText("compensated");
    const timeline = page.getByRole("region", { name: "Timeline" });
    await expect(timeline.getByRole("listitem")).toHaveCount(5);
    const events = page.getByRole("table", { name: "Events" }).locator("tbody tr");
    await expect(events).toHaveCount(5);
    await expect(events.filter({ hasText: "compensation" })).toHaveCount(3);
    await expect(page.getByRole("figure", { name: `${comp} path` }).getByLabel("state refunding")).toHaveAttribute(
      "data-path",
      "true",
    );
    await page.screenshot({ path: "test-results/saga-instance.png", fullPage: true });

    await page.goto(`/sagas/order/${stuck}`);
    await expect(page.getByRole("region", { name: "Anomalies" })).toContainText(
      "ShipmentScheduled is not allowed in state created",
    );

    // The payment service dead-lettered the stuck order's event: the dead letter links to the instance.
    await createTopic("orders.DLT", 1).catch(() => undefined);
    await kcatProduce(
      [
        "-t",
        "orders.DLT",
        "-k",
        stuck,
        "-H",
        "kafka_dlt-original-topic=orders",
        "-H",
        `saga-id=${stuck}`,
        "-H",
        "event-type=OrderCreated",
        "-H",
        "kafka_dlt-exception-message=bad amount",
      ],
      `{"saga":"${stuck}"}\n`,
    );
    await page.goto("/dlq");
    await page.getByRole("searchbox", { name: "Search dead letters" }).fill("bad amount");
    await page
      .getByRole("table", { name: "Dead letters" })
      .getByRole("row")
      .filter({ hasText: stuck })
      .getByRole("button")
      .click();
    await page
      .getByRole("complementary", { name: "Dead letter detail" })
      .getByRole("link", { name: `order ${stuck}` })
      .click();
    await expect(page).toHaveURL(new RegExp(`/sagas/order/${stuck}$`));
    await expect(page.getByLabel("Current state")).toHaveText("created");
  });
});
