import { describe, expect, it } from "vitest";
import { mapWorkloadToService, type ServiceMapping } from "./map-workload-to-service.ts";

const workload = (overrides: {
  name?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  namespaceAnnotations?: Record<string, string>;
}) => ({
  kind: "Deployment" as const,
  namespace: "shop",
  name: overrides.name ?? "checkout-api",
  labels: overrides.labels ?? {},
  annotations: overrides.annotations ?? {},
  namespaceAnnotations: overrides.namespaceAnnotations ?? {},
});

describe("mapWorkloadToService: service slug", () => {
  const cases: { label: string; input: Parameters<typeof workload>[0]; slug: string; source: ServiceMapping["provenance"]["serviceSlug"]; warning?: RegExp }[] = [
    { label: "workload annotation wins", input: { annotations: { "plumbline.dev/service": "checkout" }, namespaceAnnotations: { "plumbline.dev/service": "shop" }, labels: { "app.kubernetes.io/name": "api" } }, slug: "checkout", source: "annotation:workload" },
    { label: "namespace annotation before the label", input: { namespaceAnnotations: { "plumbline.dev/service": "shop" }, labels: { "app.kubernetes.io/name": "api" } }, slug: "shop", source: "annotation:namespace" },
    { label: "label before the name", input: { labels: { "app.kubernetes.io/name": "checkout" } }, slug: "checkout", source: "label" },
    { label: "label normalized like a Backstage name", input: { labels: { "app.kubernetes.io/name": "Checkout_API.v2" } }, slug: "checkout-api-v2", source: "label" },
    { label: "the workload name", input: {}, slug: "checkout-api", source: "name" },
    { label: "a dotted workload name", input: { name: "checkout.api" }, slug: "checkout-api", source: "name" },
    { label: "a long workload name is cut to a DNS label", input: { name: `${"a".repeat(62)}-b` }, slug: "a".repeat(62), source: "name" },
    { label: "an empty annotation is absent", input: { annotations: { "plumbline.dev/service": "  " }, labels: { "app.kubernetes.io/name": "checkout" } }, slug: "checkout", source: "label" },
    {
      label: "a malformed annotation warns and falls back to the label",
      input: { annotations: { "plumbline.dev/service": "Check Out!" }, labels: { "app.kubernetes.io/name": "checkout" } },
      slug: "checkout",
      source: "label",
      warning: /plumbline\.dev\/service on Deployment shop\/checkout-api is "Check Out!"/,
    },
    {
      label: "a malformed namespace annotation names the namespace",
      input: { namespaceAnnotations: { "plumbline.dev/service": "-shop" } },
      slug: "checkout-api",
      source: "name",
      warning: /plumbline\.dev\/service on namespace shop is "-shop"/,
    },
    { label: "an unusable label warns and falls back to the name", input: { labels: { "app.kubernetes.io/name": "-" } }, slug: "checkout-api", source: "name", warning: /label app\.kubernetes\.io\/name/ },
  ];

  it.each(cases)("$label", ({ input, slug, source, warning }) => {
    const mapping = mapWorkloadToService(workload(input));
    expect(mapping.serviceSlug).toBe(slug);
    expect(mapping.provenance.serviceSlug).toBe(source);
    if (warning === undefined) expect(mapping.warnings).toEqual([]);
    else expect(mapping.warnings).toEqual([{ field: "serviceSlug", message: expect.stringMatching(warning) }]);
  });
});

