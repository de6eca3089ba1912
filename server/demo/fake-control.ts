import { DemoServiceNames, type DemoControl, type DemoState } from "../contract";

/**
 * An in-memory DemoControl for tests of what drives the demo (routes, the
 * HTTP edge): levers change a plain state object and are recorded in `calls`;
 * set `failWith` to make the next levers throw. Not the demo: server/demo is.
 */
export function fakeDemoControl() {
  const state: DemoState = {
    startedAt: "2025-01-01T00:00:00.000Z",
    ordersPerSecond: 5,
    returnShare: 0.1,
    orders: { started: 0, completed: 0, compensated: 0 },
    returns: { started: 0, completed: 0, rejected: 0 },
    poisonSent: 0,
    duplicates: { pending: 0, injected: 0 },
    services: DemoServiceNames.map((service) => ({
      service,
      group: `demo-${service}`,
      up: true,
      processed: 0,
      duplicatesSkipped: 0,
      retries: 0,
      deadLettered: 0,
      outboxBacklog: 0,
      outboxSent: 0,
      failureShare: null,
    })),
  };
  const fake = { failWith: null as Error | null, calls: [] as string[] };
  const lever =
    <B>(name: string, apply: (b: B) => void) =>
    async (b: B) => {
      fake.calls.push(name);
      if (fake.failWith) throw fake.failWith;
      apply(b);
      return structuredClone(state);
    };
  const control: DemoControl = {
    state: async () => structuredClone(state),
    setRate: lever("setRate", (b) => (state.ordersPerSecond = b.ordersPerSecond)),
    setFailureShare: lever(
      "setFailureShare",
      (b) => (state.services.find((s) => s.service === b.service)!.failureShare = b.share),
    ),
    setOutage: lever("setOutage", (b) => (state.services.find((s) => s.service === b.service)!.up = !b.down)),
    sendPoison: lever("sendPoison", (b) => (state.poisonSent += b.count)),
    injectDuplicates: lever("injectDuplicates", (b) => (state.duplicates.pending += b.count)),
  };
  return Object.assign(fake, { control });
}
