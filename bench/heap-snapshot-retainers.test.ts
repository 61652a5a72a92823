import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readHeapSnapshot } from "./heap-snapshot-read.ts";
import { computeDominators, scriptGroup } from "./heap-snapshot-retainers.ts";

const NODE_FIELDS = ["type", "name", "id", "self_size", "edge_count", "trace_node_id", "detachedness"];
const EDGE_FIELDS = ["type", "name_or_index", "to_node"];
const NODE_TYPES = ["hidden", "array", "string", "object", "code", "closure", "regexp", "number", "native", "synthetic"];
const EDGE_TYPES = ["context", "element", "property", "internal", "hidden", "shortcut", "weak"];

/** A snapshot file in V8's format: nodes by name with their size, edges as [from, to, type]. */
function writeSnapshot(nodes: [string, number][], edges: [number, number, string][]): string {
  const strings = ["", ...nodes.map(([name]) => name), "e"];
  const nodeNumbers = nodes.flatMap(([, size], index) => [NODE_TYPES.indexOf(index === 0 ? "synthetic" : "object"), index + 1, index * 2 + 1, size, edges.filter(([from]) => from === index).length, 0, 0]);
  const edgeNumbers = nodes.flatMap((_, index) =>
    edges.filter(([from]) => from === index).flatMap(([, to, type]) => [EDGE_TYPES.indexOf(type), strings.length - 1, to * NODE_FIELDS.length]),
  );
  const snapshot = {
    snapshot: { meta: { node_fields: NODE_FIELDS, node_types: [NODE_TYPES], edge_fields: EDGE_FIELDS, edge_types: [EDGE_TYPES] }, node_count: nodes.length, edge_count: edgeNumbers.length / 3 },
    nodes: nodeNumbers,
    edges: edgeNumbers,
    strings,
  };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "heap-snapshot-")), "test.heapsnapshot");
  fs.writeFileSync(file, JSON.stringify(snapshot));
  return file;
}

describe("heap snapshot retained sizes", () => {
  it("gives what only one path reaches to its holder, and what two paths reach to the node above both", () => {
    // root → a → shared ← b ← root; shared → leaf; a → own; b ⇢ own2 only weakly.
    const file = writeSnapshot(
      [
        ["root", 0],
        ["a", 10],
        ["b", 20],
        ["shared", 100],
        ["leaf", 1000],
        ["own", 5],
        ["own2", 7],
      ],
      [
        [0, 1, "property"],
        [0, 2, "property"],
        [1, 3, "property"],
        [2, 3, "property"],
        [3, 4, "element"],
        [1, 5, "property"],
        [2, 6, "weak"],
      ],
    );
    const snapshot = readHeapSnapshot(file);
    const { idom, retained } = computeDominators(snapshot);
    expect([...idom.subarray(1, 6)]).toEqual([0, 0, 0, 3, 1]);
    expect(idom[6]).toBe(0xffffffff); // reached only weakly: not retained by anything
    expect(retained[1]).toBe(15); // a and own; not shared, which b reaches too
    expect(retained[2]).toBe(20);
    expect(retained[3]).toBe(1100);
    expect(retained[0]).toBe(1135);
  });

  it("names where a script comes from", () => {
    expect(scriptGroup("file:///app/node_modules/@kubernetes/client-node/dist/gen/types/ObservableAPI.js")).toBe("npm @kubernetes/client-node");
    expect(scriptGroup("/app/node_modules/next/dist/server/next.js")).toBe("npm next");
    expect(scriptGroup("/app/.next/server/chunks/ssr/_1y2m._.js")).toBe(".next server/chunks/ssr/_1y2m._.js");
    expect(scriptGroup("file:///app/dist/start-chunk-Z4RT.js")).toBe("dist start-chunk-Z4RT.js");
    expect(scriptGroup("node:internal/streams/readable")).toBe("node node:internal");
  });
});
