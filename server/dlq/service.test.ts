import { afterAll, describe, expect, it } from "vitest";
import type { Store } from "../store";
import { Masker } from "../security/masking";
import { Secret } from "../security/secret";
import { createAuditLog, type AuditLog } from "../audit/repo";
import { createDlqRepo } from "./repo";
import { createDlqService } from "./service";
import { deadLetter, freshStore, gate, quietLog, recordingPublisher } from "./test-support";
import type { OutgoingRecord } from "./publisher";

const stores: Store[] = [];
afterAll(async () => {
  for (const s of stores) await s.close();
});

async function setup(
  beforePublish?: (r: OutgoingRecord, auditLog: AuditLog) => void | Promise<void>,
  masking = new Masker(),
) {
  const store = await freshStore();
  stores.push(store);
  const repo = createDlqRepo(store.db);
  const auditLog = createAuditLog(store.db);
  let ids = 0;
  const publisher = recordingPublisher(beforePublish && ((r) => beforePublish(r, auditLog)));
  const service = createDlqService({
    repo,
    audit: auditLog.audit,
    publisher,
    log: quietLog(),
    masking,
    newId: () => `replay-${++ids}`,
  });
  await repo.capture([deadLetter(1), deadLetter(2), deadLetter(3, null)]);
  // The same records and audit log, without masking rules.
  const unmasked = createDlqService({
    repo,
    audit: auditLog.audit,
    publisher,
    log: quietLog(),
    masking: new Masker(),
    newId: () => `replay-${++ids}`,
  });
  return { repo, auditLog, publisher, service, unmasked };
}
const ID = "orders.DLT/0/1";
const header = (r: OutgoingRecord, name: string) => r.headers.findLast((h) => h.name === name)?.value?.toString();
const results = async (auditLog: AuditLog, id = ID) =>
  (await auditLog.listAudit({ deadLetterId: id })).map((a) => a.result).reverse();

