import { describe, expect, it } from "vitest";
import { DAGRE_MAX_NODES, GRAPH_NODE_HEIGHT, GRAPH_NODE_WIDTH, layoutServiceGraph, type TNodePosition } from "./layout-service-graph.ts";

function chainWithFanOut(n: number): { ids: string[]; edges: { source: string; target: string }[] } {
  const ids = Array.from({ length: n }, (_, i) => `s${i}`);
  const edges: { source: string; target: string }[] = [];
  for (let i = 1; i < n; i += 1) {
    edges.push({ source: `s${Math.floor((i - 1) / 3)}`, target: `s${i}` });
    if (i > 4) edges.push({ source: `s${i - 4}`, target: `s${i}` });
  }
  return { ids, edges };
}

function overlaps(a: TNodePosition, b: TNodePosition): boolean {
  return Math.abs(a.x - b.x) < GRAPH_NODE_WIDTH && Math.abs(a.y - b.y) < GRAPH_NODE_HEIGHT;
}

describe.each([
  ["dagre", 40],
  ["layered-fast", DAGRE_MAX_NODES + 200],
] as const)("layoutServiceGraph with %s", (engine, n) => {
  const { ids, edges } = chainWithFanOut(n);
  const started = performance.now();
  const layout = layoutServiceGraph(ids, [...edges, { source: "s3", target: "s3" }, { source: "s1", target: "missing" }]);
  const elapsed = performance.now() - started;

  it("places every node, left to right (callers left of callees), without overlaps", () => {
    expect(layout.engine).toBe(engine);
    expect(layout.positions.size).toBe(n);
    for (const edge of edges) {
      expect(layout.positions.get(edge.source)?.x ?? 0).toBeLessThan(layout.positions.get(edge.target)?.x ?? 0);
    }
    const all = [...layout.positions.values()];
    const sample = all.slice(0, 200);
    for (let i = 0; i < sample.length; i += 1) for (let j = i + 1; j < sample.length; j += 1) expect(overlaps(sample[i] as TNodePosition, sample[j] as TNodePosition)).toBe(false);
  });

  if (engine === "layered-fast") {
    it("stays fast on big graphs", () => {
      expect(elapsed).toBeLessThan(1000);
    });
  }

  it("survives cycles", () => {
    const cyclic = layoutServiceGraph(["a", "b", "c"], [
      { source: "a", target: "b" },
      { source: "b", target: "c" },
      { source: "c", target: "a" },
    ]);
    expect(cyclic.positions.size).toBe(3);
  });
});
