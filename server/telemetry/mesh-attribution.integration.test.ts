import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConfig } from "@/server/config/get-config.ts";
import { waitFor } from "@/server/testing/wait-for.ts";
import { parsePrometheusVector } from "@/domain/telemetry/parse-prometheus-vector.ts";
import type { MeshDialect } from "@/domain/telemetry/telemetry-types.ts";
import { createPrometheusTelemetrySource, detectDialect } from "@/integrations/prometheus/mesh-telemetry-source.ts";
import { createPrometheusClient, type PrometheusClient } from "@/integrations/prometheus/prometheus-client.ts";
import { startMeshExporter, type ExporterEdge, type ExporterEndpoint, type MeshExporter } from "@/integrations/prometheus/testing/mesh-exporter.ts";
import { startPrometheusServer, type PrometheusServer } from "@/integrations/prometheus/testing/prometheus-server.ts";
import { openTestDatabase } from "@/server/testing/test-databases.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { ingestMeshTelemetry, type TMeshIngestResult } from "./ingest-mesh-telemetry.ts";
import { getTelemetryCoverage } from "./get-telemetry-coverage.ts";
import { getService } from "@/server/catalog/get-service.ts";
import { importMeshTestCatalog, insertTestWorkloads, meshTestSnapshot, readMeshEdges, readServiceTelemetry } from "@/server/telemetry/testing/telemetry-test-fixtures.ts";

/**
 * Attribution as real clusters label their telemetry, through a real Prometheus:
 *
 * - Istio bookinfo with telemetry v2's canonical labels (productpage-v1, reviews-v2,
 *   reviews-v3, details-v1, ratings-v1 → productpage, reviews, details, ratings), once
 *   with no Kubernetes discovery (canonical names decide) and once with discovery's
 *   Workload rows (reviews-v2/-v3 → reviews) plus a `reviews` in namespace `staging` that
 *   the catalog calls `reviews-staging` and a caller no service claims;
 * - Linkerd scraped without its Prometheus relabelling (no `deployment`, no `namespace`):
 *   callees still resolve from the proxy's own `dst_*` labels, callers cannot, and
 *   coverage says why.
 *
 * Every edge must land on the right service pair with its rate within 5 % of the truth.
 */

const bookinfo = (name: string, canonicalService: string, revision: string): ExporterEndpoint => ({ namespace: "bookinfo", name, canonicalService, revision });
const productpage = bookinfo("productpage-v1", "productpage", "v1");
const reviewsV2 = bookinfo("reviews-v2", "reviews", "v2");
const reviewsV3 = bookinfo("reviews-v3", "reviews", "v3");
const details = bookinfo("details-v1", "details", "v1");
const ratings = bookinfo("ratings-v1", "ratings", "v1");
const BOOKINFO: ExporterEdge[] = [
  { caller: null, callee: productpage, rps: 30, successRatio: 0.99, latencyMs: { min: 50, max: 100 } },
  { caller: productpage, callee: reviewsV2, rps: 12, successRatio: 0.98, latencyMs: { min: 10, max: 100 } },
  { caller: productpage, callee: reviewsV3, rps: 8, successRatio: 0.9, latencyMs: { min: 50, max: 250 } },
  { caller: productpage, callee: details, rps: 20, successRatio: 0.999, latencyMs: { min: 5, max: 50 } },
  { caller: reviewsV2, callee: ratings, rps: 12, successRatio: 0.95, latencyMs: { min: 5, max: 50 } },
  { caller: reviewsV3, callee: ratings, rps: 8, successRatio: 0.97, latencyMs: { min: 5, max: 50 } },
];
// Same canonical name `reviews`, another namespace: not bookinfo's reviews.
const STAGING: ExporterEdge[] = [
  {
    caller: { namespace: "staging", name: "tester-v1", canonicalService: "tester", revision: "v1" },
    callee: { namespace: "staging", name: "reviews-v1", canonicalService: "reviews", revision: "v1" },
    rps: 5,
    successRatio: 1,
    latencyMs: { min: 5, max: 50 },
  },
];
const shop = (name: string): ExporterEndpoint => ({ namespace: "shop", name });
const LINKERD_RAW: ExporterEdge[] = [
  { caller: shop("web"), callee: shop("cart"), rps: 10, successRatio: 0.99, latencyMs: { min: 10, max: 100 } },
  { caller: shop("cart"), callee: shop("payments"), rps: 4, successRatio: 0.9, latencyMs: { min: 10, max: 100 } },
  { caller: null, callee: shop("web"), rps: 6, successRatio: 1, latencyMs: { min: 10, max: 100 } },
];

