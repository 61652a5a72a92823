// What a V8 heap snapshot holds, by node type and constructor (self size and count), and
// with a second snapshot what grew between them. Reads the file as bytes (a snapshot of a
// large heap is longer than the longest string V8 can parse at once).
//
//   npx tsx bench/heap-snapshot-summary.ts BEFORE.heapsnapshot [AFTER.heapsnapshot] [--top 30]
import fs from "node:fs";

interface TSummary {
  totalBytes: number;
  nodes: number;
  byKey: Map<string, { bytes: number; count: number }>;
}

function summarize(file: string): TSummary {
  const bytes = fs.readFileSync(file);
  const nodesAt = bytes.indexOf('"nodes":[');
  const head = JSON.parse(`${bytes.subarray(0, nodesAt).toString("utf8").replace(/,\s*$/, "")}}`) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  };
  const fields = head.snapshot.meta.node_fields;
  const types = head.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf("type");
  const nameAt = fields.indexOf("name");
  const sizeAt = fields.indexOf("self_size");

  // The nodes array: unsigned integers separated by commas (and newlines), up to "]".
  const numbers: number[] = [];
  let i = nodesAt + '"nodes":['.length;
  let value = 0;
  let inNumber = false;
  for (; i < bytes.length; i++) {
    const c = bytes[i] ?? 0;
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      inNumber = true;
    } else {
      if (inNumber) numbers.push(value);
      value = 0;
      inNumber = false;
      if (c === 93) break; // ]
    }
  }
  const stringsAt = bytes.indexOf('"strings":[', i);
  const end = bytes.lastIndexOf("]");
  const strings = JSON.parse(bytes.subarray(stringsAt + '"strings":'.length, end + 1).toString("utf8")) as string[];

  const byKey = new Map<string, { bytes: number; count: number }>();
  let totalBytes = 0;
  for (let n = 0; n + width <= numbers.length; n += width) {
    const type = types[numbers[n + typeAt] ?? 0] ?? "?";
    const size = numbers[n + sizeAt] ?? 0;
    const rawName = strings[numbers[n + nameAt] ?? 0] ?? "";
    // Strings and code are named by their content: group them by type alone.
    const name = type === "object" || type === "closure" || type === "native" || type === "array" ? rawName.slice(0, 80) : "";
    const key = `${type} ${name}`.trim();
    const entry = byKey.get(key) ?? { bytes: 0, count: 0 };
    entry.bytes += size;
    entry.count += 1;
    byKey.set(key, entry);
    totalBytes += size;
  }
  return { totalBytes, nodes: numbers.length / width, byKey };
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
