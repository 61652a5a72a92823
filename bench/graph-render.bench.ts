// Graph render benchmark: what a person opening /graph sees in a real Chromium
// (/usr/bin/chromium, headless, no GPU) at 1,000 and 10,000 services (10 calls each:
// 10,000 and 100,000 edges; seeded like bench/large-organization.ts). For each view
// of the page: time to first render (navigation start → the first view laid out and
// fitted, GRAPH_RENDERED_MARK), the layout's own time in the browser, how much was
// drawn and downloaded, and frame times while panning (the mouse dragged across the
// canvas one step per animation frame). The machine is shared, so the load average and
// the CPU busy share during the run are printed beside the figures.
//
//   export TEST_DATABASE_URL=$(cat /tmp/test-db-url) && npx tsx bench/graph-render.bench.ts
//
// BENCH_SIZES (default "1000,10000"), BENCH_PAN_FRAMES (default 120 per view).
import fs from "node:fs";
import os from "node:os";
import { chromium, type Page } from "@playwright/test";
import { GRAPH_RENDERED_MARK } from "@/app/components/graph-style.ts";
import { benchRow, printSummaryTable, type TBenchRow } from "./bench-summary.ts";
import { getPrisma } from "@/server/db/client.ts";
import { startLargeOrganization } from "./large-organization.ts";

const SIZES = (process.env.BENCH_SIZES ?? "1000,10000").split(",").map(Number);
const PAN_FRAMES = Number(process.env.BENCH_PAN_FRAMES ?? 120);
const CHROMIUM = process.env.PLAYWRIGHT_CHROMIUM ?? "/usr/bin/chromium";
const VIEWPORT = { width: 1360, height: 900 };

const VIEWS = [
  { name: "opening view (no focus)", path: "/graph" },
  { name: "focus svc-1, depth 2", path: "/graph?focus=svc-1&depth=2" },
  { name: "focus svc-1, depth 3, grouped by team", path: "/graph?focus=svc-1&depth=3&group=team" },
  // A team owns 1 % of the services: 10 at 1,000, 100 at 10,000.
  { name: "team team-1", path: "/graph?team=team-1" },
  // The seed's neighbourhoods are small (a circulant graph); svc-2 gets HUB_CALLEES callees
  // below, so this view is cut at the 250-service cap, the biggest a page ever draws.
  { name: "focus hub svc-2, depth 1 (250-service cap)", path: "/graph?focus=svc-2&depth=1" },
] as const;
const HUB_CALLEES = 400;

/** svc-2 calls svc-3 … svc-(HUB_CALLEES + 2): a platform-like hub. */
async function addHub(): Promise<void> {
  await getPrisma().$executeRawUnsafe(
    `INSERT INTO "Edge" ("id", "organizationId", "key", "callerId", "calleeId", "source", "requestRate", "successRatio", "lastSeenAt", "updatedAt")
     SELECT gen_random_uuid()::text, hub."organizationId", 'mesh:svc-2->' || s."slug", hub."id", s."id", 'mesh', 5, 0.995, now(), now()
       FROM "Service" hub JOIN "Service" s ON s."organizationId" = hub."organizationId"
      WHERE hub."slug" = 'svc-2' AND substring(s."slug" from 5)::int BETWEEN 3 AND ${HUB_CALLEES + 2}
     ON CONFLICT DO NOTHING`,
  );
}

/** Busy share of all CPUs between two /proc/stat readings (everything but idle and iowait). */
function cpuTimes(): { busy: number; total: number } {
  const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((a, b) => a + b, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function nextFrame(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));
}

/** Drags the canvas back and forth, one mouse step per frame, recording every frame's duration. */
async function panFrames(page: Page): Promise<number[]> {
  const box = await page.getByTestId("service-graph").boundingBox();
  if (!box) throw new Error("no graph canvas");
  // A string, not a function: tsx (esbuild keepNames) would wrap a named inner function in a
  // `__name(...)` helper that does not exist in the page.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__recording = true;
    let last = performance.now();
    const tick = (now) => {
      window.__frames.push(now - last);
      last = now;
      if (window.__recording) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  // The middle may be a node: React Flow pans from nodes too (they are not draggable).
  const x0 = box.x + box.width / 2;
  const y0 = box.y + box.height / 2;
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  for (let i = 0; i < PAN_FRAMES; i++) {
    const phase = (i / PAN_FRAMES) * 2 * Math.PI;
    await page.mouse.move(x0 + Math.sin(phase) * box.width * 0.35, y0 + Math.sin(phase * 2) * box.height * 0.25);
    await nextFrame(page);
  }
  await page.mouse.up();
  return page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __recording: boolean };
    w.__recording = false;
    return w.__frames.slice(1);
  });
}

