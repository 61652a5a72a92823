import { describe, expect, it } from "vitest";
import { buildDialectProbeQuery, buildMeshQueries } from "./build-mesh-queries.ts";

describe("buildMeshQueries: linkerd", () => {
  const q = buildMeshQueries("linkerd", { latencyThresholdsMs: [250, 100] });

  it("asks for outbound edge rates, success rates and inbound rates per caller identity (client_id) in one query", () => {
    expect(q.edgeTraffic).toBe(
      'label_replace(sum by (deployment, statefulset, daemonset, namespace, dst_deployment, dst_statefulset, dst_daemonset, dst_namespace, server_id) (rate(response_total{direction="outbound"}[1m])), "sli", "total", "", "")' +
        ' or label_replace(sum by (deployment, statefulset, daemonset, namespace, dst_deployment, dst_statefulset, dst_daemonset, dst_namespace, server_id) (rate(response_total{direction="outbound", classification="success"}[1m])), "sli", "good", "", "")' +
        ' or label_replace(sum by (deployment, statefulset, daemonset, namespace, client_id) (rate(response_total{direction="inbound"}[1m])), "sli", "inbound_total", "", "")' +
        ' or label_replace(sum by (deployment, statefulset, daemonset, namespace, client_id) (rate(response_total{direction="inbound", classification="success"}[1m])), "sli", "inbound_good", "", "")',
    );
  });

  it("asks for p50, p95 and p99 per edge from the outbound latency histogram", () => {
    expect(q.edgeLatency).toBe(
      'label_replace(histogram_quantile(0.5, sum by (le, deployment, statefulset, daemonset, namespace, dst_deployment, dst_statefulset, dst_daemonset, dst_namespace, server_id) (rate(response_latency_ms_bucket{direction="outbound"}[1m]))), "sli", "p50", "", "")' +
        ' or label_replace(histogram_quantile(0.95, sum by (le, deployment, statefulset, daemonset, namespace, dst_deployment, dst_statefulset, dst_daemonset, dst_namespace, server_id) (rate(response_latency_ms_bucket{direction="outbound"}[1m]))), "sli", "p95", "", "")' +
        ' or label_replace(histogram_quantile(0.99, sum by (le, deployment, statefulset, daemonset, namespace, dst_deployment, dst_statefulset, dst_daemonset, dst_namespace, server_id) (rate(response_latency_ms_bucket{direction="outbound"}[1m]))), "sli", "p99", "", "")',
    );
  });

  it("counts inbound total, non-5xx and under-threshold requests over a window", () => {
    expect(q.serviceCounts("28d")).toBe(
      'label_replace(sum by (deployment, statefulset, daemonset, namespace) (increase(response_total{direction="inbound"}[28d])), "sli", "total", "", "")' +
        ' or label_replace(sum by (deployment, statefulset, daemonset, namespace) (increase(response_total{direction="inbound", status_code!~"5.."}[28d])), "sli", "good", "", "")' +
        ' or label_replace(sum by (deployment, statefulset, daemonset, namespace, le) (increase(response_latency_ms_bucket{direction="inbound"}[28d])), "sli", "latency", "", "")',
    );
  });

  it("leaves the latency part out when no threshold is asked for", () => {
    expect(buildMeshQueries("linkerd").serviceCounts("5m")).toBe(
      'label_replace(sum by (deployment, statefulset, daemonset, namespace) (increase(response_total{direction="inbound"}[5m])), "sli", "total", "", "")' +
        ' or label_replace(sum by (deployment, statefulset, daemonset, namespace) (increase(response_total{direction="inbound", status_code!~"5.."}[5m])), "sli", "good", "", "")',
    );
  });
});

