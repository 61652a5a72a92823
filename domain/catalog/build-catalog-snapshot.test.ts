import { describe, expect, it } from "vitest";
import { buildCatalogSnapshot } from "./build-catalog-snapshot.ts";
import { api, component, group, importFiles, PAYMENTS_TEAM, system, user, yamlFile } from "./catalog-test-documents.ts";
import { parseCatalogFile } from "./parse-catalog-file.ts";

describe("buildCatalogSnapshot: teams, people and memberships", () => {
  const teamsFile = yamlFile(
    group("engineering", { type: "department", children: ["payments"] }),
    group(
      "payments",
      { profile: { displayName: "Payments Team", email: "pay@acme.example" }, members: ["jane.doe", "john"] },
      { description: "Money", annotations: { "plumbline.dev/slack-channel": "#team-payments", "plumbline.dev/owners": "jane.doe" } },
    ),
    group("checkout", { parent: "engineering" }, { title: "Checkout!", annotations: { "slack.com/channel": "#checkout" } }),
    user("jane.doe", { profile: { email: "jane@acme.example", displayName: "Jane Doe" } }, { annotations: { "slack.com/user-id": "U1" } }),
    user("john", { memberOf: ["payments", "group:checkout"] }),
    user("lee", { memberOf: ["checkout"] }, { annotations: { "plumbline.dev/role": "owner" } }),
  );

  it("turns every Group into a team, with name, channel, email and parent", () => {
    const { snapshot, problems } = importFiles({ "teams.yaml": teamsFile });
    expect(problems).toEqual([]);
    expect(snapshot.teams).toEqual([
      { slug: "checkout", name: "Checkout!", description: null, slackChannel: "#checkout", parentSlug: "engineering", email: null },
      { slug: "engineering", name: "engineering", description: null, slackChannel: null, parentSlug: null, email: null },
      // engineering's spec.children gives payments its parent, as Backstage relates both ways.
      { slug: "payments", name: "Payments Team", description: "Money", slackChannel: "#team-payments", parentSlug: "engineering", email: "pay@acme.example" },
    ]);
  });

  it("turns every User into a person keyed by email", () => {
    const { snapshot } = importFiles({ "teams.yaml": teamsFile });
    expect(snapshot.people).toEqual([
      { email: "jane@acme.example", name: "Jane Doe", handle: "jane.doe", slackUserId: "U1" },
      { email: "john@acme.example", name: "john", handle: "john", slackUserId: null },
      { email: "lee@acme.example", name: "lee", handle: "lee", slackUserId: null },
    ]);
  });

  it("unions members and memberOf, once per pair, owners from plumbline.dev/owners", () => {
    const { snapshot } = importFiles({ "teams.yaml": teamsFile });
    expect(snapshot.memberships).toEqual([
      { teamSlug: "checkout", personEmail: "john@acme.example", role: "member" },
      { teamSlug: "checkout", personEmail: "lee@acme.example", role: "member" },
      { teamSlug: "payments", personEmail: "jane@acme.example", role: "owner" },
      { teamSlug: "payments", personEmail: "john@acme.example", role: "member" },
    ]);
  });

  it("makes a listed owner a member even when no members list names them", () => {
    const { snapshot } = importFiles({
      "t.yaml": yamlFile(group("payments", {}, { annotations: { "plumbline.dev/owners": "jane" } }), user("jane")),
    });
    expect(snapshot.memberships).toEqual([{ teamSlug: "payments", personEmail: "jane@acme.example", role: "owner" }]);
  });

  it.each([
    ["an unknown member", group("payments", { members: ["ghost"] }), "spec.members[0]", 'no User named "ghost" in the catalog; skipped'],
    ["an unknown owner", group("payments", {}, { annotations: { "plumbline.dev/owners": "ghost" } }), "metadata.annotations.plumbline.dev/owners[0]", 'no User named "ghost" in the catalog; skipped'],
    ["a group as member", group("payments", { members: ["group:checkout"] }), "spec.members[0]", 'must reference a User (got "group:checkout", kind group); skipped'],
    ["an unknown parent", group("payments", { parent: "enginering" }), "spec.parent", 'no Group named "enginering" in the catalog (did you mean "engineering"?); parent left empty'],
    ["an unknown child", group("payments", { children: ["nobody"] }), "spec.children[0]", 'no Group named "nobody" in the catalog; skipped'],
    ["an unknown group in memberOf", user("jane", { memberOf: ["paymnts"] }), "spec.memberOf[0]", 'no Group named "paymnts" in the catalog (did you mean "payments"?); skipped'],
  ])("warns about %s and imports the rest", (_label, document, field, message) => {
    const file = yamlFile(group("checkout"), group("engineering"), document, ...(document["kind"] === "User" ? [PAYMENTS_TEAM] : []));
    const { snapshot, problems } = importFiles({ "t.yaml": file });
    expect(problems).toEqual([expect.objectContaining({ file: "t.yaml", documentIndex: 2, field, message, severity: "warning" })]);
    expect(snapshot.teams.length).toBeGreaterThanOrEqual(3);
  });

  it("cuts a cycle in the team hierarchy", () => {
    const { snapshot, problems } = importFiles({ "t.yaml": yamlFile(group("a", { parent: "b" }), group("b", { parent: "a" })) });
    expect(snapshot.teams.map((team) => [team.slug, team.parentSlug])).toEqual([
      ["a", null],
      ["b", "a"],
    ]);
    expect(problems).toEqual([expect.objectContaining({ documentIndex: 0, field: "spec.parent", severity: "warning" })]);
  });

  it("keeps a child's own parent when another group also claims it", () => {
    const { snapshot, problems } = importFiles({
      "t.yaml": yamlFile(group("a"), group("b", { children: ["c"] }), group("c", { parent: "a" })),
    });
    expect(snapshot.teams.find((team) => team.slug === "c")?.parentSlug).toBe("a");
    expect(problems).toEqual([expect.objectContaining({ documentIndex: 1, field: "spec.children[0]", severity: "warning" })]);
  });
});