describe("dead-letter service: retry", () => {
  it("audits `requested` before it publishes, then publishes once with the replay stamp and audits `ok`", async () => {
    const atPublish: string[][] = [];
    const { repo, auditLog, publisher, service } = await setup(async (_r, auditLog) => {
      atPublish.push(await results(auditLog));
    });
    const r = await service.retry(ID, { reason: "fixed" }, "ana");
    expect(r).toEqual({ ok: true, value: { replayId: "replay-1", state: "published", partition: 0, offset: "0" } });
    // The fake publisher looked at the audit log at the moment of sending.
    expect(atPublish).toEqual([["requested"]]);
    expect(await results(auditLog)).toEqual(["requested", "ok"]);

    expect(publisher.published).toHaveLength(1);
    const sent = publisher.published[0]!;
    expect(sent.topic).toBe("orders");
    expect(sent.key?.toString()).toBe("o-1");
    expect(sent.value?.toString()).toBe(JSON.stringify({ orderId: "o-1" }));
    expect(header(sent, "saga-id")).toBe("o-1");
    expect(header(sent, "sagascope-replay-id")).toBe("replay-1");
    expect(header(sent, "sagascope-replay-source")).toBe(ID);
    expect(header(sent, "sagascope-replay-operator")).toBe("ana");
    expect(sent.headers.some((h) => h.name.startsWith("kafka_dlt-"))).toBe(false);

    const dl = (await repo.get(ID))!;
    expect(dl.status).toBe("published");
    expect(dl.replays).toMatchObject([{ id: "replay-1", state: "published", resultPartition: 0, resultOffset: "0" }]);
  });

  it("never publishes twice: a retry while one is publishing is refused, and so is one after it published", async () => {
    const held = gate();
    const { repo, auditLog, publisher, service } = await setup(() => held.wait());
    const first = service.retry(ID, { reason: "fixed" }, "ana");
    await held.arrived;
    const second = await service.retry(ID, { reason: "double click" }, "ana");
    expect(second).toMatchObject({ ok: false, code: "RETRY_IN_PROGRESS", retriable: true });
    held.open();
    expect((await first).ok).toBe(true);
    const third = await service.retry(ID, { reason: "again" }, "bob");
    expect(third).toMatchObject({ ok: false, code: "ALREADY_PUBLISHED", retriable: false });
    expect(publisher.published).toHaveLength(1);
    expect(await results(auditLog)).toEqual(["requested", "refused", "ok", "refused"]);
    expect((await repo.get(ID))!.replays).toHaveLength(1);
  });

  it("lets one of many simultaneous retries through", async () => {
    const { repo, auditLog, publisher, service } = await setup();
    const all = await Promise.all(
      Array.from({ length: 6 }, (_, i) => service.retry(ID, { reason: `click ${i}` }, "ana")),
    );
    expect(all.filter((r) => r.ok)).toHaveLength(1);
    for (const r of all.filter((r) => !r.ok))
      expect(["RETRY_IN_PROGRESS", "ALREADY_PUBLISHED", "CONFLICT"]).toContain(r.ok ? null : r.code);
    expect(publisher.published).toHaveLength(1);
    expect((await repo.get(ID))!.attempts).toBe(1);
  });

  it("publishes again only with force, as a new attempt with its own replay id", async () => {
    const { repo, auditLog, publisher, service } = await setup();
    await service.retry(ID, { reason: "fixed" }, "ana");
    const again = await service.retry(ID, { reason: "consumer lost it", force: true }, "ana");
    expect(again).toMatchObject({ ok: true, value: { replayId: "replay-2" } });
    expect(
      publisher.published.map((r) => [header(r, "sagascope-replay-id"), header(r, "sagascope-replay-attempt")]),
    ).toEqual([
      ["replay-1", "1"],
      ["replay-2", "2"],
    ]);
    expect((await repo.get(ID))!.replays.map((r) => r.attempt)).toEqual([1, 2]);
  });

  it("answers PUBLISH_FAILED (retriable) with the failed attempt when the broker refuses, and the record can be retried", async () => {
    // A configured credential that the client echoes back in its error must not reach the answer.
    const password = new Secret("service-test-sasl-password");
    let down = true;
    const { repo, auditLog, publisher, service } = await setup(() => {
      if (down) throw new Error(`connect ECONNREFUSED 127.0.0.1:9092 (password=${password.reveal()})`);
    });
    const r = await service.retry(ID, { reason: "try" }, "ana");
    expect(r).toMatchObject({
      ok: false,
      code: "PUBLISH_FAILED",
      retriable: true,
      outcome: { replayId: "replay-1", state: "failed" },
    });
    expect(r.ok ? "" : r.message).toContain("ECONNREFUSED");
    expect(r.ok ? "" : r.message).not.toContain(password.reveal());
    expect((await repo.get(ID))!.status).toBe("failed");
    expect(await results(auditLog)).toEqual(["requested", "failed"]);

    down = false;
    expect((await service.retry(ID, { reason: "broker back" }, "ana")).ok).toBe(true);
    expect(publisher.published).toHaveLength(1);
    expect((await repo.get(ID))!.replays.map((x) => x.state)).toEqual(["failed", "published"]);
  });

  it("refuses with codes, audits each refusal with its reason, and publishes nothing", async () => {
    const { repo, auditLog, publisher, service, unmasked } = await setup(
      undefined,
      new Masker([{ topics: "orders", fields: ["value.orderId"], patterns: [] }]),
    );
    expect(await service.retry("orders.DLT/0/99", { reason: "x" }, "ana")).toEqual({
      ok: false,
      code: "NOT_FOUND",
      retriable: false,
    });
    expect(await service.retry("orders.DLT/0/3", { reason: "x" }, "ana")).toMatchObject({
      ok: false,
      code: "NO_TARGET_TOPIC",
      retriable: false,
      message: expect.stringContaining("target topic"),
    });
    expect(await service.retry(ID, { reason: "x", value: "{not json" }, "ana")).toMatchObject({
      ok: false,
      code: "MASKED",
      retriable: false,
    });
    expect(await unmasked.retry(ID, { reason: "x", value: "{not json" }, "ana")).toMatchObject({
      ok: false,
      code: "INVALID_JSON_VALUE",
      retriable: false,
      message: expect.any(String),
    });
    expect(publisher.published).toHaveLength(0);
    const whys = (await auditLog.listAudit({}))
      .map((a) => [a.deadLetterId, a.result, (JSON.parse(a.detail) as { why?: string }).why])
      .reverse();
    expect(whys).toEqual([
      ["orders.DLT/0/3", "refused", "NO_TARGET_TOPIC"],
      [ID, "refused", "MASKED"],
      [ID, "refused", "INVALID_JSON_VALUE"],
    ]);
    expect((await repo.get(ID))!.status).toBe("new");

    // With a target topic the record without an origin goes where the operator says.
    expect(await service.retry("orders.DLT/0/3", { reason: "x", targetTopic: "orders-v2" }, "ana")).toMatchObject({
      ok: true,
    });
    expect(publisher.published.map((r) => r.topic)).toEqual(["orders-v2"]);
  });

  it("publishes an edited value and headers, keeping the replay stamp", async () => {
    const { publisher, service } = await setup();
    const r = await service.retry(
      ID,
      {
        reason: "fixed amount",
        value: '{"orderId":"o-1","amount":5}',
        headers: [
          { name: "fixed-by", value: "ana" },
          { name: "sagascope-replay-id", value: "forged" },
        ],
      },
      "ana",
    );
    expect(r.ok).toBe(true);
    const sent = publisher.published[0]!;
    expect(sent.value?.toString()).toBe('{"orderId":"o-1","amount":5}');
    expect(sent.headers.map((h) => [h.name, h.value?.toString()]).slice(0, 2)).toEqual([
      ["fixed-by", "ana"],
      ["sagascope-replay-id", "replay-1"],
    ]);
  });

  it("refuses new actions once closing (SHUTTING_DOWN, retriable) and waits for the publish in flight to record its outcome", async () => {
    const held = gate();
    const { repo, auditLog, publisher, service } = await setup(() => held.wait());
    const inFlight = service.retry(ID, { reason: "fixed" }, "ana");
    await held.arrived;
    let closed = false;
    const closing = service.close().then(() => (closed = true));
    expect(await service.retry("orders.DLT/0/2", { reason: "x" }, "ana")).toMatchObject({
      ok: false,
      code: "SHUTTING_DOWN",
      retriable: true,
    });
    expect(await service.discard("orders.DLT/0/2", { reason: "x" }, "ana")).toMatchObject({
      ok: false,
      code: "SHUTTING_DOWN",
    });
    expect(closed).toBe(false);
    held.open();
    await closing;
    expect((await inFlight).ok).toBe(true);
    expect((await repo.get(ID))!.status).toBe("published");
    expect(publisher.closed()).toBe(true);
  });
});

