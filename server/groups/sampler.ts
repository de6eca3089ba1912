import { AssignerProtocol, type Admin, type Kafka } from "kafkajs";
import type { Logger } from "../log";
import { isGrowing, LagHistory, partitionLag, type LagSample } from "./lag";

export interface PartitionLag {
  topic: string;
  partition: number;
  committed: string | null;
  high: string;
  lag: number | null;
}

export interface GroupSnapshot {
  groupId: string;
  state: string;
  protocolType: string;
  members: Array<{ memberId: string; clientId: string; host: string; assignment: Record<string, number[]> }>;
  partitions: PartitionLag[];
  /** Sum of known partition lags. */
  lag: number;
  growing: boolean;
  sampledAt: number;
}

export interface GroupsView {
  groups: GroupSnapshot[];
  sampledAt: number | null;
  error: string | null;
  intervalMs: number;
}

/**
 * Samples consumer groups from the admin API every `intervalMs`: state,
 * members and their assignments, committed offsets against the partitions'
 * end offsets. Keeps a lag history per group (and per partition) in memory
 * for the charts and the growing-lag flag.
 */
export function startGroupSampler(opts: {
  kafka: Kafka;
  log: Logger;
  intervalMs: number;
  historySamples: number;
  now?: () => number;
  /**
   * A topic's end offsets from the offset sampler's last sample (server/offsets/,
   * every partition of the cluster in two requests per broker), so lag costs
   * no ListOffsets per topic; a topic it has not sampled yet is asked of the
   * broker.
   */
  ends?: (topic: string) => Array<{ partition: number; high: string }> | undefined;
}) {
  const now = opts.now ?? Date.now;
  let view: GroupsView = { groups: [], sampledAt: null, error: null, intervalMs: opts.intervalMs };
  const history = new Map<string, LagHistory>();
  const partitionHistory = new Map<string, LagHistory>();
  let admin: Admin | null = null;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let wake: (() => void) | null = null;

  const historyOf = (map: Map<string, LagHistory>, key: string) => {
    let h = map.get(key);
    if (!h) map.set(key, (h = new LagHistory(opts.historySamples)));
    return h;
  };

  async function sample(): Promise<void> {
    if (!admin) {
      admin = opts.kafka.admin();
      await admin.connect();
    }
    const t = now();
    const { groups } = await admin.listGroups();
    const described = groups.length ? (await admin.describeGroups(groups.map((g) => g.groupId))).groups : [];
    const ends = new Map<string, Array<{ partition: number; high: string }>>();
    const endsOf = async (topic: string) => {
      let e = ends.get(topic) ?? opts.ends?.(topic);
      if (!e)
        ends.set(
          topic,
          (e = (await admin!.fetchTopicOffsets(topic)).map((x) => ({ partition: x.partition, high: x.high }))),
        );
      return e;
    };
    const snapshots: GroupSnapshot[] = [];
    for (const g of described) {
      const protocolType = groups.find((x) => x.groupId === g.groupId)?.protocolType ?? "";
      const members = g.members.map((m) => {
        let assignment: Record<string, number[]> = {};
        if (protocolType === "consumer" && m.memberAssignment.length) {
          try {
            assignment = AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment ?? {};
          } catch {
            assignment = {};
          }
        }
        return { memberId: m.memberId, clientId: m.clientId, host: m.clientHost, assignment };
      });
      const partitions: PartitionLag[] = [];
      const committed =
        protocolType === "consumer" || protocolType === ""
          ? await admin.fetchOffsets({ groupId: g.groupId }).catch(() => [])
          : [];
      // Every partition of every topic the group committed on or is assigned: a
      // partition it never committed on is listed with its lag unknown, not left out.
      const byTopic = new Map<string, Map<number, string>>();
      for (const { topic, partitions: ps } of committed)
        byTopic.set(topic, new Map(ps.map((p) => [p.partition, p.offset])));
      for (const m of members)
        for (const topic of Object.keys(m.assignment)) if (!byTopic.has(topic)) byTopic.set(topic, new Map());
      for (const [topic, offsets] of [...byTopic].sort((a, b) => a[0].localeCompare(b[0]))) {
        const e = await endsOf(topic).catch(() => []);
        const all = new Set([...e.map((x) => x.partition), ...offsets.keys()]);
        for (const partition of [...all].sort((a, b) => a - b)) {
          const high = e.find((x) => x.partition === partition)?.high ?? "0";
          const offset = offsets.get(partition) ?? "-1";
          const lag = partitionLag(offset, high);
          partitions.push({ topic, partition, committed: offset === "-1" ? null : offset, high, lag });
          if (lag !== null) historyOf(partitionHistory, `${g.groupId}\u0000${topic}\u0000${partition}`).add({ t, lag });
        }
      }
      const lag = partitions.reduce((n, p) => n + (p.lag ?? 0), 0);
      const h = historyOf(history, g.groupId);
      h.add({ t, lag });
      snapshots.push({
        groupId: g.groupId,
        state: g.state,
        protocolType,
        members,
        partitions,
        lag,
        growing: isGrowing(h.all()),
        sampledAt: t,
      });
    }
    // Groups that are gone stop being charted.
    const live = new Set(snapshots.map((s) => s.groupId));
    for (const k of history.keys()) if (!live.has(k)) history.delete(k);
    for (const k of partitionHistory.keys()) if (!live.has(k.split("\u0000")[0]!)) partitionHistory.delete(k);
    view = {
      groups: snapshots.sort((a, b) => b.lag - a.lag || a.groupId.localeCompare(b.groupId)),
      sampledAt: t,
      error: null,
      intervalMs: opts.intervalMs,
    };
  }

  const loop = async () => {
    while (!stopped) {
      running = sample().catch(async (err: unknown) => {
        view = { ...view, error: (err as Error).message ?? String(err) };
        opts.log.debug("group sampling failed", { err });
        const a = admin;
        admin = null;
        await a?.disconnect().catch(() => undefined);
      });
      await running;
      if (stopped) break;
      await new Promise<void>((r) => {
        const timer = setTimeout(r, opts.intervalMs);
        wake = () => {
          clearTimeout(timer);
          r();
        };
      });
    }
  };
  void loop();

  return {
    view: () => view,
    history: (groupId: string): readonly LagSample[] => history.get(groupId)?.all() ?? [],
    partitionHistory: (groupId: string, topic: string, partition: number): readonly LagSample[] =>
      partitionHistory.get(`${groupId}\u0000${topic}\u0000${partition}`)?.all() ?? [],
    async stop(): Promise<void> {
      stopped = true;
      wake?.();
      await running;
      await admin?.disconnect().catch(() => undefined);
    },
  };
}

export type GroupSampler = ReturnType<typeof startGroupSampler>;