describe("buildCatalogSnapshot: services", () => {
  it("maps a component to a service", () => {
    const { snapshot, problems } = importFiles({
      "c.yaml": yamlFile(
        PAYMENTS_TEAM,
        system("commerce", { owner: "group:payments" }, { title: "Commerce", description: "Orders" }),
        api("payments-api", { owner: "payments" }, { title: "Payments API" }),
        component(
          "payments",
          { system: "commerce", providesApis: ["payments-api"], lifecycle: "production", type: "service" },
          {
            title: "Payments",
            description: "Takes money",
            tags: ["tier-1"],
            annotations: { "plumbline.dev/tier": "1", "github.com/project-slug": "acme/payments", "plumbline.dev/runbook": "https://rb.example/p", "plumbline.dev/slack-channel": "#pay" },
            links: [{ url: "https://grafana.example/d/p", title: "Dashboard" }],
          },
        ),
      ),
    });
    expect(problems).toEqual([]);
    expect(snapshot.services).toEqual([
      {
        slug: "payments",
        name: "Payments",
        description: "Takes money",
        ownerTeamSlug: "payments",
        tier: 1,
        lifecycle: "production",
        type: "service",
        systemSlug: "commerce",
        repoUrl: "https://github.com/acme/payments",
        runbookUrl: "https://rb.example/p",
        slackChannel: "#pay",
        links: [{ title: "Dashboard", url: "https://grafana.example/d/p" }],
        tags: ["tier-1"],
        annotations: {
          "plumbline.dev/tier": "1",
          "github.com/project-slug": "acme/payments",
          "plumbline.dev/runbook": "https://rb.example/p",
          "plumbline.dev/slack-channel": "#pay",
        },
        providesApis: ["payments-api"],
        consumesApis: [],
      },
    ]);
    expect(snapshot.systems).toEqual([{ slug: "commerce", name: "Commerce", description: "Orders", ownerTeamSlug: "payments" }]);
    expect(snapshot.entries).toEqual([
      {
        kind: "api",
        slug: "payments-api",
        entityRef: "api:default/payments-api",
        name: "Payments API",
        description: null,
        type: "openapi",
        lifecycle: "production",
        ownerTeamSlug: "payments",
        unresolvedOwnerRef: null,
        systemSlug: null,
        domainSlug: null,
        dependsOnRefs: [],
        providerServiceSlugs: ["payments"],
        consumerServiceSlugs: [],
        definition: { kind: "inline", text: "openapi: 3.0.0" },
        links: [],
        tags: [],
        annotations: {},
      },
    ]);
  });

  it("uses plumbline.dev/service as the slug and metadata.name as the name", () => {
    const { snapshot } = importFiles({
      "c.yaml": yamlFile(PAYMENTS_TEAM, component("payments-service-v2", {}, { annotations: { "plumbline.dev/service": "payments" } })),
    });
    expect(snapshot.services.map((service) => [service.slug, service.name])).toEqual([["payments", "payments-service-v2"]]);
  });

  it("resolves references across files", () => {
    const { snapshot, problems } = importFiles({
      "teams.yaml": yamlFile(PAYMENTS_TEAM),
      "systems.yaml": yamlFile(system("commerce")),
      "components.yaml": yamlFile(component("checkout", { owner: "group:default/payments", system: "system:commerce" })),
    });
    expect(problems).toEqual([]);
    expect(snapshot.services[0]).toMatchObject({ ownerTeamSlug: "payments", systemSlug: "commerce" });
  });

  it.each([
    ["an unknown group, with a hint", "paymnts", "group:default/paymnts", 'unknown owner: no Group named "paymnts" in the catalog (did you mean "payments"?); imported without an owner team'],
    ["a group in another namespace", "other/payments", "group:other/payments", 'unknown owner: no Group named "payments" in namespace "other"'],
  ])("imports a component owned by %s, as Backstage does, with the reference kept and a warning", (_label, owner, ref, message) => {
    const { snapshot, problems } = importFiles({
      "teams.yaml": yamlFile(PAYMENTS_TEAM),
      "c.yaml": yamlFile(component("cart"), component("checkout", { owner, dependsOn: ["component:cart"] })),
    });
    expect(snapshot.services.map((service) => [service.slug, service.ownerTeamSlug, service.unresolvedOwnerRef])).toEqual([
      ["cart", "payments", undefined],
      ["checkout", null, ref],
    ]);
    expect(snapshot.declaredEdges).toEqual([{ callerSlug: "checkout", calleeSlug: "cart", via: "dependsOn" }]);
    expect(problems).toEqual([
      expect.objectContaining({ file: "c.yaml", documentIndex: 1, entityRef: "component:default/checkout", field: "spec.owner", severity: "warning" }),
    ]);
    expect(problems[0]?.message).toContain(message);
  });

  // Backstage's own example: `owner: user:guest` (backstage.io/docs/features/software-catalog/descriptor-format, spec.owner).
  it("imports a component owned by a User, owned through that person's team of one", () => {
    const { snapshot, problems } = importFiles({
      "org.yaml": yamlFile(user("guest", { profile: { email: "Guest@Example.com", displayName: "Guest User" } })),
      "c.yaml": yamlFile(component("artist-web", { owner: "user:guest" }), system("audio", { owner: "user:default/guest" })),
    });
    expect(problems).toEqual([]);
    expect(snapshot.services.map((s) => [s.slug, s.ownerTeamSlug, s.unresolvedOwnerRef])).toEqual([["artist-web", "user-guest", undefined]]);
    expect(snapshot.systems.map((s) => [s.slug, s.ownerTeamSlug])).toEqual([["audio", "user-guest"]]);
    expect(snapshot.teams).toEqual([
      {
        slug: "user-guest",
        name: "Guest User",
        description: "What user:default/guest owns (Backstage owner: user:default/guest)",
        slackChannel: null,
        slackDmApprovers: true,
        parentSlug: null,
        email: "guest@example.com",
        personEmail: "guest@example.com",
      },
    ]);
    expect(snapshot.memberships).toEqual([{ teamSlug: "user-guest", personEmail: "guest@example.com", role: "owner" }]);
  });

  it("keeps a member of a personal team once, as owner", () => {
    const { snapshot } = importFiles({
      "c.yaml": yamlFile(user("jane", { memberOf: ["user-jane"] }), group("user-jane"), component("cart", { owner: "user:jane" })),
    });
    // A Group already has that slug: it keeps its row and the User's service is owned by it.
    expect(snapshot.teams.map((t) => [t.slug, t.personEmail])).toEqual([["user-jane", undefined]]);
    expect(snapshot.services.map((s) => s.ownerTeamSlug)).toEqual(["user-jane"]);
  });

  it("imports a component owned by an unknown User with an unknown-owner marker and a warning", () => {
    const { snapshot, problems } = importFiles({ "c.yaml": yamlFile(component("cart", { owner: "user:ghost" })) });
    expect(snapshot.services.map((s) => [s.slug, s.ownerTeamSlug, s.unresolvedOwnerRef])).toEqual([["cart", null, "user:default/ghost"]]);
    expect(snapshot.teams).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ field: "spec.owner", severity: "warning" })]);
    expect(problems[0]?.message).toContain('unknown owner: no User named "ghost" in the catalog');
  });

  it("resolves a User owner declared by an earlier import through its personal team", () => {
    const files = { "c.yaml": yamlFile(component("cart", { owner: "user:jane" })) };
    const { snapshot, problems } = importFiles(files, { teamSlugs: ["user-jane"] });
    expect(problems).toEqual([]);
    expect(snapshot.services.map((s) => s.ownerTeamSlug)).toEqual(["user-jane"]);
  });

  it.each([
    ["a system", "system:commerce", 'owner must be a Group (team) or a User, got "system:commerce", kind system'],
    ["a component", "component:cart", 'owner must be a Group (team) or a User, got "component:cart", kind component'],
  ])("rejects a component owned by %s", (_label, owner, message) => {
    const { snapshot, problems } = importFiles({
      "teams.yaml": yamlFile(PAYMENTS_TEAM, user("jane.doe")),
      "c.yaml": yamlFile(component("cart"), component("checkout", { owner, dependsOn: ["component:cart"] })),
    });
    expect(snapshot.services.map((service) => service.slug)).toEqual(["cart"]);
    expect(snapshot.declaredEdges).toEqual([]);
    expect(problems).toEqual([
      expect.objectContaining({ file: "c.yaml", documentIndex: 1, entityRef: "component:default/checkout", field: "spec.owner", severity: "error" }),
    ]);
    expect(problems[0]?.message).toContain(message);
  });

  it.each([
    ["an unknown system", { system: "comerce" }, "spec.system", 'no System named "comerce" in the catalog (did you mean "commerce"?); system left empty'],
    ["an unknown API", { consumesApis: ["nope"] }, "spec.consumesApis[0]", 'no API named "nope" in the catalog; skipped'],
    ["a provided API that is a component", { providesApis: ["component:cart"] }, "spec.providesApis[0]", "must reference an API (got \"component:cart\", kind component)"],
  ])("imports a component with %s, with a warning", (_label, spec, field, message) => {
    const { snapshot, problems } = importFiles({
      "c.yaml": yamlFile(PAYMENTS_TEAM, system("commerce"), component("checkout", spec)),
    });
    expect(snapshot.services.map((service) => service.slug)).toEqual(["checkout"]);
    expect(problems).toEqual([expect.objectContaining({ documentIndex: 2, field, severity: "warning" })]);
    expect(problems[0]?.message).toContain(message);
  });

  it("imports a component with a malformed tier, without a tier", () => {
    const { snapshot, problems } = importFiles({
      "c.yaml": yamlFile(PAYMENTS_TEAM, component("checkout", {}, { annotations: { "plumbline.dev/tier": "banana" } })),
    });
    expect(snapshot.services[0]).toMatchObject({ slug: "checkout", tier: null });
    expect(problems).toEqual([
      {
        file: "c.yaml",
        documentIndex: 1,
        entityRef: "component:default/checkout",
        field: "metadata.annotations.plumbline.dev/tier",
        message: 'must be one of 1, 2, 3 (got "banana"); tier left empty',
        severity: "warning",
      },
    ]);
  });

  it("warns about, but keeps, systems and APIs whose owner does not resolve", () => {
    const { snapshot, problems } = importFiles({
      "c.yaml": yamlFile(system("commerce", { owner: "user:jane" }), api("pay-api", { owner: "nobody" })),
    });
    expect(snapshot.systems).toEqual([expect.objectContaining({ slug: "commerce", ownerTeamSlug: null })]);
    expect(snapshot.entries).toEqual([expect.objectContaining({ slug: "pay-api", ownerTeamSlug: null, unresolvedOwnerRef: "group:default/nobody" })]);
    expect(problems.map((problem) => [problem.documentIndex, problem.field, problem.severity])).toEqual([
      [0, "spec.owner", "warning"],
      [1, "spec.owner", "warning"],
    ]);
  });
});

