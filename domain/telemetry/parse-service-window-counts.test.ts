import { describe, expect, it } from "vitest";
import { parseServiceWindowCounts } from "./parse-service-window-counts.ts";
import { TelemetryDataError } from "./telemetry-data-error.ts";
import type { ServiceWindowCounts } from "./telemetry-types.ts";

/** Counts with bare endpoints (the hints are tested in parse-edge-samples.test.ts). */
const parse = (input: Parameters<typeof parseServiceWindowCounts>[0]): ServiceWindowCounts[] =>
  parseServiceWindowCounts(input).map((c) => ({ ...c, workload: { namespace: c.workload.namespace, name: c.workload.name } }));

const T = 1_700_000_000;
type Series = [Record<string, string>, string];
const vector = (...series: Series[]) => ({ resultType: "vector", result: series.map(([metric, value]) => ({ metric, value: [T, value] })) });
const l = (name: string, sli: string, le?: string) => ({ deployment: name, namespace: "shop", sli, ...(le === undefined ? {} : { le }) });
const i = (name: string, sli: string) => ({ destination_workload: name, destination_workload_namespace: "bookinfo", sli });

describe("parseServiceWindowCounts", () => {
  it("reads total, good and latency counts per workload (linkerd)", () => {
    const counts = parse({
      dialect: "linkerd",
      window: "1h",
      latencyThresholdsMs: [100, 250],
      data: vector(
        [l("web", "total"), "1000"],
        [l("web", "good"), "990"],
        [l("web", "latency", "100"), "700"],
        [l("web", "latency", "250.0"), "950"],
        [l("cart", "total"), "50.5"],
        [l("cart", "good"), "50.5"],
      ),
    });
    expect(counts).toEqual([
      { workload: { namespace: "shop", name: "cart" }, window: "1h", total: 50.5, good: 50.5, latencyGood: {} },
      { workload: { namespace: "shop", name: "web" }, window: "1h", total: 1000, good: 990, latencyGood: { "100": 700, "250": 950 } },
    ]);
  });

  it("reads istio destination workloads and leaves latencyGood out when no threshold was asked", () => {
    const counts = parse({ dialect: "istio", window: "28d", data: vector([i("reviews", "total"), "10"], [i("reviews", "good"), "9"]) });
    expect(counts).toEqual([{ workload: { namespace: "bookinfo", name: "reviews" }, window: "28d", total: 10, good: 9 }]);
  });

  it("keeps a series that names no workload (Linkerd without its relabelling), for coverage to report", () => {
    const counts = parseServiceWindowCounts({ dialect: "linkerd", window: "5m", data: vector([{ sli: "total" }, "30"], [{ sli: "good" }, "30"]) });
    expect(counts).toEqual([
      { workload: { namespace: "", name: "", hints: { dialect: "linkerd", workloadLabel: "deployment", labels: {} } }, window: "5m", total: 30, good: 30 },
    ]);
  });

  it("reads OpenTelemetry's seconds buckets against ms thresholds", () => {
    const o = (sli: string, le?: string) => ({ server: "checkout", sli, ...(le === undefined ? {} : { le }) });
    const counts = parse({
      dialect: "otel",
      window: "5m",
      latencyThresholdsMs: [100, 300],
      data: vector([o("total"), "100"], [o("good"), "98"], [o("latency", "0.1"), "60"], [o("latency", "0.3"), "90"]),
    });
    expect(counts).toEqual([{ workload: { namespace: "", name: "checkout" }, window: "5m", total: 100, good: 98, latencyGood: { "100": 60, "300": 90 } }]);
  });

  it("reads a workload whose every request failed as good 0", () => {
    const counts = parse({ dialect: "istio", window: "5m", data: vector([i("ratings", "total"), "12"]) });
    expect(counts[0]).toMatchObject({ total: 12, good: 0 });
  });

  it("keeps a fractional threshold key as written", () => {
    const counts = parse({
      dialect: "istio",
      window: "5m",
      latencyThresholdsMs: [0.5],
      data: vector([i("a", "total"), "3"], [{ ...i("a", "latency"), le: "0.5" }, "1"]),
    });
    expect(counts[0]?.latencyGood).toEqual({ "0.5": 1 });
  });

  it("interpolates a threshold between bucket boundaries and says between which; unknown in the +Inf bucket", () => {
    const counts = parseServiceWindowCounts({
      dialect: "linkerd",
      window: "1h",
      latencyThresholdsMs: [100, 150, 60_000],
      data: vector(
        [l("web", "total"), "1000"],
        [l("web", "latency", "50"), "400"],
        [l("web", "latency", "100"), "700"],
        [l("web", "latency", "200"), "900"],
        [l("web", "latency", "50000"), "990"],
        [l("web", "latency", "+Inf"), "1000"],
      ),
    });
    // 150 ms is halfway through the 100–200 ms bucket: 700 + 200 / 2. 60 s is past the last finite bound: left out.
    expect(counts[0]?.latencyGood).toEqual({ "100": 700, "150": 800 });
    expect(counts[0]?.latencyInterpolated).toEqual({ "150": [100, 200] });
  });

  it("reads OpenTelemetry's seconds buckets as ms", () => {
    const o = (sli: string, le?: string) => ({ server: "checkout", sli, ...(le === undefined ? {} : { le }) });
    const counts = parse({
      dialect: "otel",
      window: "5m",
      latencyThresholdsMs: [100, 300],
      data: vector([o("total"), "100"], [o("good"), "98"], [o("latency", "0.1"), "60"], [o("latency", "0.2"), "80"], [o("latency", "0.4"), "90"], [o("latency", "+Inf"), "100"]),
    });
    expect(counts[0]).toMatchObject({ latencyGood: { "100": 60, "300": 85 }, latencyInterpolated: { "300": [200, 400] } });
  });

  it("reads span-metric buckets in ms (OpenTelemetry spanmetrics) and prefers them to the service graph's", () => {
    const o = (sli: string, le?: string) => ({ server: "checkout", sli, ...(le === undefined ? {} : { le }) });
    const counts = parse({
      dialect: "otel",
      window: "5m",
      latencyThresholdsMs: [100],
      data: vector([o("total"), "100"], [o("good"), "98"], [o("span_latency", "100"), "70"], [o("span_latency", "+Inf"), "100"], [o("latency", "0.1"), "10"]),
    });
    expect(counts[0]).toMatchObject({ latencyGood: { "100": 70 } });
    // Span buckets mean nothing to another dialect.
    expect(() => parse({ dialect: "istio", window: "5m", data: vector([i("a", "total"), "1"], [{ ...i("a", "span_latency"), le: "100" }, "1"]) })).toThrow(
      /has sli "span_latency", expected total, good or latency/,
    );
  });

  it("reads Istio 1.1 Mixer's seconds buckets as ms, only for workloads without telemetry v2's ms buckets", () => {
    const counts = parse({
      dialect: "istio",
      window: "5m",
      latencyThresholdsMs: [100, 150],
      data: vector(
        // Mixer only (seconds): 0.1 s = 100 ms exact, 150 ms between 0.1 and 0.25 s.
        [i("mixer", "total"), "100"],
        [i("mixer", "good"), "99"],
        [{ ...i("mixer", "legacy_latency"), le: "0.05" }, "20"],
        [{ ...i("mixer", "legacy_latency"), le: "0.1" }, "40"],
        [{ ...i("mixer", "legacy_latency"), le: "0.25" }, "100"],
        [{ ...i("mixer", "legacy_latency"), le: "+Inf" }, "100"],
        // Mid-upgrade: both histograms; the ms one wins.
        [i("both", "total"), "10"],
        [i("both", "good"), "10"],
        [{ ...i("both", "latency"), le: "100" }, "7"],
        [{ ...i("both", "latency"), le: "250" }, "10"],
        [{ ...i("both", "legacy_latency"), le: "0.1" }, "1"],
        [{ ...i("both", "legacy_latency"), le: "0.25" }, "2"],
      ),
    });
    expect(counts.map((c) => [c.workload.name, c.latencyGood, c.latencyInterpolated])).toEqual([
      ["both", { "100": 7, "150": 8 }, { "150": [100, 250] }],
      ["mixer", { "100": 40, "150": 60 }, { "150": [100, 250] }],
    ]);
    // The older histogram means nothing to a dialect without one.
    expect(() => parse({ dialect: "linkerd", window: "5m", data: vector([l("a", "total"), "1"], [l("a", "legacy_latency", "0.1"), "1"]) })).toThrow(/has sli "legacy_latency"/);
  });

  it("tolerates one request of skew between histogram and counter", () => {
    const counts = parse({
      dialect: "linkerd",
      window: "5m",
      latencyThresholdsMs: [100],
      data: vector([l("web", "total"), "10"], [l("web", "latency", "100"), "10.8"]),
    });
    expect(counts[0]?.latencyGood).toEqual({ "100": 10 });
  });

  const garbage: [string, Parameters<typeof parseServiceWindowCounts>[0], RegExp][] = [
    ["a NaN count", { dialect: "linkerd", window: "1h", data: vector([l("web", "total"), "NaN"]) }, /linkerd service counts over 1h is not usable: .*"NaN" is not a number/],
    ["a negative count", { dialect: "linkerd", window: "1h", data: vector([l("web", "total"), "-2"]) }, /negative count -2/],
    ["good without total", { dialect: "istio", window: "6h", data: vector([i("x", "good"), "2"]) }, /bookinfo\/x has good or latency counts over 6h but no total/],
    ["good above total", { dialect: "istio", window: "6h", data: vector([i("x", "total"), "2"], [i("x", "good"), "3"]) }, /more good \(3\) than total \(2\) requests over 6h/],
    [
      "latency far above total",
      { dialect: "linkerd", window: "5m", latencyThresholdsMs: [100], data: vector([l("web", "total"), "10"], [l("web", "latency", "100"), "20"]) },
      /more requests under 100 ms \(20\) than requests in total \(10\)/,
    ],
    ["a latency series without le", { dialect: "linkerd", window: "5m", data: vector([l("web", "total"), "10"], [l("web", "latency"), "2"]) }, /has le null, expected a bucket bound/],
    ["a latency series with a garbage le", { dialect: "linkerd", window: "5m", data: vector([l("web", "total"), "10"], [l("web", "latency", "fast"), "2"]) }, /has le "fast", expected a bucket bound/],
    ["an unknown sli", { dialect: "linkerd", window: "5m", data: vector([l("web", "bad"), "1"]) }, /has sli "bad", expected total, good or latency/],
    ["a duplicate", { dialect: "linkerd", window: "5m", data: vector([l("web", "total"), "1"], [l("web", "total"), "1"]) }, /appears twice/],
    ["a matrix", { dialect: "linkerd", window: "5m", data: { resultType: "matrix", result: [] } }, /expected a vector result, got resultType "matrix"/],
  ];
  it.each(garbage)("refuses %s", (_name, input, message) => {
    expect(() => parseServiceWindowCounts(input)).toThrow(TelemetryDataError);
    expect(() => parseServiceWindowCounts(input)).toThrow(message);
  });
});
