import { describe, expect, it } from "vitest";
import { parseEdgeSamples } from "./parse-edge-samples.ts";
import { TelemetryDataError } from "./telemetry-data-error.ts";
import type { EdgeSample, WorkloadRef } from "./telemetry-types.ts";

/** Endpoints without their hints (resolution input, tested in resolve-workload-service.test.ts). */
const bare = (w: WorkloadRef): WorkloadRef => ({ namespace: w.namespace, name: w.name });
const parse = (input: Parameters<typeof parseEdgeSamples>[0]): EdgeSample[] =>
  parseEdgeSamples(input).map((e) => ({ ...e, callerWorkload: e.callerWorkload && bare(e.callerWorkload), calleeWorkload: bare(e.calleeWorkload) }));

const T = 1_700_000_000;
type Series = [Record<string, string>, string];
const vector = (...series: Series[]) => ({ resultType: "vector", result: series.map(([metric, value]) => ({ metric, value: [T, value] })) });

const l = (caller: string, callee: string, sli: string) => ({
  deployment: caller,
  namespace: "shop",
  dst_deployment: callee,
  dst_namespace: callee === "payments" ? "pay" : "shop",
  sli,
});
const inbound = (name: string, sli: string, namespace = "shop") => ({ deployment: name, namespace, sli });
const i = (caller: string, callee: string, sli: string) => ({
  source_workload: caller,
  source_workload_namespace: caller === "unknown" ? "unknown" : "bookinfo",
  destination_workload: callee,
  destination_workload_namespace: "bookinfo",
  sli,
});
const empty = vector();

describe("parseEdgeSamples: linkerd", () => {
  it("builds edges with rate, success ratio and latency", () => {
    const edges = parse({
      dialect: "linkerd",
      traffic: vector(
        [l("web", "cart", "total"), "20"],
        [l("web", "cart", "good"), "19.8"],
        [l("cart", "payments", "total"), "10"],
        [l("cart", "payments", "good"), "9"],
        [inbound("cart", "inbound_total"), "20"],
        [inbound("cart", "inbound_good"), "19.8"],
        [inbound("payments", "inbound_total", "pay"), "10"],
        [inbound("payments", "inbound_good", "pay"), "9"],
      ),
      latency: vector([l("web", "cart", "p50"), "55"], [l("web", "cart", "p95"), "95.5"], [l("web", "cart", "p99"), "99.1"]),
    });
    expect(edges).toEqual([
      {
        callerWorkload: { namespace: "shop", name: "cart" },
        calleeWorkload: { namespace: "pay", name: "payments" },
        requestRate: 10,
        successRatio: 0.9,
        latencyP50Ms: null,
        latencyP95Ms: null,
        latencyP99Ms: null,
      },
      {
        callerWorkload: { namespace: "shop", name: "web" },
        calleeWorkload: { namespace: "shop", name: "cart" },
        requestRate: 20,
        successRatio: 0.99,
        latencyP50Ms: 55,
        latencyP95Ms: 95.5,
        latencyP99Ms: 99.1,
      },
    ]);
  });

  it("derives an unknown caller from inbound minus meshed outbound", () => {
    const edges = parse({
      dialect: "linkerd",
      traffic: vector(
        [l("web", "cart", "total"), "20"],
        [l("web", "cart", "good"), "20"],
        [inbound("cart", "inbound_total"), "30"],
        [inbound("cart", "inbound_good"), "29"],
        [inbound("web", "inbound_total"), "25"],
        [inbound("web", "inbound_good"), "24.5"],
      ),
      latency: empty,
    });
    const unknown = edges.filter((e) => e.callerWorkload === null);
    expect(unknown).toEqual([
      expect.objectContaining({ calleeWorkload: { namespace: "shop", name: "cart" }, requestRate: 10, successRatio: 0.9 }),
      expect.objectContaining({ calleeWorkload: { namespace: "shop", name: "web" }, requestRate: 25, successRatio: 0.98 }),
    ]);
    expect(unknown[0]?.latencyP50Ms).toBeNull();
    // Unknown callers sort before known ones of the same callee.
    expect(edges.map((e) => `${e.callerWorkload?.name ?? "?"}->${e.calleeWorkload.name}`)).toEqual(["?->cart", "web->cart", "?->web"]);
  });

  it.each([
    ["jitter below the share threshold", "20.5", []],
    ["a negative difference (client retries)", "19", []],
    ["a difference above both thresholds", "22", [2]],
  ])("reports %s accordingly", (_name, inboundRate, expected) => {
    const edges = parse({
      dialect: "linkerd",
      traffic: vector([l("web", "cart", "total"), "20"], [l("web", "cart", "good"), "20"], [inbound("cart", "inbound_total"), inboundRate]),
      latency: empty,
    });
    expect(edges.filter((e) => e.callerWorkload === null).map((e) => e.requestRate)).toEqual(expected);
  });

  it("honours configured unknown-caller thresholds", () => {
    const edges = parse({
      dialect: "linkerd",
      traffic: vector([l("web", "cart", "total"), "20"], [inbound("cart", "inbound_total"), "20.5"]),
      latency: empty,
      unknownCaller: { minRps: 0.1, minShare: 0.01 },
    });
    expect(edges.find((e) => e.callerWorkload === null)?.requestRate).toBeCloseTo(0.5);
  });

  it("clamps the derived success ratio to [0, 1]", () => {
    const edges = parse({
      dialect: "linkerd",
      traffic: vector(
        [l("web", "cart", "total"), "20"],
        [l("web", "cart", "good"), "10"],
        [inbound("cart", "inbound_total"), "30"],
        [inbound("cart", "inbound_good"), "30"],
      ),
      latency: empty,
    });
    expect(edges.find((e) => e.callerWorkload === null)?.successRatio).toBe(1);
  });

  it("reads a missing good series as every request failed, and an idle edge as no ratio", () => {
    const edges = parse({
      dialect: "linkerd",
      traffic: vector([l("web", "cart", "total"), "4"], [l("web", "catalog", "total"), "0"], [l("web", "catalog", "good"), "0"]),
      latency: vector([l("web", "catalog", "p50"), "NaN"]),
    });
    expect(edges.map((e) => [e.calleeWorkload.name, e.requestRate, e.successRatio, e.latencyP50Ms])).toEqual([
      ["cart", 4, 0, null],
      ["catalog", 0, null, null],
    ]);
  });
});