describe("buildCatalogSnapshot: duplicates", () => {
  it.each([
    ["the same component twice", component("checkout"), component("checkout", { lifecycle: "experimental" }), "metadata.name", "duplicate of component:default/checkout, declared first in a.yaml, document 2"],
    ["the same name in another namespace", component("checkout"), component("checkout", {}, { namespace: "shop" }), "metadata.name", 'component slug "checkout" is already used by component:default/checkout'],
    ["two names, one plumbline.dev/service", component("checkout"), component("checkout-v2", {}, { annotations: { "plumbline.dev/service": "checkout" } }), "metadata.annotations.plumbline.dev/service", 'component slug "checkout" is already used'],
    ["one email for two users", user("jane"), user("jane2", { profile: { email: "JANE@acme.example" } }), "spec.profile.email", 'email "jane@acme.example" is already used by user:default/jane'],
    ["the same group twice", group("checkout"), group("checkout"), "metadata.name", "duplicate of group:default/checkout"],
  ])("reports %s as an error on the second and keeps the first", (_label, first, second, field, message) => {
    const { problems } = importFiles({ "a.yaml": yamlFile(PAYMENTS_TEAM, first), "b.yaml": yamlFile(second) });
    const errors = problems.filter((problem) => problem.severity === "error");
    expect(errors).toEqual([expect.objectContaining({ file: "b.yaml", documentIndex: 0, field, severity: "error" })]);
    expect(errors[0]?.message).toContain(message);
  });

  it("keeps the first declaration's data", () => {
    const { snapshot } = importFiles({ "a.yaml": yamlFile(PAYMENTS_TEAM, component("checkout")), "b.yaml": yamlFile(component("checkout", { lifecycle: "experimental" })) });
    expect(snapshot.services).toEqual([expect.objectContaining({ slug: "checkout", lifecycle: "production" })]);
  });

  it("lets different kinds share a name", () => {
    const { snapshot, problems } = importFiles({ "a.yaml": yamlFile(PAYMENTS_TEAM, system("payments"), component("payments"), api("payments")) });
    expect(problems).toEqual([]);
    expect([snapshot.teams.length, snapshot.systems.length, snapshot.services.length, snapshot.entries.length]).toEqual([1, 1, 1, 1]);
  });
});

