import dagre from "@dagrejs/dagre";
import type { SagaDefinitionView } from "@contract";

export const NODE_W = 180;
export const NODE_H = 58;

/** Automatic left-to-right layout of a saga's states (dagre); positions are node top-left corners. */
export function layoutStates(def: SagaDefinitionView): Map<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "LR", nodesep: 30, ranksep: 60, edgesep: 16, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const s of Object.keys(def.states)) g.setNode(s, { width: NODE_W, height: NODE_H });
  // Edge labels take room between ranks (dagre spaces ranks for them), so event names stay readable.
  for (const t of def.transitions)
    g.setEdge(t.from, t.to, { width: t.event.length * 6.6 + 12, height: 16, labelpos: "c" });
  dagre.layout(g);
  const out = new Map<string, { x: number; y: number }>();
  for (const s of Object.keys(def.states)) {
    const n = g.node(s);
    out.set(s, { x: n.x - NODE_W / 2, y: n.y - NODE_H / 2 });
  }
  return out;
}
