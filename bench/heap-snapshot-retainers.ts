// What holds a V8 heap snapshot's bytes: each object's retained size (what a collection would
// free if it went: the bytes it dominates) and the dominator tree's largest subtrees, printed
// with the edge names that reach them, so the largest retainers can be read as paths
// ("(GC roots) > … > moduleCache > 1234 > exports > graphCache: 40 MB"). Also the retained
// size per constructor (objects not dominated by another of the same constructor), as
// Chrome's DevTools' summary view gives it.
//
//   node --max-old-space-size=8192 --import tsx bench/heap-snapshot-retainers.ts FILE.heapsnapshot [--min-mb 1] [--depth 14] [--top 40]
//   … FILE.heapsnapshot --path ServerResponse --top 3   (how the root reaches the first 3 objects of that constructor)
//
// Dominators: Cooper, Harvey and Kennedy's iterative algorithm over the graph of the snapshot's
// strong edges (weak edges left out, shortcut edges only from the root, as DevTools does).
import { readHeapSnapshot, type THeapSnapshot } from "./heap-snapshot-read.ts";

const UNSET = 0xffffffff;

/** Adds to one element of a typed array and returns the new value. */
function add(array: Uint32Array | Float64Array, index: number, amount: number): number {
  return (array[index] = (array[index] ?? 0) + amount);
}

export interface TDominators {
  /** Immediate dominator of each node (by node ordinal); UNSET for unreachable nodes. */
  idom: Uint32Array;
  retained: Float64Array;
  /** Reachable nodes in post order (the root last). */
  postOrder: Uint32Array;
}

function isStrong(s: THeapSnapshot, from: number, edgeIndex: number): boolean {
  const type = s.edgeTypes[s.edges[edgeIndex * s.edgeWidth + s.edge.type] ?? 0];
  return type !== "weak" && (type !== "shortcut" || from === 0);
}

const target = (s: THeapSnapshot, edgeIndex: number) => (s.edges[edgeIndex * s.edgeWidth + s.edge.toNode] ?? 0) / s.nodeWidth;
const selfSize = (s: THeapSnapshot, n: number) => s.nodes[n * s.nodeWidth + s.node.selfSize] ?? 0;

export function computeDominators(s: THeapSnapshot): TDominators {
  const n = s.nodeCount;
  // Depth-first post order from the root, iteratively.
  const postIndex = new Uint32Array(n).fill(UNSET);
  const postOrder = new Uint32Array(n);
  const visited = new Uint8Array(n);
  const stackNode = new Uint32Array(n);
  const stackEdge = new Uint32Array(n);
  let top = 0;
  let count = 0;
  stackNode[0] = 0;
  stackEdge[0] = s.firstEdge[0] ?? 0;
  visited[0] = 1;
  while (top >= 0) {
    const node = stackNode[top] ?? 0;
    const edgeIndex = stackEdge[top] ?? 0;
    if (edgeIndex < (s.firstEdge[node + 1] ?? 0)) {
      stackEdge[top] = edgeIndex + 1;
      if (!isStrong(s, node, edgeIndex)) continue;
      const next = target(s, edgeIndex);
      if (visited[next]) continue;
      visited[next] = 1;
      top++;
      stackNode[top] = next;
      stackEdge[top] = s.firstEdge[next] ?? 0;
    } else {
      postIndex[node] = count;
      postOrder[count++] = node;
      top--;
    }
  }
  // Predecessors over strong edges between reachable nodes (CSR).
  const predCount = new Uint32Array(n + 1);
  for (let from = 0; from < n; from++) {
    if (!visited[from]) continue;
    for (let e = s.firstEdge[from] ?? 0; e < (s.firstEdge[from + 1] ?? 0); e++) if (isStrong(s, from, e)) add(predCount, target(s, e) + 1, 1);
  }
  for (let i = 0; i < n; i++) predCount[i + 1] = (predCount[i + 1] ?? 0) + (predCount[i] ?? 0);
  const preds = new Uint32Array(predCount[n] ?? 0);
  const fill = predCount.slice(0, n);
  for (let from = 0; from < n; from++) {
    if (!visited[from]) continue;
    for (let e = s.firstEdge[from] ?? 0; e < (s.firstEdge[from + 1] ?? 0); e++) {
      if (!isStrong(s, from, e)) continue;
      const to = target(s, e);
      preds[add(fill, to, 1) - 1] = from;
    }
  }
  // Iterate in reverse post order until nothing changes; dominators by post index.
  const domByPost = new Uint32Array(count).fill(UNSET);
  const rootPost = count - 1;
  domByPost[rootPost] = rootPost;
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (a < b) a = domByPost[a] ?? rootPost;
      while (b < a) b = domByPost[b] ?? rootPost;
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let p = rootPost - 1; p >= 0; p--) {
      const node = postOrder[p] ?? 0;
      let dom = UNSET;
      for (let i = predCount[node] ?? 0; i < (predCount[node + 1] ?? 0); i++) {
        const pred = postIndex[preds[i] ?? 0] ?? UNSET;
        if (pred === UNSET || domByPost[pred] === UNSET) continue;
        dom = dom === UNSET ? pred : intersect(pred, dom);
      }
      if (dom !== UNSET && domByPost[p] !== dom) {
        domByPost[p] = dom;
        changed = true;
      }
    }
  }
  const idom = new Uint32Array(n).fill(UNSET);
  const retained = new Float64Array(n);
  for (let p = 0; p < count; p++) {
    const node = postOrder[p] ?? 0;
    idom[node] = postOrder[domByPost[p] ?? rootPost] ?? 0;
    retained[node] = selfSize(s, node);
  }
  // Children come before their dominators in post order.
  for (let p = 0; p < rootPost; p++) {
    const node = postOrder[p] ?? 0;
    add(retained, idom[node] ?? 0, retained[node] ?? 0);
  }
  return { idom, retained, postOrder: postOrder.subarray(0, count) };
}

