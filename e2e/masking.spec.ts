import { expect, test } from "@playwright/test";
import { createTopic, kcatProduce, uniqueTopic } from "./kafka";

test.describe("masking", () => {
  test("masks configured fields, headers and patterns in the stream, record detail, records API and whole-value download", async ({
    page,
    request,
  }) => {
    const topic = uniqueTopic("masked");
    await createTopic(topic);
    await page.goto("/");
    await expect(page.getByRole("status", { name: "Kafka connection" })).toHaveText("connected");
    const value = JSON.stringify({
      orderId: "o-9",
      card: { number: "4111111111111111", brand: "visa" },
      contact: "ada@example.org",
    });
    await kcatProduce(
      ["-t", topic, "-K", "|", "-H", "authorization=Bearer s3cr3t", "-H", "saga-id=o-9"],
      `o-9|${value}\n`,
    );

    const row = page.getByRole("row", { name: `${topic} partition 0 offset 0` });
    await expect(row).toContainText("•••masked•••");
    await row.click();
    const detail = page.getByRole("region", { name: `Record ${topic}/0/0` });
    await expect(detail).toContainText('"number": "•••masked•••"');
    await expect(detail).toContainText('"brand": "visa"');
    await expect(detail).toContainText('"contact": "•••masked•••"');
    await expect(detail).not.toContainText("4111111111111111");
    await expect(detail).not.toContainText("s3cr3t");
    await expect(detail).not.toContainText("ada@example.org");
    await expect(detail.getByRole("row", { name: /saga-id/ })).toContainText("o-9");

    // The REST API and the whole-value download are masked the same way.
    const api = await (await request.get(`/api/records/${topic}/0/0`)).text();
    expect(api).not.toContain("4111111111111111");
    expect(api).not.toContain("s3cr3t");
    const whole = await (await request.get(`/api/records/${topic}/0/0/value`)).text();
    expect(JSON.parse(whole)).toEqual({
      orderId: "o-9",
      card: { number: "•••masked•••", brand: "visa" },
      contact: "•••masked•••",
    });
    const page2 = await (await request.get(`/api/topics/${topic}/messages?from=0`)).text();
    expect(page2).not.toContain("4111111111111111");
    const trace = await (await request.get(`/api/traces/o-9`)).text();
    expect(trace).toContain(topic);
    expect(trace).not.toContain("4111111111111111");
  });
});