describe("parseEdgeSamples: istio", () => {
  it("maps source_workload=unknown to a null caller", () => {
    const edges = parse({
      dialect: "istio",
      traffic: vector(
        [i("unknown", "productpage", "total"), "30"],
        [i("unknown", "productpage", "good"), "29.7"],
        [i("productpage", "reviews", "total"), "40"],
        [i("productpage", "reviews", "good"), "38.8"],
      ),
      latency: vector([i("unknown", "productpage", "p99"), "240"]),
    });
    expect(edges).toEqual([
      {
        callerWorkload: null,
        calleeWorkload: { namespace: "bookinfo", name: "productpage" },
        requestRate: 30,
        successRatio: 0.99,
        latencyP50Ms: null,
        latencyP95Ms: null,
        latencyP99Ms: 240,
      },
      expect.objectContaining({ callerWorkload: { namespace: "bookinfo", name: "productpage" }, requestRate: 40, successRatio: 0.97 }),
    ]);
  });

  it("does not derive unknown callers (Istio reports them itself)", () => {
    const edges = parse({ dialect: "istio", traffic: vector([i("productpage", "reviews", "total"), "40"]), latency: empty });
    expect(edges).toHaveLength(1);
  });

  it("clamps good to total when it exceeds it by float rounding only", () => {
    const edges = parse({
      dialect: "istio",
      traffic: vector([i("a", "b", "total"), "0.30000000000000004"], [i("a", "b", "good"), "0.3000000000000001"]),
      latency: empty,
    });
    expect(edges[0]?.successRatio).toBe(1);
  });
});