describe("buildMeshQueries: istio", () => {
  const q = buildMeshQueries("istio", { latencyThresholdsMs: [0.5, 100] });

  it("takes meshed callers from the source reporter and unknown callers from the destination reporter", () => {
    expect(q.edgeTraffic).toBe(
      'label_replace(sum by (source_workload, source_workload_namespace, source_canonical_service, source_canonical_revision, source_version, source_app, destination_workload, destination_workload_namespace, destination_canonical_service, destination_canonical_revision, destination_version, destination_app, destination_service_name) (rate(istio_requests_total{reporter="source"}[1m]) or rate(istio_requests_total{reporter="destination", source_workload="unknown"}[1m])), "sli", "total", "", "")' +
        ' or label_replace(sum by (source_workload, source_workload_namespace, source_canonical_service, source_canonical_revision, source_version, source_app, destination_workload, destination_workload_namespace, destination_canonical_service, destination_canonical_revision, destination_version, destination_app, destination_service_name) (rate(istio_requests_total{reporter="source", response_code!~"5.."}[1m]) or rate(istio_requests_total{reporter="destination", source_workload="unknown", response_code!~"5.."}[1m])), "sli", "good", "", "")',
    );
  });

  it("asks for edge quantiles from istio_request_duration_milliseconds, else (Istio 1.1 Mixer) from istio_request_duration_seconds converted to ms", () => {
    expect(q.edgeLatency).toBe(
      'label_replace(histogram_quantile(0.5, sum by (le, source_workload, source_workload_namespace, source_canonical_service, source_canonical_revision, source_version, source_app, destination_workload, destination_workload_namespace, destination_canonical_service, destination_canonical_revision, destination_version, destination_app, destination_service_name) (rate(istio_request_duration_milliseconds_bucket{reporter="source"}[1m]) or rate(istio_request_duration_milliseconds_bucket{reporter="destination", source_workload="unknown"}[1m]))) or histogram_quantile(0.5, sum by (le, source_workload, source_workload_namespace, source_canonical_service, source_canonical_revision, source_version, source_app, destination_workload, destination_workload_namespace, destination_canonical_service, destination_canonical_revision, destination_version, destination_app, destination_service_name) (rate(istio_request_duration_seconds_bucket{reporter="source"}[1m]) or rate(istio_request_duration_seconds_bucket{reporter="destination", source_workload="unknown"}[1m]))) * 1000, "sli", "p50", "", "")' +
        ' or label_replace(histogram_quantile(0.95, sum by (le, source_workload, source_workload_namespace, source_canonical_service, source_canonical_revision, source_version, source_app, destination_workload, destination_workload_namespace, destination_canonical_service, destination_canonical_revision, destination_version, destination_app, destination_service_name) (rate(istio_request_duration_milliseconds_bucket{reporter="source"}[1m]) or rate(istio_request_duration_milliseconds_bucket{reporter="destination", source_workload="unknown"}[1m]))) or histogram_quantile(0.95, sum by (le, source_workload, source_workload_namespace, source_canonical_service, source_canonical_revision, source_version, source_app, destination_workload, destination_workload_namespace, destination_canonical_service, destination_canonical_revision, destination_version, destination_app, destination_service_name) (rate(istio_request_duration_seconds_bucket{reporter="source"}[1m]) or rate(istio_request_duration_seconds_bucket{reporter="destination", source_workload="unknown"}[1m]))) * 1000, "sli", "p95", "", "")' +
        ' or label_replace(histogram_quantile(0.99, sum by (le, source_workload, source_workload_namespace, source_canonical_service, source_canonical_revision, source_version, source_app, destination_workload, destination_workload_namespace, destination_canonical_service, destination_canonical_revision, destination_version, destination_app, destination_service_name) (rate(istio_request_duration_milliseconds_bucket{reporter="source"}[1m]) or rate(istio_request_duration_milliseconds_bucket{reporter="destination", source_workload="unknown"}[1m]))) or histogram_quantile(0.99, sum by (le, source_workload, source_workload_namespace, source_canonical_service, source_canonical_revision, source_version, source_app, destination_workload, destination_workload_namespace, destination_canonical_service, destination_canonical_revision, destination_version, destination_app, destination_service_name) (rate(istio_request_duration_seconds_bucket{reporter="source"}[1m]) or rate(istio_request_duration_seconds_bucket{reporter="destination", source_workload="unknown"}[1m]))) * 1000, "sli", "p99", "", "")',
    );
  });

  it("counts SLIs from the destination reporter, with the Mixer-era seconds histogram as its own part", () => {
    expect(q.serviceCounts("1h")).toBe(
      'label_replace(sum by (destination_workload, destination_workload_namespace, destination_canonical_service, destination_canonical_revision, destination_version, destination_app, destination_service_name) (increase(istio_requests_total{reporter="destination"}[1h])), "sli", "total", "", "")' +
        ' or label_replace(sum by (destination_workload, destination_workload_namespace, destination_canonical_service, destination_canonical_revision, destination_version, destination_app, destination_service_name) (increase(istio_requests_total{reporter="destination", response_code!~"5.."}[1h])), "sli", "good", "", "")' +
        ' or label_replace(sum by (destination_workload, destination_workload_namespace, destination_canonical_service, destination_canonical_revision, destination_version, destination_app, destination_service_name, le) (increase(istio_request_duration_milliseconds_bucket{reporter="destination"}[1h])), "sli", "latency", "", "")' +
        ' or label_replace(sum by (destination_workload, destination_workload_namespace, destination_canonical_service, destination_canonical_revision, destination_version, destination_app, destination_service_name, le) (increase(istio_request_duration_seconds_bucket{reporter="destination"}[1h])), "sli", "legacy_latency", "", "")',
    );
  });
});

