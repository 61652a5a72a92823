import { describe, expect, it } from "vitest";
import { buildTelemetryCoverage } from "./build-telemetry-coverage.ts";
import { readEndpoint } from "./read-workload-labels.ts";
import { MESH_DIALECT_LABELS } from "./mesh-dialect-labels.ts";
import { parseEdgeSamples } from "./parse-edge-samples.ts";
import { createWorkloadResolver, parseLinkerdIdentity, type TResolutionRule } from "./resolve-workload-service.ts";
import type { EdgeSample, MeshDialect } from "./telemetry-types.ts";

// Services and what Kubernetes discovery saw. `reviews` runs in `bookinfo` (two versions),
// `reviews-staging` is the catalog's name for the `reviews` of `staging`.
const services = ["productpage", "reviews", "reviews-staging", "details", "ratings", "web", "cart", "emoji", "payments"].map((slug) => ({ id: `s-${slug}`, slug }));
const resolve = createWorkloadResolver({
  services,
  workloads: [
    { namespace: "bookinfo", name: "reviews-v2", serviceId: "s-reviews", isDeleted: false },
    { namespace: "bookinfo", name: "reviews-v3", serviceId: "s-reviews", isDeleted: false },
    { namespace: "staging", name: "reviews-v1", serviceId: "s-reviews-staging", isDeleted: false },
    { namespace: "shop", name: "cart-7f9", serviceId: "s-cart", isDeleted: false, serviceAccountName: "default" },
    // Discovery recorded the pod template's serviceAccountName.
    { namespace: "shop", name: "payments-api", serviceId: "s-payments", isDeleted: false, serviceAccountName: "payments-sa" },
    { namespace: "shop", name: "web-v1", serviceId: "s-web", isDeleted: false, serviceAccountName: "default" },
  ],
});

type Row = [string, MeshDialect, "caller" | "callee" | "inbound" | "inboundCaller", Record<string, string>, string | null, TResolutionRule | RegExp];

/** The endpoint a row's labels name: a mesh side, or (Linkerd) the caller an inbound series names by `client_id`. */
function endpointOf(dialect: MeshDialect, role: Row[2], labels: Record<string, string>) {
  if (role !== "inboundCaller") return readEndpoint(labels, MESH_DIALECT_LABELS[dialect][role], dialect);
  const edges = parseEdgeSamples({ dialect, traffic: { resultType: "vector", result: [{ metric: { deployment: "x", namespace: "x", sli: "inbound_total", ...labels }, value: [0, "1"] }] }, latency: { resultType: "vector", result: [] } });
  const caller = edges[0]?.callerWorkload;
  if (!caller) throw new Error(`no caller from ${JSON.stringify(labels)}`);
  return caller;
}