// Linkerd with its relabelling, but Prometheus drops every `direction="outbound"` series
// (a common cardinality cut, or the callers' namespaces are not scraped): only the callees'
// inbound series remain, naming each caller by its TLS identity (`client_id`) alone.
// The deployments run as service accounts whose names the catalog does not use.
const shopAccount = (name: string, serviceAccount: string, namespace = "shop"): ExporterEndpoint => ({ namespace, name, serviceAccount });
const LINKERD_INBOUND_ONLY: ExporterEdge[] = [
  { caller: shopAccount("web-7d9", "web"), callee: shopAccount("cart", "cart"), rps: 10, successRatio: 0.99, latencyMs: { min: 10, max: 100 } },
  { caller: shopAccount("cart", "cart"), callee: shopAccount("payments", "payments"), rps: 4, successRatio: 0.9, latencyMs: { min: 10, max: 100 } },
  { caller: null, callee: shopAccount("web-7d9", "web"), rps: 6, successRatio: 1, latencyMs: { min: 10, max: 100 } },
  // A meshed caller no service claims: its identity is shown in coverage, with why.
  { caller: shopAccount("nightly", "batch", "jobs"), callee: shopAccount("cart", "cart"), rps: 3, successRatio: 1, latencyMs: { min: 10, max: 100 } },
];
const DROP_OUTBOUND = [{ source_labels: ["direction"], regex: "outbound", action: "drop" }];

// OpenTelemetry servicegraph (no mesh): services by `service.name`, `user` = no caller span.
const otel = (name: string): ExporterEndpoint => ({ namespace: "", name });
const OTEL: ExporterEdge[] = [
  { caller: null, callee: otel("frontend"), rps: 20, successRatio: 0.99, latencyMs: { min: 20, max: 80 } },
  { caller: otel("frontend"), callee: otel("checkout"), rps: 8, successRatio: 0.95, latencyMs: { min: 50, max: 300 } },
  { caller: otel("frontend"), callee: otel("productcatalog"), rps: 12, successRatio: 0.999, latencyMs: { min: 1, max: 20 } },
  { caller: otel("checkout"), callee: otel("payment"), rps: 8, successRatio: 0.9, latencyMs: { min: 100, max: 400 } },
];

const JOBS = ["bookinfo", "bookinfo-and-staging", "linkerd-raw", "otel-servicegraph", "otel-spanmetrics", "bookinfo-istio-1.1", "linkerd-inbound-only"] as const;
// 15 s, not 5: counters advance in whole requests, so a 4 req/s edge over 5 s is 20 ± 1
// requests, up to 5 % off by rounding alone (it failed that way under load); over 15 s, ±1.7 %.
const RATE_RANGE = "15s";
const WINDOWS = ["5m", "1h"] as const;

let exporters: MeshExporter[] = [];
let prometheus: PrometheusServer | undefined;
let client: PrometheusClient;
const report: string[] = [];
const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / expected;

async function waitForScrapes(samples: number, range: string, timeoutMs: number): Promise<void> {
  let counts: number[] = [];
  await waitFor(
    `Prometheus to scrape every job ${samples} times within ${range}`,
    async () => {
      counts = await client
        .query(`sum by (job) (sum_over_time(up[${range}]))`)
        .then((data) => parsePrometheusVector(data, "scrape count").map((s) => s.value))
        .catch(() => [] as number[]);
      return counts.length === JOBS.length && counts.every((c) => c >= samples);
    },
    { timeoutMs, intervalMs: 250, detail: () => `scrape counts: ${counts.join(", ")}` },
  );
}

let db: Awaited<ReturnType<typeof openTestDatabase>>;

