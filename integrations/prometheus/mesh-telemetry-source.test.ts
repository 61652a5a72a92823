import { describe, expect, it } from "vitest";
import { buildMeshQueries } from "@/domain/telemetry/build-mesh-queries.ts";
import { createPrometheusTelemetrySource, detectDialect, MeshDialectNotDetectedError } from "./mesh-telemetry-source.ts";
import type { InstantQueryOptions, PrometheusClient, PrometheusQueryData } from "./prometheus-client.ts";
import { PrometheusResponseError, PrometheusUnavailableError } from "./prometheus-errors.ts";

/** A fake client answering by query text; records every question. */
function fakeClient(answer: (query: string) => PrometheusQueryData | Error) {
  const asked: { query: string; time?: Date }[] = [];
  const client: PrometheusClient = {
    baseUrl: "http://prometheus.test/",
    async query(query: string, options: InstantQueryOptions = {}) {
      asked.push({ query, time: options.time });
      const result = answer(query);
      if (result instanceof Error) throw result;
      return result;
    },
    async queryRange() {
      throw new Error("not used");
    },
  };
  return { client, asked };
}

const vector = (series: [Record<string, string>, string][], warnings: string[] = []): PrometheusQueryData => ({
  resultType: "vector",
  result: series.map(([metric, value]) => ({ metric, value: [1, value] })),
  warnings,
});
const NOW = new Date("2025-01-01T12:00:00Z");
const istio = buildMeshQueries("istio", { rateRange: "2m", latencyThresholdsMs: [100] });
const edge = { source_workload: "a", source_workload_namespace: "n", destination_workload: "b", destination_workload_namespace: "n" };

describe("createPrometheusTelemetrySource", () => {
  it("asks the traffic and latency questions at `now` and merges the answers", async () => {
    const { client, asked } = fakeClient((query) =>
      query === istio.edgeTraffic
        ? vector([[{ ...edge, sli: "total" }, "4"], [{ ...edge, sli: "good" }, "3"]])
        : vector([[{ ...edge, sli: "p50" }, "12"]]),
    );
    const source = createPrometheusTelemetrySource({ client, dialect: "istio", rateRange: "2m" });
    expect(source.name).toBe("prometheus:istio");
    await expect(source.fetchEdges(NOW)).resolves.toEqual([
      expect.objectContaining({ callerWorkload: expect.objectContaining({ namespace: "n", name: "a" }), requestRate: 4, successRatio: 0.75, latencyP50Ms: 12 }),
    ]);
    expect(asked.map((a) => a.query)).toEqual([istio.edgeTraffic, istio.edgeLatency]);
    expect(asked.every((a) => a.time === NOW)).toBe(true);
  });

  it("asks one query per distinct window and reports warnings", async () => {
    const warnings: string[] = [];
    const { client, asked } = fakeClient((query) =>
      vector([[{ destination_workload: "b", destination_workload_namespace: "n", sli: "total" }, "10"]], query.includes("[1h]") ? ["partial response"] : []),
    );
    const source = createPrometheusTelemetrySource({
      client,
      dialect: "istio",
      latencyThresholdsMs: [100],
      name: "prometheus:eu",
      onWarnings: (w) => warnings.push(...w),
    });
    const counts = await source.fetchServiceCounts(["5m", "1h", "5m"], NOW);
    expect(asked.map((a) => a.query)).toEqual([istio.serviceCounts("5m"), istio.serviceCounts("1h")]);
    expect(counts.map((c) => [c.window, c.total, c.good, c.latencyGood])).toEqual([
      ["5m", 10, 0, {}],
      ["1h", 10, 0, {}],
    ]);
    expect(warnings).toEqual(["partial response"]);
  });

  it("turns garbage into PrometheusResponseError naming the query", async () => {
    const { client } = fakeClient(() => vector([[{ sli: "total" }, "NaN"]]));
    const error = await createPrometheusTelemetrySource({ client, dialect: "linkerd" })
      .fetchServiceCounts(["5m"], NOW)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrometheusResponseError);
    expect((error as PrometheusResponseError).message).toMatch(/linkerd service counts over 5m is not usable: .*"NaN" is not a number/);
    expect((error as PrometheusResponseError).query).toContain("increase(response_total");
  });

  it("lets the client's errors through unchanged", async () => {
    const down = new PrometheusUnavailableError("http://prometheus.test/", 4, 503, "HTTP 503");
    const { client } = fakeClient(() => down);
    await expect(createPrometheusTelemetrySource({ client, dialect: "istio" }).fetchEdges(NOW)).rejects.toBe(down);
  });
});

describe("detectDialect", () => {
  it.each([
    [[["linkerd", "12"]], "linkerd"],
    [[["istio", "3"]], "istio"],
  ] as const)("finds %j", async (found, dialect) => {
    const { client, asked } = fakeClient(() => vector(found.map(([sli, count]) => [{ sli }, count])));
    await expect(detectDialect(client, { extraMatchers: { cluster: "eu" } })).resolves.toBe(dialect);
    expect(asked[0]?.query).toContain('response_total{cluster="eu"}');
  });

  it("refuses to guess with none or both", async () => {
    await expect(detectDialect(fakeClient(() => vector([])).client)).rejects.toThrow(/has no response_total \(Linkerd\), istio_requests_total \(Istio\) or traces_service_graph_request_total \(OpenTelemetry servicegraph\) series/);
    const both = fakeClient(() => vector([[{ sli: "linkerd" }, "1"], [{ sli: "istio" }, "1"]])).client;
    await expect(detectDialect(both)).rejects.toBeInstanceOf(MeshDialectNotDetectedError);
  });
});