function nodeLabel(s: THeapSnapshot, n: number): string {
  const type = s.nodeTypes[s.nodes[n * s.nodeWidth + s.node.type] ?? 0] ?? "?";
  const name = (s.strings[s.nodes[n * s.nodeWidth + s.node.name] ?? 0] ?? "").replace(/\s+/g, " ");
  return `${type} ${name.length > 90 ? `${name.slice(0, 90)}…` : name}`;
}

/** The name of the edge from `from` to `to`, or of some edge reaching `to` when `from` holds it only through others. */
function edgeName(s: THeapSnapshot, from: number, to: number): string {
  for (let e = s.firstEdge[from] ?? 0; e < (s.firstEdge[from + 1] ?? 0); e++) {
    if (target(s, e) !== to) continue;
    const type = s.edgeTypes[s.edges[e * s.edgeWidth + s.edge.type] ?? 0] ?? "?";
    const raw = s.edges[e * s.edgeWidth + s.edge.nameOrIndex] ?? 0;
    return type === "element" || type === "hidden" ? `[${raw}]` : `.${s.strings[raw] ?? "?"}`;
  }
  return "(through others)";
}

function constructorKey(s: THeapSnapshot, n: number): string {
  const type = s.nodeTypes[s.nodes[n * s.nodeWidth + s.node.type] ?? 0] ?? "?";
  const name = s.strings[s.nodes[n * s.nodeWidth + s.node.name] ?? 0] ?? "";
  return type === "object" || type === "closure" || type === "native" || type === "hidden" || type === "array" || type === "synthetic" ? `${type} ${name.slice(0, 80)}` : type;
}

/** The edge of `from` named `name` (a property or internal edge), or UNSET. */
function namedEdgeTarget(s: THeapSnapshot, from: number, name: string): number {
  for (let e = s.firstEdge[from] ?? 0; e < (s.firstEdge[from + 1] ?? 0); e++) {
    const type = s.edgeTypes[s.edges[e * s.edgeWidth + s.edge.type] ?? 0];
    if (type === "element" || type === "hidden") continue;
    if (s.strings[s.edges[e * s.edgeWidth + s.edge.nameOrIndex] ?? 0] === name) return target(s, e);
  }
  return UNSET;
}

