import type { Audit } from "../audit/repo";
import type { Capability } from "../capability";
import type { DemoControl } from "../contract";
import type { Logger } from "../log";
import { demoApi } from "./api";

/**
 * The demo's scenario controls (/api/demo): levers on a running demo,
 * attached by `npm run demo` once the dashboard listens. Without a demo the
 * routes answer DEMO_NOT_RUNNING.
 */
export function demoCapability(deps: { audit: Audit; log: Logger }) {
  let demo: DemoControl | null = null;
  return {
    name: "demo",
    attach(control: DemoControl | null) {
      demo = control;
      deps.log.info(control ? "scenario controls attached to the demo" : "scenario controls detached");
    },
    routes: demoApi({ demo: () => demo, audit: deps.audit }),
    stop: () => {
      demo = null;
    },
  } satisfies Capability & Record<string, unknown>;
}