describe("buildMeshQueries: otel (servicegraph connector)", () => {
  const q = buildMeshQueries("otel", { latencyThresholdsMs: [100, 250] });
  const by = "client, client_service_namespace, server, server_service_namespace";
  const total = `sum by (${by}) (rate(traces_service_graph_request_total[1m]))`;

  it("takes good as total minus failed, with no failed series counting as 0 failures", () => {
    expect(q.edgeTraffic).toBe(
      `label_replace(${total}, "sli", "total", "", "")` +
        ` or label_replace((${total} - (sum by (${by}) (rate(traces_service_graph_request_failed_total[1m])) or ${total} * 0)), "sli", "good", "", "")`,
    );
  });

  it("converts the seconds histogram to ms for quantiles, and asks every bucket for thresholds (converted when parsed)", () => {
    expect(q.edgeLatency).toContain(`label_replace(histogram_quantile(0.5, sum by (le, ${by}) (rate(traces_service_graph_request_server_seconds_bucket[1m]))) * 1000, "sli", "p50", "", "")`);
    expect(q.serviceCounts("1h")).toContain(
      'label_replace((sum by (server, server_service_namespace, le) (increase(traces_service_graph_request_server_seconds_bucket[1h])) unless on (server, server_service_namespace) ',
    );
  });

  it("counts a service's SLIs from its server spans (spanmetrics) where it has them, else from the service graph", () => {
    const asServer = (expr: string) => `label_replace(label_replace(${expr}, "server", "$1", "service_name", "(.*)"), "server_service_namespace", "$1", "service_namespace", "(.*)")`;
    const by = "server, server_service_namespace";
    const spanTotal = `sum by (${by}) (${asServer('increase(traces_span_metrics_calls_total{span_kind="SPAN_KIND_SERVER"}[1h])')})`;
    const spanErrors = `sum by (${by}) (${asServer('increase(traces_span_metrics_calls_total{span_kind="SPAN_KIND_SERVER", status_code="STATUS_CODE_ERROR"}[1h])')})`;
    const graphTotal = `sum by (${by}) (increase(traces_service_graph_request_total[1h]))`;
    const graphGood = `(${graphTotal} - (sum by (${by}) (increase(traces_service_graph_request_failed_total[1h])) or ${graphTotal} * 0))`;
    expect(q.serviceCounts("1h")).toBe(
      `label_replace(${spanTotal} or ${graphTotal}, "sli", "total", "", "")` +
        ` or label_replace((${spanTotal} - (${spanErrors} or ${spanTotal} * 0)) or ${graphGood}, "sli", "good", "", "")` +
        ` or label_replace(sum by (${by}, le) (${asServer('increase(traces_span_metrics_duration_milliseconds_bucket{span_kind="SPAN_KIND_SERVER"}[1h])')}), "sli", "span_latency", "", "")` +
        ` or label_replace((sum by (${by}, le) (increase(traces_service_graph_request_server_seconds_bucket[1h])) unless on (${by}) ${spanTotal}), "sli", "latency", "", "")`,
    );
  });
});