describe("buildCatalogSnapshot: APIs, Resources and Domains", () => {
  const resource = (name: string, spec: Record<string, unknown>) => ({ apiVersion: "backstage.io/v1alpha1", kind: "Resource", metadata: { name }, spec: { type: "database", owner: "payments", ...spec } });
  const domain = (name: string, spec: Record<string, unknown> = {}) => ({ apiVersion: "backstage.io/v1alpha1", kind: "Domain", metadata: { name }, spec: { owner: "payments", ...spec } });

  it("relates APIs to providers and consumers, Resources to the services depending on them, systems to domains", () => {
    const { snapshot, problems } = importFiles({
      "c.yaml": yamlFile(
        PAYMENTS_TEAM,
        domain("money"),
        domain("cards", { subdomainOf: "money" }),
        system("commerce", { domain: "money" }),
        api("pay-api", { system: "commerce" }),
        resource("ledger-db", { dependencyOf: ["component:ledger"], dependsOn: ["resource:disks"] }),
        component("payments", { providesApis: ["pay-api"], dependsOn: ["resource:ledger-db"] }),
        component("checkout", { consumesApis: ["pay-api"] }),
        component("ledger"),
      ),
    });
    expect(problems).toEqual([]);
    expect(snapshot.systems).toEqual([expect.objectContaining({ slug: "commerce", domainSlug: "money" })]);
    expect(snapshot.entries.map((e) => [e.kind, e.slug, e.systemSlug, e.domainSlug, e.providerServiceSlugs, e.consumerServiceSlugs, e.dependsOnRefs])).toEqual([
      ["api", "pay-api", "commerce", null, ["payments"], ["checkout"], []],
      ["domain", "cards", null, "money", [], [], []],
      ["domain", "money", null, null, [], [], []],
      ["resource", "ledger-db", null, null, ["ledger", "payments"], [], ["resource:default/disks"]],
    ]);
  });

  it("keeps an entry whose owner or system does not exist, marked and warned", () => {
    const { snapshot, problems } = importFiles({ "c.yaml": yamlFile(resource("db", { owner: "user:ghost", system: "nowhere" })) });
    expect(snapshot.entries).toEqual([expect.objectContaining({ slug: "db", ownerTeamSlug: null, unresolvedOwnerRef: "user:default/ghost", systemSlug: "nowhere" })]);
    expect(problems.map((p) => [p.field, p.severity])).toEqual([
      ["spec.owner", "warning"],
      ["spec.system", "warning"],
    ]);
  });
});

