// Reads a V8 heap snapshot (.heapsnapshot) into typed arrays. Reads the file as bytes: a
// snapshot of a large heap is longer than the longest string V8 can parse at once, and its
// node and edge arrays are tens of millions of numbers (typed arrays, not JavaScript arrays).
import fs from "node:fs";

export interface THeapSnapshot {
  nodeTypes: string[];
  edgeTypes: string[];
  /** Numbers per node / per edge in the flat arrays. */
  nodeWidth: number;
  edgeWidth: number;
  nodeCount: number;
  nodes: Uint32Array;
  edges: Uint32Array;
  strings: string[];
  /** Offsets of each node's fields in `nodes`, and of each edge's in `edges`. */
  node: { type: number; name: number; id: number; selfSize: number; edgeCount: number };
  edge: { type: number; nameOrIndex: number; toNode: number };
  /** The index (in edges, not numbers) of each node's first edge; firstEdge[nodeCount] is the total. */
  firstEdge: Uint32Array;
}

/** The unsigned integers of a JSON array starting at `from` (just after its "["), up to its "]". */
function readNumbers(bytes: Buffer, from: number): { values: Uint32Array; end: number } {
  let values = new Uint32Array(1 << 20);
  let length = 0;
  let value = 0;
  let inNumber = false;
  let i = from;
  for (; i < bytes.length; i++) {
    const c = bytes[i] ?? 0;
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      inNumber = true;
      continue;
    }
    if (inNumber) {
      if (value > 0xffffffff) throw new Error(`a number in the snapshot does not fit 32 bits: ${value}`);
      if (length === values.length) {
        const grown = new Uint32Array(values.length * 2);
        grown.set(values);
        values = grown;
      }
      values[length++] = value;
    }
    value = 0;
    inNumber = false;
    if (c === 93) break; // ]
  }
  return { values: values.subarray(0, length), end: i };
}

export function readHeapSnapshot(file: string): THeapSnapshot {
  const bytes = fs.readFileSync(file);
  const nodesAt = bytes.indexOf('"nodes":[');
  const head = JSON.parse(`${bytes.subarray(0, nodesAt).toString("utf8").replace(/,\s*$/, "")}}`) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]]; edge_fields: string[]; edge_types: [string[], ...unknown[]] } };
  };
  const meta = head.snapshot.meta;
  const nodes = readNumbers(bytes, nodesAt + '"nodes":['.length);
  const edgesAt = bytes.indexOf('"edges":[', nodes.end);
  const edges = readNumbers(bytes, edgesAt + '"edges":['.length);
  const stringsAt = bytes.indexOf('"strings":[', edges.end);
  const end = bytes.lastIndexOf("]");
  const strings = JSON.parse(bytes.subarray(stringsAt + '"strings":'.length, end + 1).toString("utf8")) as string[];

  const nodeWidth = meta.node_fields.length;
  const edgeWidth = meta.edge_fields.length;
  const node = {
    type: meta.node_fields.indexOf("type"),
    name: meta.node_fields.indexOf("name"),
    id: meta.node_fields.indexOf("id"),
    selfSize: meta.node_fields.indexOf("self_size"),
    edgeCount: meta.node_fields.indexOf("edge_count"),
  };
  const edge = { type: meta.edge_fields.indexOf("type"), nameOrIndex: meta.edge_fields.indexOf("name_or_index"), toNode: meta.edge_fields.indexOf("to_node") };
  const nodeCount = nodes.values.length / nodeWidth;
  const firstEdge = new Uint32Array(nodeCount + 1);
  for (let n = 0; n < nodeCount; n++) firstEdge[n + 1] = (firstEdge[n] ?? 0) + (nodes.values[n * nodeWidth + node.edgeCount] ?? 0);
  if (firstEdge[nodeCount] !== edges.values.length / edgeWidth) throw new Error("the snapshot's edge counts do not add up to its edges");
  return {
    nodeTypes: meta.node_types[0],
    edgeTypes: meta.edge_types[0],
    nodeWidth,
    edgeWidth,
    nodeCount,
    nodes: nodes.values,
    edges: edges.values,
    strings,
    node,
    edge,
    firstEdge,
  };
}