describe("parseEdgeSamples: garbage", () => {
  const cases: [string, Parameters<typeof parseEdgeSamples>[0], RegExp][] = [
    ["a NaN rate", { dialect: "linkerd", traffic: vector([l("web", "cart", "total"), "NaN"]), latency: empty }, /"NaN" is not a number/],
    ["a negative rate", { dialect: "linkerd", traffic: vector([l("web", "cart", "total"), "-1"]), latency: empty }, /negative rate -1/],
    ["an unexpected sli", { dialect: "istio", traffic: vector([i("a", "b", "inbound_total"), "1"]), latency: empty }, /has sli "inbound_total", expected one of total, good/],
    ["no sli label", { dialect: "istio", traffic: vector([{ ...i("a", "b", "x"), sli: "" }, "1"]), latency: empty }, /has sli ""/],
    ["good without total", { dialect: "istio", traffic: vector([i("a", "b", "good"), "1"]), latency: empty }, /edge bookinfo\/a -> bookinfo\/b has a good rate but no total rate/],
    [
      "good above total",
      { dialect: "istio", traffic: vector([i("a", "b", "total"), "1"], [i("a", "b", "good"), "2"]), latency: empty },
      /has more good \(2\) than total \(1\) requests/,
    ],
    ["a duplicated series", { dialect: "istio", traffic: vector([i("a", "b", "total"), "1"], [i("a", "b", "total"), "1"]), latency: empty }, /appears twice/],
    ["inbound good without total", { dialect: "linkerd", traffic: vector([inbound("cart", "inbound_good"), "1"]), latency: empty }, /inbound shop\/cart has a success rate but no total rate/],
    ["a bad latency sli", { dialect: "istio", traffic: empty, latency: vector([i("a", "b", "p90"), "1"]) }, /istio edges is not usable: latency series .* has sli "p90", expected p50, p95 or p99/],
    ["an infinite latency", { dialect: "istio", traffic: empty, latency: vector([i("a", "b", "p99"), "+Inf"]) }, /istio edge latency is not usable: .*"\+Inf" is not a finite number/],
    ["a negative latency", { dialect: "istio", traffic: empty, latency: vector([i("a", "b", "p99"), "-5"]) }, /negative latency -5/],
    ["a wrong shape", { dialect: "linkerd", traffic: { resultType: "vector", result: "nope" }, latency: empty }, /linkerd edge traffic is not usable: data\.result: must be a list of samples/],
  ];
  it.each(cases)("refuses %s", (_name, input, message) => {
    expect(() => parseEdgeSamples(input)).toThrow(TelemetryDataError);
    expect(() => parseEdgeSamples(input)).toThrow(message);
  });
});