beforeAll(async () => {
  // The database first: opening it works this thread hard, and the exporters share the
  // thread, so scrapes taken meanwhile would be late and skew a 15 s rate. Opened before the
  // exporters start, every scrape Prometheus takes is an undisturbed one.
  db = await openTestDatabase("postgres");
  const [book, staging, linkerd, servicegraph, spanmetrics, mixer, inboundOnly] = await Promise.all([
    startMeshExporter({ dialect: "istio", edges: BOOKINFO }),
    startMeshExporter({ dialect: "istio", edges: STAGING }),
    startMeshExporter({ dialect: "linkerd", edges: LINKERD_RAW, linkerdRelabel: false }),
    startMeshExporter({ dialect: "otel", edges: OTEL }),
    startMeshExporter({ dialect: "otel", edges: OTEL, otelConnectors: ["spanmetrics"] }),
    startMeshExporter({ dialect: "istio", edges: BOOKINFO, istioRelease: "1.1-mixer" }),
    startMeshExporter({ dialect: "linkerd", edges: LINKERD_INBOUND_ONLY }),
  ]);
  exporters = [book, staging, linkerd, servicegraph, spanmetrics, mixer, inboundOnly];
  prometheus = await startPrometheusServer({
    scrapeJobs: [
      { jobName: "bookinfo", targets: [book.target] },
      { jobName: "bookinfo-and-staging", targets: [book.target, staging.target] },
      { jobName: "linkerd-raw", targets: [linkerd.target] },
      { jobName: "otel-servicegraph", targets: [servicegraph.target] },
      { jobName: "otel-spanmetrics", targets: [spanmetrics.target] },
      { jobName: "bookinfo-istio-1.1", targets: [mixer.target] },
      { jobName: "linkerd-inbound-only", targets: [inboundOnly.target], metricRelabelConfigs: DROP_OUTBOUND },
    ],
  });
  client = createPrometheusClient({ baseUrl: prometheus.url, timeoutMs: 5000, retries: 1, backoffBaseMs: 100 });
  // A 15 s rate needs 16 s of scrapes: 17 scrapes (1 s apart) span them.
  await waitForScrapes(17, "30s", 45_000);
});

afterAll(async () => {
  await Promise.allSettled([prometheus?.stop(), ...exporters.map((e) => e.stop())]);
  await db?.close();
  if (getConfig().testing.printTelemetryAccuracy) console.info(report.join("\n"));
});