async function measureView(page: Page, appUrl: string, path: string) {
  const response = await page.goto(`${appUrl}${path}`, { waitUntil: "commit" });
  const htmlBytes = (await response?.body())?.byteLength ?? Number.NaN;
  await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, GRAPH_RENDERED_MARK, { timeout: 120_000 });
  const firstRenderMs = await page.evaluate((mark) => performance.getEntriesByName(mark)[0]?.startTime ?? Number.NaN, GRAPH_RENDERED_MARK);
  const canvas = page.getByTestId("service-graph");
  const layoutMs = Number(await canvas.getAttribute("data-layout-ms"));
  const drawn = await page.locator(".react-flow__node-service").count();
  const edges = await page.locator(".react-flow__edge").count();
  const shown = `${(await page.locator(".toolbar-meta").textContent())?.replace("partial", "").trim() ?? ""}${(await page.locator(".toolbar-meta .badge-muted").count()) > 0 ? ", partial" : ""}`;
  const frames = await panFrames(page);
  return {
    htmlBytes,
    firstRenderMs,
    layoutMs,
    drawn,
    edges,
    shown,
    frameMean: frames.reduce((a, b) => a + b, 0) / frames.length,
    frameP95: percentile(frames, 95),
    frameMax: Math.max(...frames),
    frames: frames.length,
  };
}

async function main(): Promise<void> {
  const rows: TBenchRow[] = [];
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    for (const size of SIZES) {
      const org = await startLargeOrganization("postgres", {}, size);
      try {
        // The bench process still holds the seeded database (Postgres): add the hub there.
        await addHub();
        console.log(`Seeded ${size.toLocaleString("en")} services (${(size * 10).toLocaleString("en")} edges) in ${org.seedSeconds.toFixed(1)} s; app on ${org.app.url}`);
        const context = await browser.newContext({ viewport: VIEWPORT });
        await context.addCookies(
          org.cookie.split("; ").map((pair) => {
            const at = pair.indexOf("=");
            return { name: pair.slice(0, at), value: pair.slice(at + 1), url: org.app.url };
          }),
        );
        const page = await context.newPage();
        // One visit first, so the figures below are of a warm server (compiled routes, pools open), as a person's second visit.
        await page.goto(`${org.app.url}/graph`);
        for (const view of VIEWS) {
          const cpuBefore = cpuTimes();
          const load = os.loadavg()[0] ?? Number.NaN;
          const m = await measureView(page, org.app.url, view.path);
          const cpuAfter = cpuTimes();
          const busy = (100 * (cpuAfter.busy - cpuBefore.busy)) / Math.max(1, cpuAfter.total - cpuBefore.total);
          const what = `${size.toLocaleString("en")} services · ${view.name}`;
          const context = `load avg ${load.toFixed(2)} on ${os.cpus().length} CPUs, CPU busy ${busy.toFixed(0)} % during the view`;
          console.log(`${what}: ${JSON.stringify(m)} (${context})`);
          rows.push(
            benchRow({
              what: `${what}: time to first render`,
              database: "postgres",
              value: Math.round(m.firstRenderMs),
              unit: "ms",
              note: `${m.shown}: ${m.drawn} nodes and ${m.edges} edges in the DOM (above 100 nodes only those in view); layout in the browser ${m.layoutMs} ms; HTML ${(m.htmlBytes / 1024).toFixed(0)} KB; ${context}`,
            }),
            benchRow({
              what: `${what}: frame time while panning (mean)`,
              database: "postgres",
              value: Number(m.frameMean.toFixed(1)),
              unit: "ms",
              target: { op: "<=", value: 50 },
              note: `p95 ${m.frameP95.toFixed(1)} ms, max ${m.frameMax.toFixed(1)} ms over ${m.frames} frames (≈ ${(1000 / m.frameMean).toFixed(0)} fps)`,
            }),
          );
        }
        await context.close();
      } finally {
        await org.stop();
      }
    }
  } finally {
    await browser.close();
  }
  printSummaryTable("Graph render in Chromium (headless, no GPU)", rows);
}

await main();