describe("parseEdgeSamples: endpoints the series name only partly", () => {
  it("keeps a Linkerd edge whose caller lacks `deployment` (relabelling missing), with an empty caller name", () => {
    const edges = parseEdgeSamples({
      dialect: "linkerd",
      traffic: vector([{ dst_deployment: "cart", dst_namespace: "shop", server_id: "cart.shop.serviceaccount.identity.linkerd.cluster.local", sli: "total" }, "4"]),
      latency: empty,
    });
    expect(edges).toHaveLength(1);
    expect(edges[0]?.callerWorkload).toMatchObject({ namespace: "", name: "", hints: { dialect: "linkerd", workloadLabel: "deployment", labels: {} } });
    expect(edges[0]?.calleeWorkload).toMatchObject({
      namespace: "shop",
      name: "cart",
      hints: { workloadLabel: "dst_deployment", identity: "cart.shop.serviceaccount.identity.linkerd.cluster.local" },
    });
  });

  it("reads StatefulSets and DaemonSets as workloads too", () => {
    const edges = parseEdgeSamples({
      dialect: "linkerd",
      traffic: vector([{ daemonset: "agent", namespace: "ops", dst_statefulset: "kafka", dst_namespace: "data", sli: "total" }, "2"]),
      latency: empty,
    });
    expect(edges[0]?.callerWorkload).toMatchObject({ namespace: "ops", name: "agent", hints: { workloadLabel: "daemonset" } });
    expect(edges[0]?.calleeWorkload).toMatchObject({ namespace: "data", name: "kafka", hints: { workloadLabel: "dst_statefulset" } });
  });

  it("keeps Istio's canonical service, revision and app on each endpoint", () => {
    const edges = parseEdgeSamples({
      dialect: "istio",
      traffic: vector([
        {
          ...i("productpage-v1", "reviews-v2", "total"),
          source_canonical_service: "productpage",
          source_canonical_revision: "v1",
          destination_canonical_service: "reviews",
          destination_canonical_revision: "v2",
          destination_app: "reviews",
          destination_service_name: "reviews",
        },
        "7",
      ]),
      latency: empty,
    });
    expect(edges[0]?.callerWorkload?.hints).toMatchObject({ canonicalService: "productpage", canonicalRevision: "v1" });
    expect(edges[0]?.calleeWorkload.hints).toMatchObject({ canonicalService: "reviews", canonicalRevision: "v2", app: "reviews", serviceName: "reviews" });
  });

  it("inbound-only (no caller's proxy reported the callee): each client_id is a caller, named by its identity; no client_id is the unknown caller", () => {
    const identity = (sa: string, ns = "shop") => `${sa}.${ns}.serviceaccount.identity.linkerd.cluster.local`;
    const from = (client: string, sli: string) => ({ ...inbound("cart", sli), ...(client === "" ? {} : { client_id: identity(client) }) });
    const edges = parseEdgeSamples({
      dialect: "linkerd",
      traffic: vector(
        [from("web", "inbound_total"), "20"],
        [from("web", "inbound_good"), "19"],
        [from("checkout", "inbound_total"), "5"],
        [from("checkout", "inbound_good"), "5"],
        [from("", "inbound_total"), "4"],
        [from("", "inbound_good"), "2"],
      ),
      latency: empty,
    });
    expect(edges.map((e) => [e.callerWorkload && [e.callerWorkload.namespace, e.callerWorkload.name, e.callerWorkload.hints?.identity], e.calleeWorkload.name, e.requestRate, e.successRatio])).toEqual([
      [null, "cart", 4, 0.5],
      [["shop", "", identity("checkout")], "cart", 5, 1],
      [["shop", "", identity("web")], "cart", 20, 0.95],
    ]);
    expect(edges[1]?.callerWorkload?.hints).toEqual({ dialect: "linkerd", workloadLabel: "client_id", labels: { client_id: identity("checkout") }, identity: identity("checkout") });
  });

  it("with some callers' proxies reporting, the remainder stays one unknown caller (inbound series cannot say which identities outbound counted)", () => {
    const withClient = (sli: string, client: string) => ({ ...inbound("cart", sli), client_id: `${client}.shop.serviceaccount.identity.linkerd.cluster.local` });
    const edges = parse({
      dialect: "linkerd",
      traffic: vector(
        [l("web", "cart", "total"), "20"],
        [l("web", "cart", "good"), "20"],
        [withClient("inbound_total", "web"), "20"],
        [withClient("inbound_good", "web"), "20"],
        [withClient("inbound_total", "batch"), "6"],
        [withClient("inbound_good", "batch"), "3"],
      ),
      latency: empty,
    });
    expect(edges.map((e) => [e.callerWorkload?.name ?? null, e.calleeWorkload.name, e.requestRate, e.successRatio])).toEqual([
      [null, "cart", 6, 0.5],
      ["web", "cart", 20, 1],
    ]);
  });

  it("does not derive unknown callers from inbound series that name no workload", () => {
    const edges = parseEdgeSamples({ dialect: "linkerd", traffic: vector([{ sli: "inbound_total" }, "9"]), latency: empty });
    expect(edges).toEqual([]);
  });
});

describe("parseEdgeSamples: otel", () => {
  it("reads client/server service names, `user` as a caller outside the traces", () => {
    const o = (client: string, server: string, sli: string) => ({ client, server, sli });
    const edges = parse({
      dialect: "otel",
      traffic: vector([o("frontend", "checkout", "total"), "10"], [o("frontend", "checkout", "good"), "9.5"], [o("user", "frontend", "total"), "20"], [o("user", "frontend", "good"), "20"]),
      latency: vector([o("frontend", "checkout", "p99"), "250"]),
    });
    expect(edges).toEqual([
      { callerWorkload: { namespace: "", name: "frontend" }, calleeWorkload: { namespace: "", name: "checkout" }, requestRate: 10, successRatio: 0.95, latencyP50Ms: null, latencyP95Ms: null, latencyP99Ms: 250 },
      { callerWorkload: null, calleeWorkload: { namespace: "", name: "frontend" }, requestRate: 20, successRatio: 1, latencyP50Ms: null, latencyP95Ms: null, latencyP99Ms: null },
    ]);
  });
});