/** Where a script's code comes from: an npm package, a Next chunk, our server bundle, Node itself. */
export function scriptGroup(name: string): string {
  const path = name.replace(/^file:\/\//, "");
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return `npm ${pkg[1]}`;
  if (path.includes("/.next/")) return `.next ${path.slice(path.indexOf("/.next/") + 7)}`;
  if (path.includes("/dist/")) return `dist ${path.slice(path.indexOf("/dist/") + 6)}`;
  if (path.startsWith("node:") || !path.includes("/")) return `node ${path.split("/")[0] || "(unnamed)"}`;
  return path;
}

/**
 * Bytes by the script whose code holds them: a script's source, its functions' shared info,
 * bytecode and feedback (reached through the function), and whatever those dominate. Nodes no
 * script's code dominates are left out (module-level data of ES modules is reached from many
 * functions, so its dominator is usually above them).
 */
function bytesByScript(s: THeapSnapshot, idom: Uint32Array, postOrder: Uint32Array): Map<string, number> {
  const scriptName = new Map<number, string>();
  const ownScript = (n: number): number => {
    const type = s.nodeTypes[s.nodes[n * s.nodeWidth + s.node.type] ?? 0];
    if (type === "code") {
      if (namedEdgeTarget(s, n, "source") !== UNSET) return n;
      const script = namedEdgeTarget(s, n, "script_or_debug_info");
      return script !== UNSET && namedEdgeTarget(s, script, "source") !== UNSET ? script : UNSET;
    }
    if (type === "closure") {
      const shared = namedEdgeTarget(s, n, "shared");
      return shared === UNSET ? UNSET : ownScript(shared);
    }
    return UNSET;
  };
  const owner = new Uint32Array(s.nodeCount).fill(UNSET);
  const bytes = new Map<string, number>();
  // Dominators before what they dominate: reverse post order.
  for (let p = postOrder.length - 2; p >= 0; p--) {
    const n = postOrder[p] ?? 0;
    const own = ownScript(n);
    const o = own !== UNSET ? own : (owner[idom[n] ?? 0] ?? UNSET);
    owner[n] = o;
    if (o === UNSET) continue;
    let name = scriptName.get(o);
    if (name === undefined) scriptName.set(o, (name = s.strings[s.nodes[o * s.nodeWidth + s.node.name] ?? 0] ?? ""));
    bytes.set(name, (bytes.get(name) ?? 0) + selfSize(s, n));
  }
  return bytes;
}

/** The shortest chain of strong edges from the root to each of the first `count` nodes named `name` (objects of that constructor). */
function printPathsTo(s: THeapSnapshot, name: string, count: number, retained: Float64Array): void {
  const parent = new Uint32Array(s.nodeCount).fill(UNSET);
  const parentEdge = new Uint32Array(s.nodeCount);
  const queue = new Uint32Array(s.nodeCount);
  let head = 0;
  let tail = 0;
  queue[tail++] = 0;
  parent[0] = 0;
  const found: number[] = [];
  while (head < tail && found.length < count) {
    const node = queue[head++] ?? 0;
    for (let e = s.firstEdge[node] ?? 0; e < (s.firstEdge[node + 1] ?? 0); e++) {
      if (!isStrong(s, node, e)) continue;
      const next = target(s, e);
      if (parent[next] !== UNSET) continue;
      parent[next] = node;
      parentEdge[next] = e;
      queue[tail++] = next;
      if (constructorKey(s, next) === `object ${name}` && found.length < count) found.push(next);
    }
  }
  for (const node of found) {
    const chain: string[] = [];
    for (let n = node; n !== 0; n = parent[n] ?? 0) {
      const e = parentEdge[n] ?? 0;
      const type = s.edgeTypes[s.edges[e * s.edgeWidth + s.edge.type] ?? 0] ?? "?";
      const raw = s.edges[e * s.edgeWidth + s.edge.nameOrIndex] ?? 0;
      chain.unshift(`${type === "element" || type === "hidden" ? `[${raw}]` : `.${s.strings[raw] ?? "?"}`} → ${nodeLabel(s, n).slice(0, 60)}`);
    }
    console.log(`\n${name} #${s.nodes[node * s.nodeWidth + s.node.id]} (retains ${((retained[node] ?? 0) / 1024).toFixed(0)} KB):\n  ${chain.join("\n  ")}`);
  }
}

function main(): void {
  const args = process.argv.slice(2);
  const file = args.find((a) => a.endsWith(".heapsnapshot"));
  if (!file) throw new Error("usage: heap-snapshot-retainers.ts FILE.heapsnapshot [--min-mb 1] [--depth 14] [--top 40]");
  const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
  const minBytes = option("--min-mb", 1) * 1048576;
  const maxDepth = option("--depth", 14);
  const top = option("--top", 40);
  const pathTo = args.includes("--path") ? args[args.indexOf("--path") + 1] : undefined;
  const mb = (bytes: number) => (bytes / 1048576).toFixed(1);

  const s = readHeapSnapshot(file);
  const { idom, retained, postOrder } = computeDominators(s);
  if (pathTo !== undefined) return printPathsTo(s, pathTo, top, retained);
  let total = 0;
  for (let i = 0; i < s.nodeCount; i++) total += selfSize(s, i);
  console.log(`${file}: ${mb(total)} MB in ${s.nodeCount.toLocaleString("en-US")} nodes; reachable ${mb(retained[0] ?? 0)} MB`);

  // Dominator tree children (CSR), largest first.
  const childCount = new Uint32Array(s.nodeCount + 1);
  for (const node of postOrder) if (node !== 0) add(childCount, (idom[node] ?? 0) + 1, 1);
  for (let i = 0; i < s.nodeCount; i++) childCount[i + 1] = (childCount[i + 1] ?? 0) + (childCount[i] ?? 0);
  const children = new Uint32Array(childCount[s.nodeCount] ?? 0);
  const fill = childCount.slice(0, s.nodeCount);
  for (const node of postOrder) if (node !== 0) children[add(fill, idom[node] ?? 0, 1) - 1] = node;
  const childrenOf = (n: number) => [...children.subarray(childCount[n] ?? 0, childCount[n + 1] ?? 0)];

  console.log(`\nDominator tree, subtrees of ≥ ${mb(minBytes)} MB retained (retained MB, self KB, edge from its dominator, node):`);
  const print = (n: number, depth: number, prefix: string) => {
    const kids = childrenOf(n).filter((c) => (retained[c] ?? 0) >= minBytes).sort((a, b) => (retained[b] ?? 0) - (retained[a] ?? 0));
    for (const child of kids) {
      const line = `${prefix}${mb(retained[child] ?? 0).padStart(7)} MB ${(selfSize(s, child) / 1024).toFixed(0).padStart(6)} KB  ${edgeName(s, n, child)}  ${nodeLabel(s, child)}`;
      console.log(line);
      if (depth < maxDepth) print(child, depth + 1, `${prefix}  `);
    }
  };
  print(0, 0, "");

  // Retained per constructor: objects not dominated by another of the same constructor.
  const keys = new Map<string, number>();
  const keyOf = new Uint32Array(s.nodeCount);
  for (let i = 0; i < s.nodeCount; i++) {
    const key = constructorKey(s, i);
    let id = keys.get(key);
    if (id === undefined) keys.set(key, (id = keys.size));
    keyOf[i] = id;
  }
  const open = new Uint32Array(keys.size);
  const byKey = new Float64Array(keys.size);
  const countByKey = new Float64Array(keys.size);
  const selfByKey = new Float64Array(keys.size);
  const stack: { node: number; entered: boolean }[] = [{ node: 0, entered: false }];
  while (stack.length) {
    const item = stack.pop();
    if (!item) break;
    const key = keyOf[item.node] ?? 0;
    if (item.entered) {
      add(open, key, -1);
      continue;
    }
    if (!open[key]) add(byKey, key, retained[item.node] ?? 0);
    add(countByKey, key, 1);
    add(selfByKey, key, selfSize(s, item.node));
    add(open, key, 1);
    stack.push({ node: item.node, entered: true });
    for (const child of childrenOf(item.node)) stack.push({ node: child, entered: false });
  }
  const names = [...keys.keys()];
  const byScript = bytesByScript(s, idom, postOrder);
  const byGroup = new Map<string, number>();
  for (const [name, bytes] of byScript) byGroup.set(scriptGroup(name), (byGroup.get(scriptGroup(name)) ?? 0) + bytes);
  const scriptTotal = [...byScript.values()].reduce((a, b) => a + b, 0);
  console.log(`\nCode by where it comes from (sources, functions, bytecode and what they dominate; ${mb(scriptTotal)} MB in all; top ${top}):`);
  for (const [group, bytes] of [...byGroup].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${mb(bytes).padStart(8)} MB  ${group}`);
  console.log(`\nRetained per constructor (top ${top}; retained MB, self MB, count):`);
  const order = [...byKey.keys()].sort((a, b) => (byKey[b] ?? 0) - (byKey[a] ?? 0)).slice(0, top);
  for (const k of order) console.log(`${mb(byKey[k] ?? 0).padStart(8)} MB ${mb(selfByKey[k] ?? 0).padStart(8)} MB ${String(countByKey[k]).padStart(9)}  ${names[k]}`);
}

if (process.argv[1]?.endsWith("heap-snapshot-retainers.ts")) main();