describe("buildCatalogSnapshot: declared edges", () => {
  const edgesOf = (files: Record<string, string>) => importFiles(files);

  it("keeps resources a component depends on as infrastructure refs (not services, not edges), and subcomponentOf", () => {
    const { snapshot, problems } = importFiles({
      "c.yaml": yamlFile(
        PAYMENTS_TEAM,
        component("checkout", { dependsOn: ["resource:orders-db", "resource:shop/cache", "resource:orders-db"] }),
        component("checkout-worker", { subcomponentOf: "checkout" }),
        component("ghost-part", { subcomponentOf: "component:ghost" }),
      ),
    });
    expect(snapshot.services.map((service) => [service.slug, service.resourceRefs, service.subcomponentOfRef])).toEqual([
      ["checkout", ["resource:default/orders-db", "resource:shop/cache"], undefined],
      ["checkout-worker", undefined, "component:default/checkout"],
      ["ghost-part", undefined, "component:default/ghost"],
    ]);
    expect(snapshot.declaredEdges).toEqual([]);
    expect(problems.map((p) => [p.entityRef, p.field, p.severity, p.message])).toEqual([
      ["component:default/checkout", "spec.dependsOn[0]", "warning", 'unknown dependency: no Resource named "orders-db" in the catalog; kept and shown as unknown'],
      ["component:default/checkout", "spec.dependsOn[1]", "warning", 'unknown dependency: no Resource named "cache" in namespace "shop" in the catalog; kept and shown as unknown'],
      ["component:default/ghost-part", "spec.subcomponentOf", "warning", 'no Component named "ghost" in the catalog; kept as an unknown component'],
    ]);
  });

  it("turns dependsOn into caller -> callee edges and ignores resources", () => {
    const { snapshot, problems } = edgesOf({
      "c.yaml": yamlFile(
        PAYMENTS_TEAM,
        component("checkout", { dependsOn: ["component:payments", "resource:orders-db", "component:checkout"] }),
        { apiVersion: "backstage.io/v1alpha1", kind: "Resource", metadata: { name: "orders-db" }, spec: { type: "database", owner: "payments" } },
        component("payments", { dependsOn: ["component:default/ledger"] }),
        component("ledger"),
        component("api-gateway", { dependencyOf: [] }),
        component("web", { dependencyOf: ["component:api-gateway"] }),
      ),
    });
    expect(problems).toEqual([]);
    expect(snapshot.declaredEdges).toEqual([
      { callerSlug: "api-gateway", calleeSlug: "web", via: "dependsOn" },
      { callerSlug: "checkout", calleeSlug: "payments", via: "dependsOn" },
      { callerSlug: "payments", calleeSlug: "ledger", via: "dependsOn" },
    ]);
  });

  it("links a consumer of an API to every provider, once per pair, preferring dependsOn", () => {
    const { snapshot, problems } = edgesOf({
      "c.yaml": yamlFile(
        PAYMENTS_TEAM,
        api("payments-api"),
        component("payments", { providesApis: ["payments-api"] }),
        component("payments-eu", { providesApis: ["api:payments-api"] }),
        component("checkout", { consumesApis: ["payments-api"], dependsOn: ["component:payments", "component:payments"] }),
        // A provider consuming its own API gets no self edge.
        component("ledger", { providesApis: ["payments-api"], consumesApis: ["payments-api"] }),
      ),
    });
    expect(problems).toEqual([]);
    expect(snapshot.declaredEdges).toEqual([
      { callerSlug: "checkout", calleeSlug: "ledger", via: "consumesApi" },
      { callerSlug: "checkout", calleeSlug: "payments", via: "dependsOn" },
      { callerSlug: "checkout", calleeSlug: "payments-eu", via: "consumesApi" },
      { callerSlug: "ledger", calleeSlug: "payments", via: "consumesApi" },
      { callerSlug: "ledger", calleeSlug: "payments-eu", via: "consumesApi" },
    ]);
    expect(snapshot.entries[0]?.providerServiceSlugs).toEqual(["ledger", "payments", "payments-eu"]);
    expect(snapshot.services.find((service) => service.slug === "checkout")?.consumesApis).toEqual(["payments-api"]);
  });

  it("uses service slugs, not Backstage names, in edges", () => {
    const { snapshot } = edgesOf({
      "c.yaml": yamlFile(
        PAYMENTS_TEAM,
        component("checkout-svc", { dependsOn: ["component:payments-svc"] }, { annotations: { "plumbline.dev/service": "checkout" } }),
        component("payments-svc", {}, { annotations: { "plumbline.dev/service": "payments" } }),
      ),
    });
    expect(snapshot.declaredEdges).toEqual([{ callerSlug: "checkout", calleeSlug: "payments", via: "dependsOn" }]);
  });

  it.each([
    ["an unknown component", "component:paymnts", 'no Component named "paymnts" in the catalog (did you mean "payments"?); edge skipped'],
    ["an API", "api:payments-api", 'must reference a Component or Resource (got "api:payments-api", kind api); use spec.consumesApis for APIs; edge skipped'],
    ["a component that was not imported", "component:orphan", "component:default/orphan was not imported because of its own errors; edge skipped"],
  ])("warns about a dependsOn to %s and skips only that edge", (_label, ref, message) => {
    const { snapshot, problems } = edgesOf({
      "c.yaml": yamlFile(
        PAYMENTS_TEAM,
        component("payments"),
        component("orphan", { owner: "system:nobody" }),
        component("checkout", { dependsOn: [ref, "component:payments"] }),
      ),
    });
    expect(snapshot.declaredEdges).toEqual([{ callerSlug: "checkout", calleeSlug: "payments", via: "dependsOn" }]);
    const warnings = problems.filter((problem) => problem.severity === "warning");
    expect(warnings).toEqual([
      { file: "c.yaml", documentIndex: 3, entityRef: "component:default/checkout", field: "spec.dependsOn[0]", message, severity: "warning" },
    ]);
  });
});

