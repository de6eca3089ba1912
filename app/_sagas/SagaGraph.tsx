"use client";
import "@xyflow/react/dist/style.css";
import { Background, MarkerType, Position, ReactFlow, type Edge, type Node } from "@xyflow/react";
import { useMemo } from "react";
import type { SagaDefinitionView } from "@contract";
import { layoutStates, NODE_H, NODE_W } from "./layout";
import styles from "./sagas.module.css";

export interface GraphHighlight {
  /** States and `from|event|to` edges on the instance's path. */
  states: Set<string>;
  edges: Set<string>;
  current: string;
}

/**
 * A saga's state machine: states as nodes with their instance counts,
 * transitions as edges labelled with the event; compensation edges dashed
 * and coloured; an instance's path highlighted when given.
 */
export function SagaGraph({
  definition,
  counts,
  highlight,
  onState,
  label,
}: {
  definition: SagaDefinitionView;
  counts?: Record<string, number>;
  highlight?: GraphHighlight;
  onState?: (state: string) => void;
  label: string;
}) {
  const positions = useMemo(() => layoutStates(definition), [definition]);
  const nodes: Node[] = useMemo(
    () =>
      Object.entries(definition.states).map(([name, s]) => {
        const onPath = highlight?.states.has(name);
        const current = highlight?.current === name;
        return {
          id: name,
          position: positions.get(name)!,
          sourcePosition: Position.Right,
          targetPosition: Position.Left,
          draggable: false,
          connectable: false,
          data: {
            label: (
              <div
                className={styles.node}
                data-terminal={s.terminal ?? "none"}
                data-current={current}
                data-path={onPath}
                aria-label={`state ${name}`}
              >
                <span className={styles.nodeName}>{name}</span>
                {counts ? <span className={styles.nodeCount}>{counts[name] ?? 0}</span> : null}
              </div>
            ),
          },
          style: { width: NODE_W, height: NODE_H, padding: 0, border: "none", background: "transparent" },
        };
      }),
    [definition, positions, counts, highlight],
  );
  const edges: Edge[] = useMemo(
    () =>
      definition.transitions.map((t) => {
        const key = `${t.from}|${t.event}|${t.to}`;
        const onPath = highlight?.edges.has(key);
        const color = onPath ? "var(--accent)" : t.compensation ? "var(--warn)" : "var(--muted)";
        return {
          id: key,
          source: t.from,
          target: t.to,
          label: t.event,
          markerEnd: { type: MarkerType.ArrowClosed, color },
          style: { stroke: color, strokeWidth: onPath ? 3 : 1.5, strokeDasharray: t.compensation ? "6 4" : undefined },
          labelStyle: { fill: "var(--text)" }, // size in sagas.module.css (larger in presentation mode)
          labelBgStyle: { fill: "var(--panel)" },
          className: t.compensation ? "compensation" : "forward",
        };
      }),
    [definition, highlight],
  );
  return (
    <div className={styles.graph} role="figure" aria-label={label} data-states={nodes.length} data-edges={edges.length}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        fitView
        fitViewOptions={{ padding: 0.08 }}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={!!onState}
        onNodeClick={(_, n) => onState?.(n.id)}
        minZoom={0.2}
      >
        <Background gap={24} color="var(--border)" />
      </ReactFlow>
    </div>
  );
}
