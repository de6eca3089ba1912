import type { Capability } from "../capability";
import type { Hub } from "./hub";

/**
 * Live updates to browsers: every ingested batch goes to the hub, which
 * queues only what each tab's subscription matches (a reference per record;
 * previews are built when a record is sent) and emits in batches on a timer.
 */
export function realtimeCapability(hub: Hub): Capability {
  return {
    name: "realtime",
    onBatch: (batch) => hub.publish(batch.records),
    metrics: () => [
      {
        name: "sagascope_socket_clients",
        help: "Browsers connected over socket.io",
        type: "gauge",
        samples: [{ value: hub.clientCount() }],
      },
      {
        name: "sagascope_socket_dropped_records_total",
        help: "Records dropped for browsers that could not keep up",
        type: "counter",
        samples: [{ value: hub.droppedTotal() }],
      },
      {
        name: "sagascope_socket_sampled_out_records_total",
        help: "Records matched by a browser's subscription but left out by its per-second sampling (CLIENT_MAX_RECORDS_PER_SEC)",
        type: "counter",
        samples: [{ value: hub.sampledOutTotal() }],
      },
    ],
    stop: () => hub.close(),
  };
}