describe("buildCatalogSnapshot: known slugs from the organization", () => {
  it("resolves owners, parents, memberships and dependencies the files do not declare", () => {
    const { snapshot, problems } = importFiles(
      {
        "c.yaml": yamlFile(
          group("payments-eu", { parent: "payments" }),
          user("jane", { memberOf: ["payments"] }),
          component("checkout", { owner: "group:default/payments", dependsOn: ["component:ledger"] }),
        ),
      },
      { teamSlugs: ["payments"], serviceSlugs: ["ledger"] },
    );
    expect(problems).toEqual([]);
    expect(snapshot.teams).toEqual([expect.objectContaining({ slug: "payments-eu", parentSlug: "payments" })]);
    expect(snapshot.memberships).toEqual([{ teamSlug: "payments", personEmail: "jane@acme.example", role: "member" }]);
    expect(snapshot.services).toEqual([expect.objectContaining({ slug: "checkout", ownerTeamSlug: "payments" })]);
    expect(snapshot.declaredEdges).toEqual([{ callerSlug: "checkout", calleeSlug: "ledger", via: "dependsOn" }]);
  });

  it("does not take a team with the user's name for a user owner", () => {
    const { snapshot, problems } = importFiles({ "c.yaml": yamlFile(component("checkout", { owner: "user:payments" })) }, { teamSlugs: ["payments"] });
    expect(snapshot.services.map((s) => [s.ownerTeamSlug, s.unresolvedOwnerRef])).toEqual([[null, "user:default/payments"]]);
    expect(problems).toEqual([expect.objectContaining({ field: "spec.owner", severity: "warning" })]);
  });
});

