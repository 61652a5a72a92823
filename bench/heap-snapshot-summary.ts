// What a V8 heap snapshot holds, by node type and constructor (self size and count), and
// with a second snapshot what grew between them. What holds the bytes (retained sizes, the
// dominator tree, bytes by script): bench/heap-snapshot-retainers.ts.
//
//   npx tsx bench/heap-snapshot-summary.ts BEFORE.heapsnapshot [AFTER.heapsnapshot] [--top 30]
import { readHeapSnapshot } from "./heap-snapshot-read.ts";

interface TSummary {
  totalBytes: number;
  nodes: number;
  byKey: Map<string, { bytes: number; count: number }>;
}

function summarize(file: string): TSummary {
  const snapshot = readHeapSnapshot(file);
  const { nodes, strings, nodeWidth: width, node } = snapshot;
  const types = snapshot.nodeTypes;
  const byKey = new Map<string, { bytes: number; count: number }>();
  let totalBytes = 0;
  for (let n = 0; n + width <= nodes.length; n += width) {
    const type = types[nodes[n + node.type] ?? 0] ?? "?";
    const size = nodes[n + node.selfSize] ?? 0;
    const rawName = strings[nodes[n + node.name] ?? 0] ?? "";
    // Strings and code are named by their content: group them by type alone.
    const name = type === "object" || type === "closure" || type === "native" || type === "array" ? rawName.slice(0, 80) : "";
    const key = `${type} ${name}`.trim();
    const entry = byKey.get(key) ?? { bytes: 0, count: 0 };
    entry.bytes += size;
    entry.count += 1;
    byKey.set(key, entry);
    totalBytes += size;
  }
  return { totalBytes, nodes: snapshot.nodeCount, byKey };
}

const args = process.argv.slice(2);
const files = args.filter((a) => a.endsWith(".heapsnapshot"));
const top = Number(args[args.indexOf("--top") + 1] ?? "") || 30;
const mb = (n: number) => (n / 1048576).toFixed(1);
const [first, second] = files.map(summarize);
if (!first) throw new Error("usage: heap-snapshot-summary.ts BEFORE.heapsnapshot [AFTER.heapsnapshot]");
console.log(`${files[0]}: ${mb(first.totalBytes)} MB in ${first.nodes.toLocaleString("en-US")} nodes`);
const largest = [...first.byKey.entries()].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, top);
for (const [key, { bytes, count }] of largest) console.log(`  ${mb(bytes).padStart(8)} MB ${String(count).padStart(9)}  ${key}`);
if (second) {
  console.log(`\n${files[1]}: ${mb(second.totalBytes)} MB in ${second.nodes.toLocaleString("en-US")} nodes; grew ${mb(second.totalBytes - first.totalBytes)} MB`);
  const growth = [...second.byKey.entries()]
    .map(([key, after]) => {
      const before = first.byKey.get(key) ?? { bytes: 0, count: 0 };
      return { key, bytes: after.bytes - before.bytes, count: after.count - before.count };
    })
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, top);
  for (const { key, bytes, count } of growth) console.log(`  ${mb(bytes).padStart(8)} MB ${String(count).padStart(9)}  ${key}`);
}