describe("mesh attribution from a real Prometheus (postgres)", () => {

  async function ingest(orgSlug: string, dialect: MeshDialect, job: (typeof JOBS)[number]): Promise<{ orgId: string; result: TMeshIngestResult; now: Date }> {
    const org = await upsertOrganization(orgSlug, orgSlug);
    const source = createPrometheusTelemetrySource({ client, dialect, rateRange: RATE_RANGE, extraMatchers: { job }, latencyThresholdsMs: [100, 150] });
    const now = new Date();
    return { orgId: org.id, result: await ingestMeshTelemetry(org.id, source, now, { windows: WINDOWS }), now };
  }

  async function expectEdges(name: string, orgId: string, truth: Record<string, number>): Promise<void> {
    const stored = await readMeshEdges(orgId);
    report.push(`${name}: edges expected ${Object.keys(truth).length}, attributed ${stored.filter((e) => e.key in truth).length} of ${stored.length} stored`);
    expect(stored.map((e) => e.key).sort()).toEqual(Object.keys(truth).sort());
    for (const [key, rps] of Object.entries(truth)) {
      const edge = stored.find((e) => e.key === key);
      const error = relativeError(edge?.requestRate ?? Number.NaN, rps);
      report.push(`  ${key}: ${edge?.requestRate?.toFixed(2)} rps vs ${rps} (${(error * 100).toFixed(2)} %)`);
      expect(error, `${name} ${key}: ${edge?.requestRate} rps vs ${rps}`).toBeLessThan(0.05);
    }
  }

  const BOOKINFO_TRUTH = {
    "mesh:unknown->productpage": 30,
    "mesh:productpage->reviews": 20,
    "mesh:productpage->details": 20,
    "mesh:reviews->ratings": 20,
  };

  it("Istio bookinfo without discovery: canonical service names put every edge on its service pair", async () => {
    const slugs = ["productpage", "reviews", "details", "ratings"];
    const org = await upsertOrganization("bookinfo-canonical", "bookinfo-canonical");
    await importMeshTestCatalog(org.id, meshTestSnapshot(slugs.map((slug) => ({ slug, team: "bookinfo" }))));
    const { result, now } = await ingest("bookinfo-canonical", "istio", "bookinfo");
    expect(result.edges.ok && result.counts.ok, JSON.stringify(result)).toBe(true);
    await expectEdges("istio bookinfo (canonical labels, no discovery)", org.id, BOOKINFO_TRUTH);
    const coverage = result.coverage;
    expect(coverage?.unmatchedEndpoints).toBe(0);
    expect(coverage?.traffic.calleeUnmatched).toBe(0);
    expect(coverage?.traffic.callerUnmatched).toBe(0);
    expect(new Set(coverage?.endpoints.map((e) => e.rule))).toEqual(new Set(["canonical-service"]));
    const reviews = coverage?.endpoints.filter((e) => e.role === "callee" && e.serviceSlug === "reviews") ?? [];
    expect(reviews.map((e) => e.labels.destination_canonical_revision).sort()).toEqual(["v2", "v3"]);

    // Versions: both roll up into productpage → reviews, and are kept side by side on the edge.
    const detail = await getService(org.id, "productpage");
    const toReviews = detail?.dependencies.find((d) => d.service.slug === "reviews");
    const versions = toReviews?.calleeVersions ?? [];
    expect(versions.map((v) => v.version)).toEqual(["v2", "v3"]);
    const truth = { v2: { rps: 12, success: 0.98 }, v3: { rps: 8, success: 0.9 } } as const;
    for (const v of versions) {
      const expected = truth[v.version as keyof typeof truth];
      report.push(`  productpage->reviews ${v.version}: ${v.requestRate.toFixed(2)} rps vs ${expected.rps}, success ${v.successRatio?.toFixed(4)} vs ${expected.success}`);
      expect(relativeError(v.requestRate, expected.rps)).toBeLessThan(0.05);
      expect(relativeError(v.successRatio ?? Number.NaN, expected.success)).toBeLessThan(0.05);
    }

    // Latency under 150 ms, which is no Istio bucket boundary (100, 250): interpolated.
    // Truth: reviews-v2 (12 rps, 10–100 ms) all under; reviews-v3 (8 rps, 50–250 ms) half.
    const reviewsCounts = (await readServiceTelemetry(org.id)).find((r) => r.service.slug === "reviews" && r.window === "5m");
    const under150 = ((reviewsCounts?.latencyGood ?? {}) as Record<string, number>)["150"] ?? Number.NaN;
    const share = under150 / (reviewsCounts?.totalEvents ?? Number.NaN);
    report.push(`  reviews share under 150 ms (interpolated): ${share.toFixed(4)} vs 0.8`);
    expect(relativeError(share, 0.8)).toBeLessThan(0.05);
    expect(reviewsCounts?.latencyInterpolated).toEqual({ "150": [100, 250] });
    // Prometheus's own histogram_quantile, asked for that share over the same window at the
    // same instant, answers the threshold back (the share's total is the request counter's,
    // the quantile's the histogram's +Inf bucket: a request of skew at most).
    const quantile = await client.query(
      `histogram_quantile(${share}, sum by (le) (increase(istio_request_duration_milliseconds_bucket{job="bookinfo", reporter="destination", destination_canonical_service="reviews"}[5m])))`,
      { time: now },
    );
    const [p] = parsePrometheusVector(quantile, "quantile");
    report.push(`  histogram_quantile(${share.toFixed(4)}) = ${p?.value.toFixed(2)} ms vs 150`);
    expect(Math.abs((p?.value ?? Number.NaN) - 150)).toBeLessThan(1);
  });

  it("Istio bookinfo with discovery: reviews-v2 and reviews-v3 feed reviews, staging's reviews stays reviews-staging, an unclaimed caller is explained", async () => {
    const org = await upsertOrganization("bookinfo-discovered", "bookinfo-discovered");
    await importMeshTestCatalog(
      org.id,
      meshTestSnapshot(["productpage", "reviews", "details", "ratings", "reviews-staging"].map((slug) => ({ slug, team: "bookinfo" }))),
    );
    await insertTestWorkloads(org.id, [
      { namespace: "bookinfo", name: "productpage-v1", serviceSlug: "productpage" },
      { namespace: "bookinfo", name: "reviews-v2", serviceSlug: "reviews" },
      { namespace: "bookinfo", name: "reviews-v3", serviceSlug: "reviews" },
      { namespace: "bookinfo", name: "details-v1", serviceSlug: "details" },
      { namespace: "bookinfo", name: "ratings-v1", serviceSlug: "ratings" },
      { namespace: "staging", name: "reviews-v1", serviceSlug: "reviews-staging" },
    ]);
    const { result } = await ingest("bookinfo-discovered", "istio", "bookinfo-and-staging");
    expect(result.edges.ok && result.counts.ok, JSON.stringify(result)).toBe(true);
    await expectEdges("istio bookinfo + staging (discovery)", org.id, { ...BOOKINFO_TRUTH, "mesh:unknown->reviews-staging": 5 });
    const coverage = result.coverage;
    const reviewsVersions = coverage?.endpoints.filter((e) => e.role === "callee" && e.serviceSlug === "reviews").map((e) => [e.workload, e.rule]);
    expect(reviewsVersions?.sort()).toEqual([
      ["reviews-v2", "discovered-workload"],
      ["reviews-v3", "discovered-workload"],
    ]);
    const unmatched = coverage?.endpoints.filter((e) => e.serviceId === null) ?? [];
    expect(unmatched.map((e) => [e.role, e.namespace, e.workload])).toEqual([["caller", "staging", "tester-v1"]]);
    expect(unmatched[0]?.reason).toMatch(/^no service for canonical name `tester` in namespace `staging`/);
    expect(relativeError(unmatched[0]?.requestRate ?? Number.NaN, 5)).toBeLessThan(0.05);
    expect(relativeError(coverage?.traffic.callerUnmatched ?? Number.NaN, 5)).toBeLessThan(0.05);

    // What GET /api/v1/telemetry/coverage and the coverage page show.
    const stored = await getTelemetryCoverage(org.id);
    expect(stored.sources.map((s) => s.source)).toEqual(["prometheus:istio"]);
    const [source] = stored.sources;
    expect(source?.unmatched.endpoints).toBe(1);
    expect(source?.matched.endpoints).toBe(coverage?.matchedEndpoints);
    expect(source?.endpoints[0]).toMatchObject({
      role: "caller",
      namespace: "staging",
      workload: "tester-v1",
      service: null,
      labels: { source_workload: "tester-v1", source_workload_namespace: "staging", source_canonical_service: "tester", source_canonical_revision: "v1", source_app: "tester" },
      reason: expect.stringMatching(/^no service for canonical name `tester` in namespace `staging`/),
    });
    expect(source?.endpoints.find((e) => e.role === "callee" && e.workload === "reviews-v1")).toMatchObject({
      namespace: "staging",
      service: { slug: "reviews-staging" },
      rule: "discovered-workload",
    });
    // Another organization sees none of it.
    const other = await upsertOrganization("bookinfo-other", "bookinfo-other");
    expect((await getTelemetryCoverage(other.id)).sources).toEqual([]);
  });

  it("Linkerd without its Prometheus relabelling: callees resolve from dst_*, callers and inbound series are reported as unmatched with the reason", async () => {
    const org = await upsertOrganization("linkerd-raw", "linkerd-raw");
    await importMeshTestCatalog(org.id, meshTestSnapshot(["web", "cart", "payments"].map((slug) => ({ slug, team: "shop" }))));
    const { result } = await ingest("linkerd-raw", "linkerd", "linkerd-raw");
    expect(result.edges.ok && result.counts.ok, JSON.stringify(result)).toBe(true);
    // web → cart and cart → payments keep their callee; their callers are unknown. The
    // unmeshed caller of web is only on inbound series, which name no workload here.
    await expectEdges("linkerd without relabelling", org.id, { "mesh:unknown->cart": 10, "mesh:unknown->payments": 4 });
    const unmatched = result.coverage?.endpoints.filter((e) => e.serviceId === null) ?? [];
    expect(unmatched.map((e) => e.role).sort()).toEqual(["caller", "inbound"]);
    for (const endpoint of unmatched) expect(endpoint.reason).toMatch(/^series lack `deployment`: Linkerd's Prometheus relabelling is missing/);
    const inbound = unmatched.find((e) => e.role === "inbound");
    // 20 rps arrive in all (10 + 4 + 6), over the 5m window's increase.
    expect(inbound?.requestRate).toBeGreaterThan(0);
    const callees = result.coverage?.endpoints.filter((e) => e.role === "callee").map((e) => [e.workload, e.rule, e.labels.server_id]);
    expect(callees?.sort()).toEqual([
      ["cart", "workload-name", "cart.shop.serviceaccount.identity.linkerd.cluster.local"],
      ["payments", "workload-name", "payments.shop.serviceaccount.identity.linkerd.cluster.local"],
    ]);
  });

  it("Linkerd without its relabelling, with discovery: server_id names the service account, and discovery's serviceAccountName maps it to the service", async () => {
    const org = await upsertOrganization("linkerd-identities", "linkerd-identities");
    // The catalog's names are neither the deployment names in the series nor the account names.
    await importMeshTestCatalog(org.id, meshTestSnapshot(["storefront-cart", "billing", "web"].map((slug) => ({ slug, team: "shop" }))));
    // Discovery watches the cluster the traffic now moves to (blue/green), where the
    // Deployments are named differently but run as the same service accounts.
    await insertTestWorkloads(org.id, [
      { namespace: "shop", name: "cart-blue", serviceSlug: "storefront-cart", serviceAccountName: "cart" },
      { namespace: "shop", name: "payments-green", serviceSlug: "billing", serviceAccountName: "payments" },
      { namespace: "shop", name: "web-blue", serviceSlug: "web", serviceAccountName: "default" },
    ]);
    const { result } = await ingest("linkerd-identities", "linkerd", "linkerd-raw");
    expect(result.edges.ok && result.counts.ok, JSON.stringify(result)).toBe(true);
    await expectEdges("linkerd without relabelling, identities through discovery", org.id, { "mesh:unknown->storefront-cart": 10, "mesh:unknown->billing": 4 });
    const callees = result.coverage?.endpoints.filter((e) => e.role === "callee").map((e) => [e.workload, e.serviceSlug, e.rule, e.matchedName]);
    expect(callees?.sort()).toEqual([
      ["cart", "storefront-cart", "service-account", "cart.shop.serviceaccount.identity.linkerd.cluster.local"],
      ["payments", "billing", "service-account", "payments.shop.serviceaccount.identity.linkerd.cluster.local"],
    ]);
  });

  it("Linkerd inbound-only (outbound series dropped): client_id names each caller, through the service accounts discovery saw", async () => {
    const org = await upsertOrganization("linkerd-inbound-only", "linkerd-inbound-only");
    // Neither the deployments' nor the accounts' names are the catalog's.
    await importMeshTestCatalog(org.id, meshTestSnapshot(["storefront", "basket", "billing"].map((slug) => ({ slug, team: "shop" }))));
    await insertTestWorkloads(org.id, [
      { namespace: "shop", name: "web-7d9", serviceSlug: "storefront", serviceAccountName: "web" },
      { namespace: "shop", name: "cart", serviceSlug: "basket", serviceAccountName: "cart" },
      { namespace: "shop", name: "payments", serviceSlug: "billing", serviceAccountName: "payments" },
    ]);
    expect(parsePrometheusVector(await client.query('count(response_total{job="linkerd-inbound-only", direction="outbound"})'), "outbound")).toEqual([]);
    const { result } = await ingest("linkerd-inbound-only", "linkerd", "linkerd-inbound-only");
    expect(result.edges.ok && result.counts.ok, JSON.stringify(result)).toBe(true);
    // jobs/nightly's account names no service: its calls keep their callee, the caller is unknown.
    await expectEdges("linkerd inbound-only, callers by client_id", org.id, {
      "mesh:storefront->basket": 10,
      "mesh:basket->billing": 4,
      "mesh:unknown->storefront": 6,
      "mesh:unknown->basket": 3,
    });
    const stored = await readMeshEdges(org.id);
    for (const [key, success] of [["mesh:storefront->basket", 0.99], ["mesh:basket->billing", 0.9]] as const) {
      const measured = stored.find((e) => e.key === key)?.successRatio ?? Number.NaN;
      expect(relativeError(measured, success), `${key} success ${measured}`).toBeLessThan(0.05);
    }
    const callers = result.coverage?.endpoints.filter((e) => e.role === "caller").map((e) => [e.namespace, e.labels.client_id, e.serviceSlug, e.rule ?? e.reason]);
    expect(callers?.sort()).toEqual([
      ["jobs", "batch.jobs.serviceaccount.identity.linkerd.cluster.local", null, "no service for service account `batch` in namespace `jobs`"],
      ["shop", "cart.shop.serviceaccount.identity.linkerd.cluster.local", "basket", "service-account"],
      ["shop", "web.shop.serviceaccount.identity.linkerd.cluster.local", "storefront", "service-account"],
    ]);
    const nightly = result.coverage?.endpoints.find((e) => e.labels.client_id?.startsWith("batch.") === true);
    expect(relativeError(nightly?.requestRate ?? Number.NaN, 3)).toBeLessThan(0.05);
  });

  it("OpenTelemetry servicegraph: client/server service names become edges, `user` an unknown caller, failures from their own counter", async () => {
    const org = await upsertOrganization("otel-shop", "otel-shop");
    await importMeshTestCatalog(org.id, meshTestSnapshot(["frontend", "checkout", "productcatalog", "payment"].map((slug) => ({ slug, team: "shop" }))));
    const { result } = await ingest("otel-shop", "otel", "otel-servicegraph");
    expect(result.edges.ok && result.counts.ok, JSON.stringify(result)).toBe(true);
    await expectEdges("otel servicegraph", org.id, {
      "mesh:unknown->frontend": 20,
      "mesh:frontend->checkout": 8,
      "mesh:frontend->productcatalog": 12,
      "mesh:checkout->payment": 8,
    });
    const stored = await readMeshEdges(org.id);
    for (const edge of OTEL) {
      const key = `mesh:${edge.caller?.name ?? "unknown"}->${edge.callee.name}`;
      const success = stored.find((e) => e.key === key)?.successRatio ?? Number.NaN;
      expect(relativeError(success, edge.successRatio), `${key} success ${success} vs ${edge.successRatio}`).toBeLessThan(0.05);
    }
    expect(result.coverage?.unmatchedEndpoints).toBe(0);
    // Inbound SLI counts with the 100 ms threshold read from the seconds histogram.
    const rows = await readServiceTelemetry(org.id);
    const payment = rows.find((r) => r.service.slug === "payment" && r.window === "5m");
    expect(payment?.totalEvents).toBeGreaterThan(0);
    expect(relativeError((payment?.goodEvents ?? 0) / (payment?.totalEvents ?? 1), 0.9)).toBeLessThan(0.05);
    expect(Object.keys((payment?.latencyGood ?? {}) as Record<string, number>)).toEqual(["100", "150"]);
  });

  it("OpenTelemetry spanmetrics only (no servicegraph): per-service SLIs from server spans, the dialect detected, no edges invented", async () => {
    expect(await detectDialect(client, { extraMatchers: { job: "otel-spanmetrics" } })).toBe("otel");
    const org = await upsertOrganization("otel-spans", "otel-spans");
    await importMeshTestCatalog(org.id, meshTestSnapshot(["frontend", "checkout", "productcatalog", "payment"].map((slug) => ({ slug, team: "shop" }))));
    const { result } = await ingest("otel-spans", "otel", "otel-spanmetrics");
    expect(result.edges.ok && result.counts.ok, JSON.stringify(result)).toBe(true);
    expect(await readMeshEdges(org.id)).toEqual([]);
    const rows = (await readServiceTelemetry(org.id)).filter((r) => r.window === "5m");
    // Server spans per service: frontend 20 rps (99 %), checkout 8 (95 %), productcatalog 12 (99.9 %), payment 8 (90 %).
    const truth: Record<string, { rps: number; success: number; under100: number; under150: number }> = {
      frontend: { rps: 20, success: 0.99, under100: 1, under150: 1 },
      checkout: { rps: 8, success: 0.95, under100: 50 / 250, under150: 100 / 250 },
      productcatalog: { rps: 12, success: 0.999, under100: 1, under150: 1 },
      payment: { rps: 8, success: 0.9, under100: 0, under150: 50 / 300 },
    };
    expect(rows.map((r) => r.service.slug).sort()).toEqual(Object.keys(truth).sort());
    for (const row of rows) {
      const expected = truth[row.service.slug];
      if (!expected) continue;
      const success = row.goodEvents / row.totalEvents;
      const latencyGood = row.latencyGood as Record<string, number>;
      const under100 = (latencyGood["100"] ?? Number.NaN) / row.totalEvents;
      const under150 = (latencyGood["150"] ?? Number.NaN) / row.totalEvents;
      report.push(`  spanmetrics ${row.service.slug}: success ${success.toFixed(4)} vs ${expected.success}, under 100 ms ${under100.toFixed(3)} vs ${expected.under100.toFixed(3)}, under 150 ms (interpolated) ${under150.toFixed(3)} vs ${expected.under150.toFixed(3)}`);
      expect(relativeError(success, expected.success), `${row.service.slug} success`).toBeLessThan(0.05);
      expect(Math.abs(under100 - expected.under100), `${row.service.slug} under 100 ms`).toBeLessThan(0.05);
      // 150 ms lies between the connector's 100 and 200 ms buckets.
      expect(Math.abs(under150 - expected.under150), `${row.service.slug} under 150 ms`).toBeLessThan(0.05);
      expect(row.latencyInterpolated).toEqual({ "150": [100, 200] });
    }
    expect(result.coverage?.unmatchedEndpoints).toBe(0);
  });

  it("Istio 1.1 (Mixer, no canonical labels): services by app label, versions from destination_version, latency from the seconds histogram", async () => {
    const org = await upsertOrganization("bookinfo-mixer", "bookinfo-mixer");
    await importMeshTestCatalog(org.id, meshTestSnapshot(["productpage", "reviews", "details", "ratings"].map((slug) => ({ slug, team: "bookinfo" }))));
    const { result } = await ingest("bookinfo-mixer", "istio", "bookinfo-istio-1.1");
    expect(result.edges.ok && result.counts.ok, JSON.stringify(result)).toBe(true);
    await expectEdges("istio 1.1 mixer bookinfo (app labels)", org.id, BOOKINFO_TRUTH);
    expect(new Set(result.coverage?.endpoints.map((e) => e.rule))).toEqual(new Set(["app-label"]));
    const versions = (await getService(org.id, "productpage"))?.dependencies.find((d) => d.service.slug === "reviews")?.calleeVersions ?? [];
    expect(versions.map((v) => v.version)).toEqual(["v2", "v3"]);

    // Mixer measured durations in seconds (istio_request_duration_seconds): read and converted to ms.
    // productpage → details is uniform over 5–50 ms, whose ends are Mixer bucket bounds (0.005, 0.05 s).
    const stored = await readMeshEdges(org.id);
    const toDetails = stored.find((e) => e.key === "mesh:productpage->details");
    const measured = [toDetails?.latencyP50Ms, toDetails?.latencyP99Ms];
    const truthMs = [27.5, 49.55];
    report.push(`  mixer productpage->details p50/p99: ${measured.map((m) => m?.toFixed(2)).join("/")} ms vs ${truthMs.join("/")}`);
    measured.forEach((ms, index) => expect(relativeError(ms ?? Number.NaN, truthMs[index] ?? 0), `p${index === 0 ? 50 : 99} ${ms}`).toBeLessThan(0.1));
    expect(stored.filter((e) => e.latencyP99Ms === null).map((e) => e.key)).toEqual([]);

    // SLI latency: 100 ms is a Mixer bound (0.1 s), exact; 150 ms lies between 0.1 s and 0.25 s, interpolated.
    // Truth for reviews: v2 (12 rps, 10–100 ms) all under both; v3 (8 rps, 50–250 ms) a quarter under 100, half under 150.
    const reviews = (await readServiceTelemetry(org.id)).find((r) => r.service.slug === "reviews" && r.window === "5m");
    const total = reviews?.totalEvents ?? Number.NaN;
    const latencyGood = (reviews?.latencyGood ?? {}) as Record<string, number>;
    const shares = [(latencyGood["100"] ?? Number.NaN) / total, (latencyGood["150"] ?? Number.NaN) / total];
    report.push(`  mixer reviews share under 100/150 ms: ${shares.map((v) => v.toFixed(4)).join("/")} vs 0.7/0.8`);
    expect(relativeError(shares[0] ?? Number.NaN, 0.7)).toBeLessThan(0.05);
    expect(relativeError(shares[1] ?? Number.NaN, 0.8)).toBeLessThan(0.05);
    expect(reviews?.latencyInterpolated).toEqual({ "150": [100, 250] });
  });
});