describe("dead-letter service: discard", () => {
  it("resolves an open record once, with audit before and after, and then retry needs force", async () => {
    const { repo, auditLog, publisher, service } = await setup();
    expect(await service.discard(ID, { reason: "test order" }, "ana")).toEqual({
      ok: true,
      value: { status: "discarded" },
    });
    expect(await service.discard(ID, { reason: "again" }, "ana")).toMatchObject({
      ok: false,
      code: "DISCARDED",
      retriable: false,
    });
    expect(await results(auditLog)).toEqual(["requested", "ok", "refused"]);
    expect((await repo.get(ID))!.resolvedReason).toBe("test order");
    expect(await service.retry(ID, { reason: "x" }, "ana")).toMatchObject({ ok: false, code: "DISCARDED" });
    expect(await service.retry(ID, { reason: "x", force: true }, "ana")).toMatchObject({ ok: true });
    expect(publisher.published).toHaveLength(1);
    expect(await service.discard(ID, { reason: "published now" }, "ana")).toMatchObject({
      ok: false,
      code: "ALREADY_PUBLISHED",
    });
    expect(await service.discard("orders.DLT/0/99", { reason: "x" }, "ana")).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });
  });

  it("refuses to discard a record while its retry is publishing", async () => {
    const held = gate();
    const { repo, auditLog, service } = await setup(() => held.wait());
    const retry = service.retry(ID, { reason: "fixed" }, "ana");
    await held.arrived;
    expect(await service.discard(ID, { reason: "changed my mind" }, "ana")).toMatchObject({
      ok: false,
      code: "RETRY_IN_PROGRESS",
      retriable: true,
    });
    held.open();
    await retry;
    expect((await repo.get(ID))!.status).toBe("published");
  });
});
