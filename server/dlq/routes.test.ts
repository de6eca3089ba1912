import { describe, expect, it } from "vitest";
import { fail, ok, type Result } from "./errors";
import { handleDlq, type DlqRequest } from "./routes";
import type { DlqRepo } from "./repo";
import type { Redriver } from "./redrive";
import type { DlqService } from "./service";

/** The edge alone: what each core result looks like on the wire. The cores are faked by their answers. */
const answer = (retry: Result<unknown>) =>
  handleDlq(
    { method: "POST", pathname: "/api/dlq/messages/t%2F0%2F1/retry", query: new URLSearchParams(), body: { reason: "x" }, actor: "ana", headers: {} } as unknown as DlqRequest,
    { repo: {} as DlqRepo, service: { retry: async () => retry } as unknown as DlqService, redriver: {} as Redriver },
  );

describe("dead-letter routes: results on the wire", () => {
  it("answers a value with 200 and maps each code to its status and error body", async () => {
    expect(await answer(ok({ replayId: "r", state: "published", partition: 1, offset: "9" }))).toEqual({ status: 200, body: { replayId: "r", state: "published", partition: 1, offset: "9" } });
    expect(await answer(fail("NOT_FOUND"))).toEqual({ status: 404, body: { error: { code: "NOT_FOUND" } } });
    expect(await answer(fail("RETRY_IN_PROGRESS"))).toEqual({ status: 409, body: { error: { code: "RETRY_IN_PROGRESS" } } });
    expect(await answer(fail("NO_TARGET_TOPIC", { message: "choose one" }))).toEqual({ status: 400, body: { error: { code: "NO_TARGET_TOPIC", message: "choose one" } } });
    expect(await answer(fail("SHUTTING_DOWN"))).toEqual({ status: 503, body: { error: { code: "SHUTTING_DOWN" } } });
    expect(await answer(fail("PUBLISH_FAILED", { message: "ECONNREFUSED", outcome: { replayId: "r", state: "failed" } }))).toEqual({ status: 502, body: { replayId: "r", state: "failed", error: { code: "PUBLISH_FAILED", message: "ECONNREFUSED" } } });
  });

  it("puts a failure's details beside its code", async () => {
    const res = await handleDlq(
      { method: "DELETE", pathname: "/api/dlq/redrives/x", query: new URLSearchParams(), body: undefined, actor: "ana", headers: {} } as unknown as DlqRequest,
      { repo: {} as DlqRepo, service: {} as DlqService, redriver: { cancel: async () => fail("REDRIVE_NOT_RUNNING", { details: { state: "completed" } }) } as unknown as Redriver },
    );
    expect(res).toEqual({ status: 409, body: { error: { code: "REDRIVE_NOT_RUNNING", state: "completed" } } });
  });
});