describe("buildMeshQueries: options", () => {
  it("uses the configured rate range", () => {
    const q = buildMeshQueries("istio", { rateRange: "5m" });
    expect(q.edgeTraffic).toContain("[5m]");
    expect(q.edgeTraffic).not.toContain("[1m]");
    expect(q.rateRange).toBe("5m");
  });

  it("adds extra matchers (one cluster of a Thanos/Mimir) to every selector, escaped", () => {
    const q = buildMeshQueries("linkerd", { extraMatchers: { cluster: 'prod "eu"\\1' }, latencyThresholdsMs: [100] });
    const expected = 'cluster="prod \\"eu\\"\\\\1"';
    for (const text of [q.edgeTraffic, q.edgeLatency, q.serviceCounts("1d")]) {
      const selectors = text.match(/\{[^}]*\}/g) ?? [];
      expect(selectors.length).toBeGreaterThan(0);
      for (const s of selectors) if (!s.startsWith("{le")) expect(s).toContain(expected);
    }
    expect(q.serviceCounts("1d")).toContain(
      'response_total{direction="inbound", cluster="prod \\"eu\\"\\\\1", status_code!~"5.."}[1d]',
    );
  });

  it("uses the configured bad status regex for SLIs and Istio edges", () => {
    const q = buildMeshQueries("istio", { badStatusCodeRegex: "5..|429" });
    expect(q.serviceCounts("5m")).toContain('response_code!~"5..|429"');
    expect(q.edgeTraffic).toContain('response_code!~"5..|429"');
  });

  it("de-duplicates and sorts thresholds", () => {
    expect(buildMeshQueries("istio", { latencyThresholdsMs: [500, 100, 500] }).latencyThresholdsMs).toEqual([100, 500]);
  });

  it.each([
    [{ rateRange: "1m30s" }, /rate range "1m30s" is not a Prometheus duration/],
    [{ rateRange: "0s" }, /rate range "0s"/],
    [{ rateRange: "1m]) or vector(1" }, /not a Prometheus duration/],
    [{ extraMatchers: { "bad-name": "x" } }, /"bad-name" is not a Prometheus label name/],
    [{ latencyThresholdsMs: [-1] }, /latency threshold -1 ms must be a positive number/],
    [{ latencyThresholdsMs: [Number.NaN] }, /latency threshold NaN ms/],
    [{ badStatusCodeRegex: "" }, /must not be empty/],
  ])("rejects %j", (options, message) => {
    expect(() => buildMeshQueries("linkerd", options).serviceCounts("5m")).toThrow(message);
  });

  it("rejects a window that is not a telemetry window", () => {
    // The type forbids it; configuration read at runtime might not.
    expect(() => buildMeshQueries("linkerd").serviceCounts("7x" as "5m")).toThrow(/"7x" is not a telemetry window/);
  });
});

describe("buildDialectProbeQuery", () => {
  it("counts each mesh's request counter, tagged by dialect", () => {
    expect(buildDialectProbeQuery()).toBe(
      'label_replace(count(response_total), "sli", "linkerd", "", "") or label_replace(count(istio_requests_total), "sli", "istio", "", "")' +
        ' or label_replace(count(traces_service_graph_request_total) or count(traces_span_metrics_calls_total), "sli", "otel", "", "")',
    );
  });
  it("scopes the probe with extra matchers", () => {
    expect(buildDialectProbeQuery({ job: "mesh" })).toBe(
      'label_replace(count(response_total{job="mesh"}), "sli", "linkerd", "", "") or label_replace(count(istio_requests_total{job="mesh"}), "sli", "istio", "", "")' +
        ' or label_replace(count(traces_service_graph_request_total{job="mesh"}) or count(traces_span_metrics_calls_total{job="mesh"}), "sli", "otel", "", "")',
    );
  });
});