describe("buildCatalogSnapshot: determinism", () => {
  it("gives the same snapshot whatever order the files come in", () => {
    const files = [
      ["teams.yaml", yamlFile(PAYMENTS_TEAM, group("checkout"), user("jane", { memberOf: ["payments", "checkout"] }))],
      ["a.yaml", yamlFile(component("b", { dependsOn: ["component:a"] }), component("a", { owner: "checkout" }))],
      ["b.yaml", yamlFile(component("c", { dependsOn: ["component:b", "component:a"] }), system("s"))],
    ] as const;
    const build = (order: readonly (readonly [string, string])[]) =>
      buildCatalogSnapshot(order.flatMap(([file, text]) => parseCatalogFile(file, text).entities)).snapshot;
    expect(build([...files].reverse())).toEqual(build(files));
  });

  it("builds an empty snapshot from nothing", () => {
    expect(buildCatalogSnapshot([])).toEqual({
      snapshot: { teams: [], people: [], memberships: [], services: [], systems: [], entries: [], declaredEdges: [] },
      problems: [],
      sources: new Map(),
    });
  });

  it("says which document each written row comes from, the first declaration for a duplicate", () => {
    const documents: [string, Record<string, unknown>][] = [
      ["a.yaml", component("checkout")],
      ["b.yaml", component("checkout")],
      ["teams.yaml", group("payments")],
    ];
    const entities = documents.flatMap(([file, document]) => parseCatalogFile(file, yamlFile(document)).entities);
    const { sources } = buildCatalogSnapshot(entities);
    expect(sources.get("service:checkout")).toEqual({ file: "a.yaml", documentIndex: 0 });
    expect(sources.get("team:payments")).toEqual({ file: "teams.yaml", documentIndex: 0 });
  });
});