// Series labels as Istio telemetry v2 and Linkerd viz write them.
const rows: Row[] = [
  // Istio: discovery's workload mapping first (reviews-v2 and reviews-v3 both feed reviews) …
  ["istio discovered workload v2", "istio", "callee", { destination_workload: "reviews-v2", destination_workload_namespace: "bookinfo", destination_canonical_service: "reviews", destination_canonical_revision: "v2" }, "reviews", "discovered-workload"],
  ["istio discovered workload v3", "istio", "callee", { destination_workload: "reviews-v3", destination_workload_namespace: "bookinfo", destination_canonical_service: "reviews" }, "reviews", "discovered-workload"],
  // … then the canonical service, app, destination_service_name, workload name.
  ["istio canonical service", "istio", "caller", { source_workload: "productpage-v1", source_workload_namespace: "bookinfo", source_canonical_service: "productpage", source_canonical_revision: "v1", source_app: "productpage" }, "productpage", "canonical-service"],
  ["istio app when no canonical label (pre-1.8)", "istio", "callee", { destination_workload: "details-v1", destination_workload_namespace: "bookinfo", destination_app: "details" }, "details", "app-label"],
  ["istio destination_service_name", "istio", "callee", { destination_workload: "ratings-v1", destination_workload_namespace: "bookinfo", destination_service_name: "ratings" }, "ratings", "service-name"],
  ["istio workload name", "istio", "inbound", { destination_workload: "web", destination_workload_namespace: "shop" }, "web", "workload-name"],
  ["istio canonical name wrong, app right", "istio", "callee", { destination_workload: "x-v1", destination_workload_namespace: "bookinfo", destination_canonical_service: "x", destination_app: "details" }, "details", "app-label"],
  // Namespaces are not merged: `reviews` in `staging` is not bookinfo's reviews …
  ["istio other namespace, discovered", "istio", "callee", { destination_workload: "reviews-v1", destination_workload_namespace: "staging", destination_canonical_service: "reviews" }, "reviews-staging", "discovered-workload"],
  ["istio other namespace, undiscovered", "istio", "callee", { destination_workload: "reviews-v9", destination_workload_namespace: "dev", destination_canonical_service: "reviews" }, null, /^no service for canonical name `reviews` in namespace `dev`; also tried workload `reviews-v9`; service `reviews` runs in namespace `bookinfo` only$/],
  ["istio nothing known", "istio", "callee", { destination_workload: "reviews-v1", destination_workload_namespace: "bookinfo", destination_canonical_service: "book-reviews" }, null, /^no service for canonical name `book-reviews` in namespace `bookinfo`; also tried workload `reviews-v1`$/],
  ["istio no labels", "istio", "caller", {}, null, /^series lack `source_workload`$/],
  ["istio egress", "istio", "callee", { destination_workload: "unknown", destination_workload_namespace: "unknown", destination_canonical_service: "unknown", destination_service_name: "api.example.com" }, null, /^destination outside the mesh/],
  // Linkerd: deployment / statefulset / daemonset (+ dst_*), then the identity.
  ["linkerd deployment", "linkerd", "caller", { deployment: "web", namespace: "shop" }, "web", "workload-name"],
  ["linkerd discovered deployment", "linkerd", "callee", { dst_deployment: "cart-7f9", dst_namespace: "shop" }, "cart", "discovered-workload"],
  ["linkerd statefulset", "linkerd", "inbound", { statefulset: "emoji", namespace: "emojivoto" }, "emoji", "workload-name"],
  ["linkerd server_id through a known service account", "linkerd", "callee", { dst_namespace: "shop", server_id: "payments-sa.shop.serviceaccount.identity.linkerd.cluster.local" }, "payments", "service-account"],
  // "default" runs both cart and web: it names neither, and coverage says so.
  ["linkerd server_id of a shared account", "linkerd", "callee", { dst_namespace: "shop", server_id: "default.shop.serviceaccount.identity.linkerd.cluster.local" }, null, /^no service for service account `default` in namespace `shop`; service account `default` in namespace `shop` runs workloads of `cart`, `web`, so it names none/],
  ["linkerd server_id by account name", "linkerd", "callee", { dst_namespace: "emojivoto", server_id: "emoji.emojivoto.serviceaccount.identity.linkerd.cluster.local" }, "emoji", "service-account"],
  ["linkerd without relabelling", "linkerd", "caller", {}, null, /^series lack `deployment`: Linkerd's Prometheus relabelling is missing/],
  // An inbound series' caller named only by client_id (parse-edge-samples.ts, inbound-only scrapes): the same account rules as server_id.
  ["linkerd client_id through a known service account", "linkerd", "inboundCaller", { client_id: "payments-sa.shop.serviceaccount.identity.linkerd.cluster.local" }, "payments", "service-account"],
  ["linkerd client_id by account name", "linkerd", "inboundCaller", { client_id: "emoji.emojivoto.serviceaccount.identity.linkerd.cluster.local" }, "emoji", "service-account"],
  ["linkerd client_id of a shared account", "linkerd", "inboundCaller", { client_id: "default.shop.serviceaccount.identity.linkerd.cluster.local" }, null, /^no service for service account `default` in namespace `shop`; service account `default` in namespace `shop` runs workloads of `cart`, `web`, so it names none/],
  ["linkerd client_id of an unknown account", "linkerd", "inboundCaller", { client_id: "batch.jobs.serviceaccount.identity.linkerd.cluster.local" }, null, /^no service for service account `batch` in namespace `jobs`$/],
  ["linkerd inbound without relabelling", "linkerd", "inbound", { client_id: "web.shop.serviceaccount.identity.linkerd.cluster.local" }, null, /^series lack `deployment`: Linkerd's Prometheus relabelling is missing/],
  ["linkerd destination outside the mesh", "linkerd", "callee", {}, null, /^series lack `dst_deployment` and `server_id`: the destination is outside the mesh/],
  ["linkerd unknown deployment", "linkerd", "callee", { dst_deployment: "legacy", dst_namespace: "shop" }, null, /^no service for workload `legacy` in namespace `shop`$/],
];

describe("createWorkloadResolver: the rules, in order", () => {
  it.each(rows)("%s", (_name, dialect, role, labels, slug, rule) => {
    const resolution = resolve(endpointOf(dialect, role, labels));
    expect(resolution.service?.slug ?? null).toBe(slug);
    if (resolution.service) expect(resolution.rule).toBe(rule);
    else expect(resolution.reason).toMatch(rule as RegExp);
  });

  it("reads a person's claim before any other rule, in the claimed namespace only", () => {
    const r = createWorkloadResolver({
      services,
      workloads: [{ namespace: "bookinfo", name: "reviews-v2", serviceId: "s-reviews", isDeleted: false }],
      claims: [
        { namespace: "legacy", name: "old-billing", serviceId: "s-payments" },
        { namespace: "bookinfo", name: "reviews-v2", serviceId: "s-reviews-staging" },
      ],
    });
    const claimed = r(readEndpoint({ destination_workload: "old-billing", destination_workload_namespace: "legacy" }, MESH_DIALECT_LABELS.istio.callee, "istio"));
    expect(claimed).toEqual({ service: { id: "s-payments", slug: "payments" }, rule: "claimed", matchedName: "old-billing" });
    expect(r({ namespace: "bookinfo", name: "reviews-v2" })).toMatchObject({ service: { slug: "reviews-staging" }, rule: "claimed" });
    expect(r({ namespace: "other", name: "old-billing" }).service).toBeNull();
  });

  it("reads Linkerd identities", () => {
    expect(parseLinkerdIdentity("web.shop.serviceaccount.identity.linkerd.cluster.local")).toEqual({ name: "web", namespace: "shop" });
    expect(parseLinkerdIdentity("spiffe://cluster.local/ns/shop/sa/web")).toBeNull();
  });

  it("lets a live workload win over a deleted one and keeps deleted rows mapping", () => {
    const r = createWorkloadResolver({
      services: [{ id: "a", slug: "a" }, { id: "b", slug: "b" }],
      workloads: [
        { namespace: "n", name: "w", serviceId: "a", isDeleted: true },
        { namespace: "n", name: "w", serviceId: "b", isDeleted: false },
        { namespace: "n", name: "gone", serviceId: "a", isDeleted: true },
      ],
    });
    expect(r({ namespace: "n", name: "w" }).service?.slug).toBe("b");
    expect(r({ namespace: "n", name: "gone" }).service?.slug).toBe("a");
  });
});

describe("buildTelemetryCoverage", () => {
  const istio = (labels: Record<string, string>, role: "caller" | "callee") => readEndpoint(labels, MESH_DIALECT_LABELS.istio[role], "istio");
  const sample = (caller: EdgeSample["callerWorkload"], callee: EdgeSample["calleeWorkload"], rate: number): EdgeSample => ({
    callerWorkload: caller,
    calleeWorkload: callee,
    requestRate: rate,
    successRatio: 1,
    latencyP50Ms: null,
    latencyP95Ms: null,
    latencyP99Ms: null,
  });
  const productpage = istio({ source_workload: "productpage-v1", source_workload_namespace: "bookinfo", source_canonical_service: "productpage" }, "caller");
  const reviews = istio({ destination_workload: "reviews-v2", destination_workload_namespace: "bookinfo" }, "callee");
  const mystery = istio({ destination_workload: "mystery-v1", destination_workload_namespace: "bookinfo", destination_canonical_service: "mystery" }, "callee");
  const batch = istio({ source_workload: "batch", source_workload_namespace: "jobs" }, "caller");

  it("attributes or explains every endpoint, and the traffic adds up", () => {
    const coverage = buildTelemetryCoverage({
      edges: [sample(productpage, reviews, 10), sample(productpage, mystery, 2), sample(batch, reviews, 1), sample(null, reviews, 3)],
      counts: [
        { workload: reviews, window: "5m", total: 4200, good: 4200 },
        { workload: reviews, window: "1h", total: 50_400, good: 50_400 },
      ],
      resolve,
    });
    expect(coverage.traffic).toEqual({ total: 16, attributed: 13, callerUnmatched: 1, calleeUnmatched: 2 });
    expect(coverage.traffic.attributed + coverage.traffic.callerUnmatched + coverage.traffic.calleeUnmatched).toBe(coverage.traffic.total);
    expect(coverage.endpoints.map((e) => [e.role, e.workload, e.serviceSlug, e.rule, e.requestRate, e.reason])).toEqual([
      ["callee", "mystery-v1", null, null, 2, "no service for canonical name `mystery` in namespace `bookinfo`; also tried workload `mystery-v1`"],
      ["caller", "batch", null, null, 1, "no service for workload `batch` in namespace `jobs`"],
      ["callee", "reviews-v2", "reviews", "discovered-workload", 14, null],
      ["inbound", "reviews-v2", "reviews", "discovered-workload", 14, null],
      ["caller", "productpage-v1", "productpage", "canonical-service", 12, null],
    ]);
    expect(coverage.endpoints.find((e) => e.workload === "mystery-v1")?.labels).toEqual({
      destination_workload: "mystery-v1",
      destination_workload_namespace: "bookinfo",
      destination_canonical_service: "mystery",
    });
    expect([coverage.matchedEndpoints, coverage.unmatchedEndpoints]).toEqual([3, 2]);
  });
});