describe("mapWorkloadToService: declared facts", () => {
  const full = {
    "plumbline.dev/owner": "payments",
    "plumbline.dev/tier": "1",
    "plumbline.dev/repo": "https://github.com/acme/checkout",
    "plumbline.dev/runbook": "https://runbooks.acme.dev/checkout",
    "plumbline.dev/slack-channel": "#payments-oncall",
  };

  it("reads every annotation from the workload", () => {
    const mapping = mapWorkloadToService(workload({ annotations: full }));
    expect(mapping).toMatchObject({
      ownerTeamSlug: "payments",
      tier: 1,
      repoUrl: "https://github.com/acme/checkout",
      runbookUrl: "https://runbooks.acme.dev/checkout",
      slackChannel: "#payments-oncall",
      provenance: { ownerTeamSlug: "annotation:workload", tier: "annotation:workload", repoUrl: "annotation:workload", runbookUrl: "annotation:workload", slackChannel: "annotation:workload" },
      warnings: [],
    });
  });

  it("falls back to the namespace field by field", () => {
    const mapping = mapWorkloadToService(workload({ annotations: { "plumbline.dev/tier": "2" }, namespaceAnnotations: full }));
    expect(mapping).toMatchObject({ ownerTeamSlug: "payments", tier: 2, slackChannel: "#payments-oncall" });
    expect(mapping.provenance).toMatchObject({ ownerTeamSlug: "annotation:namespace", tier: "annotation:workload", slackChannel: "annotation:namespace" });
  });

  it("leaves absent facts null without provenance", () => {
    const mapping = mapWorkloadToService(workload({}));
    expect(mapping).toMatchObject({ ownerTeamSlug: null, tier: null, repoUrl: null, runbookUrl: null, slackChannel: null, warnings: [] });
    expect(Object.keys(mapping.provenance)).toEqual(["serviceSlug"]);
  });

  const malformed: { label: string; annotation: string; value: string; field: string }[] = [
    { label: "tier that is not 1-3", annotation: "plumbline.dev/tier", value: "banana", field: "tier" },
    { label: "tier 4", annotation: "plumbline.dev/tier", value: "4", field: "tier" },
    { label: "repo that is not a URL", annotation: "plumbline.dev/repo", value: "acme/checkout", field: "repoUrl" },
    { label: "repo with an ssh scheme", annotation: "plumbline.dev/repo", value: "git@github.com:acme/checkout.git", field: "repoUrl" },
    { label: "runbook that is not http", annotation: "plumbline.dev/runbook", value: "file:///etc/runbook", field: "runbookUrl" },
    { label: "owner that is not a slug", annotation: "plumbline.dev/owner", value: "Payments Team", field: "ownerTeamSlug" },
    { label: "slack channel with spaces", annotation: "plumbline.dev/slack-channel", value: "payments on call", field: "slackChannel" },
  ];

  it.each(malformed)("$label: warning, field null, the rest still maps", ({ annotation, value, field }) => {
    const mapping = mapWorkloadToService(workload({ annotations: { ...full, [annotation]: value } }));
    expect(mapping[field as keyof ServiceMapping]).toBeNull();
    expect(mapping.provenance).not.toHaveProperty(field);
    expect(mapping.warnings).toHaveLength(1);
    expect(mapping.warnings[0]?.field).toBe(field);
    expect(mapping.warnings[0]?.message).toContain(annotation);
    expect(mapping.warnings[0]?.message).toContain(JSON.stringify(value));
    const others = Object.keys(full).filter((key) => key !== annotation);
    expect(others.length).toBe(4);
    expect(mapping.serviceSlug).toBe("checkout-api");
    const mappedValues = [mapping.ownerTeamSlug, mapping.tier, mapping.repoUrl, mapping.runbookUrl, mapping.slackChannel].filter((value) => value !== null);
    expect(mappedValues).toHaveLength(4);
  });

  it("does not fall back to the namespace when the workload's own value is malformed", () => {
    const mapping = mapWorkloadToService(workload({ annotations: { "plumbline.dev/owner": "Payments" }, namespaceAnnotations: { "plumbline.dev/owner": "platform" } }));
    expect(mapping.ownerTeamSlug).toBeNull();
    expect(mapping.warnings[0]?.message).toMatch(/on Deployment shop\/checkout-api is "Payments"/);
  });

  it.each(["payments", "#payments", "payments_oncall", "C0123ABCD9"])("accepts Slack channel %s", (channel) => {
    expect(mapWorkloadToService(workload({ annotations: { "plumbline.dev/slack-channel": channel } })).slackChannel).toBe(channel);
  });

  it("trims values", () => {
    expect(mapWorkloadToService(workload({ annotations: { "plumbline.dev/tier": " 3 " } })).tier).toBe(3);
  });
});
