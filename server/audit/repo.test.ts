import os from "node:os";
import { mkdtempSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { auditEntrySchema } from "../contract";
import { openStore, type Store } from "../store";
import { dropFreshDatabases, freshUrl, providers } from "../store/test-db";
import { createAuditLog, type AuditInput } from "./repo";
import { auditCsv, auditView } from "./view";

const stores: Store[] = [];
afterAll(async () => {
  for (const s of stores) await s.close();
  await dropFreshDatabases();
});

describe.each(providers())("audit log (%s)", (provider) => {
  const open = async (onAudit?: (e: AuditInput) => void) => {
    const store = await openStore({
      databaseUrl: await freshUrl(provider),
      dataDir: mkdtempSync(path.join(os.tmpdir(), "audit-")),
    });
    stores.push(store);
    return createAuditLog(store.db, { onAudit });
  };

  it("stores each row, tells the hook after storing it, and lists newest first by record, action and actor", async () => {
    const seen: string[] = [];
    const log = await open((e) => seen.push(`${e.action}:${e.result}`));
    await log.audit({
      actor: "ana",
      action: "discard",
      deadLetterId: "orders.DLT/0/2",
      reason: "duplicate order",
      result: "requested",
    });
    await log.audit({
      actor: "ana",
      action: "discard",
      deadLetterId: "orders.DLT/0/2",
      reason: "duplicate order",
      result: "ok",
    });
    await log.audit({
      actor: "bob",
      action: "login",
      target: "127.0.0.1",
      result: "refused",
      detail: { reason: "wrong password" },
    });
    expect(seen).toEqual(["discard:requested", "discard:ok", "login:refused"]);

    const byRecord = await log.listAudit({ deadLetterId: "orders.DLT/0/2" });
    expect(byRecord.map((r) => r.result)).toEqual(["ok", "requested"]);
    expect(byRecord[0]).toMatchObject({
      actor: "ana",
      action: "discard",
      target: null,
      reason: "duplicate order",
      detail: "{}",
    });
    expect((await log.listAudit({ action: "login" })).map((r) => r.actor)).toEqual(["bob"]);
    expect((await log.listAudit({ actor: "ana" })).length).toBe(2);
    expect((await log.listAudit({ limit: 1 })).map((r) => r.action)).toEqual(["login"]);
  });

  it("answers rows in the contract's shape and exports them as CSV a spreadsheet cannot run", async () => {
    const log = await open();
    await log.audit({
      actor: "=cmd|' /C calc'!A0",
      action: "retry",
      deadLetterId: "t/0/1",
      target: "orders",
      reason: 'said "fixed", twice\nreally',
      result: "ok",
      detail: { replayId: "r-1" },
    });
    const rows = (await log.listAudit({})).map(auditView);
    expect(auditEntrySchema.array().parse(rows)).toEqual(rows);
    expect(rows[0]!.detail).toEqual({ replayId: "r-1" });
    const csv = auditCsv(rows);
    const [head, ...rest] = csv.split("\n");
    expect(head).toBe("id,at,actor,action,deadLetterId,target,reason,result,detail");
    expect(rest.join("\n")).toBe(
      `${rows[0]!.id},${rows[0]!.at},'=cmd|' /C calc'!A0,retry,t/0/1,orders,"said ""fixed"", twice\nreally",ok,"{""replayId"":""r-1""}"\n`,
    );
  });
});
