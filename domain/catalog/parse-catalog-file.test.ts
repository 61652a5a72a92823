import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { api, component, group, system, user, yamlFile } from "./catalog-test-documents.ts";
import type { CatalogProblem } from "./catalog-types.ts";
import { parseCatalogFile } from "./parse-catalog-file.ts";

const FILE = "catalog/payments.yaml";

function parseOne(document: Record<string, unknown>) {
  return parseCatalogFile(FILE, yamlFile(document));
}

function only(problems: CatalogProblem[]): Pick<CatalogProblem, "field" | "severity" | "message"> {
  expect(problems).toHaveLength(1);
  const [problem] = problems;
  if (problem === undefined) throw new Error("no problem");
  return { field: problem.field, severity: problem.severity, message: problem.message };
}

describe("parseCatalogFile: one entity per supported kind", () => {
  it.each([
    ["Component", component("checkout"), { kind: "component", entityRef: "component:default/checkout", slug: "checkout" }],
    ["System", system("commerce"), { kind: "system", entityRef: "system:default/commerce", slug: "commerce" }],
    ["Group", group("payments"), { kind: "group", entityRef: "group:default/payments", slug: "payments" }],
    ["User", user("jane.doe"), { kind: "user", entityRef: "user:default/jane.doe", email: "jane.doe@acme.example" }],
    ["API", api("payments-api"), { kind: "api", entityRef: "api:default/payments-api", slug: "payments-api" }],
    ["v1beta1", { ...component("cart"), apiVersion: "backstage.io/v1beta1" }, { kind: "component", entityRef: "component:default/cart" }],
    ["an uppercase name", component("Cart_Service"), { entityRef: "component:default/cart_service", slug: "cart-service", name: "Cart_Service" }],
  ])("%s", (_label, document, expected) => {
    const { entities, problems } = parseOne(document);
    expect(problems).toEqual([]);
    expect(entities).toHaveLength(1);
    expect(entities[0]).toMatchObject({ ...expected, source: { file: FILE, documentIndex: 0 } });
  });

  it("keeps a namespace in the entity ref and says that Plumbline's names have none", () => {
    const { entities, problems } = parseOne(component("reviews", {}, { namespace: "bookinfo" }));
    expect(entities[0]).toMatchObject({ entityRef: "component:bookinfo/reviews", slug: "reviews", ref: { namespace: "bookinfo" } });
    expect(only(problems)).toEqual({
      field: "metadata.namespace",
      severity: "warning",
      message:
        'namespace "bookinfo" is kept in references (component:bookinfo/reviews), but Plumbline\'s names have no namespace: this component is shown as "reviews", and a component of the same name in another namespace is refused as a duplicate',
    });
  });

  it("reads a component's annotations, links and references", () => {
    const { entities, problems } = parseOne(
      component(
        "checkout",
        {
          owner: "group:default/payments",
          system: "commerce",
          dependsOn: ["component:cart", "resource:orders-db"],
          dependencyOf: ["component:api-gateway"],
          providesApis: ["checkout-api"],
          consumesApis: ["api:payments-api"],
        },
        {
          title: "Checkout",
          description: "Takes the order",
          tags: ["java", "tier-1"],
          annotations: {
            "plumbline.dev/tier": "1",
            "github.com/project-slug": "acme/checkout",
            "plumbline.dev/runbook": "https://runbooks.acme.example/checkout",
            "plumbline.dev/slack-channel": "#checkout",
          },
          links: [{ url: "https://grafana.acme.example/d/checkout", title: "Dashboard", icon: "dashboard" }, { url: "https://docs.acme.example" }],
        },
      ),
    );
    expect(problems).toEqual([]);
    expect(entities[0]).toMatchObject({
      kind: "component",
      title: "Checkout",
      description: "Takes the order",
      tags: ["java", "tier-1"],
      tier: 1,
      repoUrl: "https://github.com/acme/checkout",
      runbookUrl: "https://runbooks.acme.example/checkout",
      slackChannel: "#checkout",
      links: [
        { title: "Dashboard", url: "https://grafana.acme.example/d/checkout", icon: "dashboard" },
        { title: "https://docs.acme.example", url: "https://docs.acme.example" },
      ],
      owner: { ref: { kind: "group", namespace: "default", name: "payments" }, field: "spec.owner" },
      system: { ref: { kind: "system", name: "commerce" }, field: "spec.system" },
      dependsOn: [
        { ref: { kind: "component", name: "cart" }, field: "spec.dependsOn[0]" },
        { ref: { kind: "resource", name: "orders-db" }, field: "spec.dependsOn[1]" },
      ],
      dependencyOf: [{ ref: { kind: "component", name: "api-gateway" } }],
      providesApis: [{ ref: { kind: "api", name: "checkout-api" } }],
      consumesApis: [{ ref: { kind: "api", name: "payments-api" } }],
    });
  });

  it.each([
    [{ "plumbline.dev/repo": "https://git.acme.example/checkout" }, "https://git.acme.example/checkout"],
    [{ "backstage.io/source-location": "url:https://github.com/acme/checkout/tree/main/" }, "https://github.com/acme/checkout/tree/main/"],
    [{ "github.com/project-slug": "acme/checkout" }, "https://github.com/acme/checkout"],
    [{ "plumbline.dev/repo": "https://a.example/x", "github.com/project-slug": "acme/checkout" }, "https://a.example/x"],
  ])("repo URL from %j", (annotations, repoUrl) => {
    const { entities, problems } = parseOne(component("checkout", {}, { annotations }));
    expect(problems).toEqual([]);
    expect(entities[0]).toMatchObject({ repoUrl });
  });

  it("accepts a tier written as a number, since that is what people type", () => {
    const { entities, problems } = parseOne(component("checkout", {}, { annotations: { "plumbline.dev/tier": 2 } }));
    expect(problems).toEqual([]);
    expect(entities[0]).toMatchObject({ tier: 2, annotations: { "plumbline.dev/tier": "2" } });
  });

  it("reads a group's profile, hierarchy, members and owners", () => {
    const { entities, problems } = parseOne(
      group(
        "payments",
        { profile: { displayName: "Payments", email: "pay@acme.example" }, parent: "engineering", members: ["jane.doe", "user:john"] },
        { annotations: { "slack.com/channel": "#payments", "plumbline.dev/owners": "jane.doe, user:default/john" } },
      ),
    );
    expect(problems).toEqual([]);
    expect(entities[0]).toMatchObject({
      displayName: "Payments",
      email: "pay@acme.example",
      slackChannel: "#payments",
      parent: { ref: { kind: "group", name: "engineering" } },
      members: [{ ref: { kind: "user", name: "jane.doe" } }, { ref: { kind: "user", name: "john" } }],
      owners: [
        { ref: { kind: "user", name: "jane.doe" }, field: "metadata.annotations.plumbline.dev/owners[0]" },
        { ref: { kind: "user", name: "john" }, field: "metadata.annotations.plumbline.dev/owners[1]" },
      ],
    });
  });

  it("reads a user's email (lowercased), name, Slack id and groups", () => {
    const { entities } = parseOne(
      user("jane.doe", { profile: { email: "Jane.Doe@Acme.example", displayName: "Jane Doe" }, memberOf: ["payments"] }, {
        annotations: { "slack.com/user-id": "U123" },
      }),
    );
    expect(entities[0]).toMatchObject({
      email: "jane.doe@acme.example",
      displayName: "Jane Doe",
      slackUserId: "U123",
      memberOf: [{ ref: { kind: "group", namespace: "default", name: "payments" }, field: "spec.memberOf[0]" }],
    });
  });
});

describe("parseCatalogFile: documents that are not imported", () => {
  it.each([
    ["an unknown kind", { ...component("db"), kind: "Widget" }, "kind", 'got "Widget", which Plumbline does not import'],
    ["a kind in the wrong case", { ...component("db"), kind: "component" }, "kind", 'write "Component"'],
    ["no kind", { ...component("db"), kind: undefined }, "kind", "must be one of Component, System, Group, User, API"],
    ["another apiVersion", { ...component("db"), apiVersion: "v1" }, "apiVersion", 'must be one of backstage.io/v1alpha1, backstage.io/v1beta1 (got "v1")'],
    ["no metadata.name", { ...component("x"), metadata: {} }, "metadata.name", "is required"],
    ["a name with spaces", component("Check out"), "metadata.name", 'got "Check out"'],
    ["a component without owner", component("checkout", { owner: undefined }), "spec.owner", "is required: the Group (team) that owns this component"],
    ["a component with an empty owner", component("checkout", { owner: "" }), "spec.owner", "is required"],
    ["a malformed owner ref", component("checkout", { owner: "group:" }), "spec.owner", "must look like [<kind>:][<namespace>/]<name>"],
    ["dependsOn that is not a list", component("checkout", { dependsOn: "cart" }), "spec.dependsOn", 'must be a list (got "cart")'],
    ["a number in dependsOn", component("checkout", { dependsOn: [42] }), "spec.dependsOn[0]", "must be text (got 42)"],
    ["a component without spec", { ...component("checkout"), spec: undefined }, "spec", "is required"],
    ["an annotation holding a mapping", component("checkout", {}, { annotations: { "plumbline.dev/tier": { x: 1 } } }), "metadata.annotations.plumbline.dev/tier", "must be text"],
    ["a bad plumbline.dev/service", component("checkout", {}, { annotations: { "plumbline.dev/service": "Check_Out" } }), "metadata.annotations.plumbline.dev/service", 'got "Check_Out"'],
    ["a user without email", user("jane", { profile: { displayName: "Jane" } }), "spec.profile.email", "is required: people are matched by email"],
    ["a user without profile", user("jane", { profile: undefined }), "spec.profile", "is required, with an email"],
    ["a user without spec", { ...user("jane"), spec: undefined }, "spec", "is required, with profile.email"],
    ["a user with a malformed email", user("jane", { profile: { email: "jane-at-acme" } }), "spec.profile.email", 'must be an email address (got "jane-at-acme")'],
  ])("%s", (_label, document, field, message) => {
    const { entities, problems } = parseOne(document);
    expect(entities).toEqual([]);
    const problem = only(problems);
    expect(problem).toMatchObject({ field, severity: "error" });
    expect(problem.message).toContain(message);
  });

  it("skips a Template with a warning, not an error", () => {
    const { entities, problems } = parseOne({ ...component("db"), kind: "Template" });
    expect(entities).toEqual([]);
    expect(only(problems)).toMatchObject({ field: "kind", severity: "warning" });
  });

  // The examples of Backstage's descriptor-format documentation (kind: API, Resource, Domain, System).
  it("reads an API with lifecycle, owner, system and its definition, inline or as $text", () => {
    const { entities, problems } = parseCatalogFile(
      FILE,
      `apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: artist-api
  description: Retrieve artist details
spec:
  type: openapi
  lifecycle: production
  owner: artist-relations-team
  system: artist-engagement-portal
  definition: |
    openapi: "3.0.0"
    info:
      version: 1.0.0
      title: Artist API
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: petstore
spec:
  type: openapi
  lifecycle: experimental
  owner: team-c
  definition:
    $text: ./petstore.oas.yaml
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: streetlights
spec:
  type: asyncapi
  lifecycle: production
  owner: team-c
  definition:
    $text: https://github.com/asyncapi/spec/blob/master/examples/streetlights-kafka.yml
`,
    );
    expect(entities.map((e) => (e.kind === "api" ? [e.slug, e.type, e.lifecycle, e.owner?.text, e.system?.text ?? null, e.definition] : null))).toEqual([
      ["artist-api", "openapi", "production", "artist-relations-team", "artist-engagement-portal", { kind: "inline", text: 'openapi: "3.0.0"\ninfo:\n  version: 1.0.0\n  title: Artist API\n' }],
      ["petstore", "openapi", "experimental", "team-c", null, { kind: "file", path: "./petstore.oas.yaml" }],
      ["streetlights", "asyncapi", "production", "team-c", null, { kind: "remote", url: "https://github.com/asyncapi/spec/blob/master/examples/streetlights-kafka.yml" }],
    ]);
    expect(only(problems)).toMatchObject({ field: "spec.definition", severity: "warning" });
    expect(only(problems).message).toContain("listed, not fetched");
  });

  it("reads a Resource, a Domain and a System's domain", () => {
    const { entities, problems } = parseCatalogFile(
      FILE,
      `apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: artists-db
  description: Stores artist details
spec:
  type: database
  owner: artist-relations-team
  system: artist-engagement-portal
---
apiVersion: backstage.io/v1alpha1
kind: Domain
metadata:
  name: artists
  description: Everything about artists
spec:
  owner: artist-relations-team
---
apiVersion: backstage.io/v1alpha1
kind: System
metadata:
  name: artist-engagement-portal
  description: Handy tools to keep artists in the loop
spec:
  owner: artist-relations-team
  domain: artists
`,
    );
    expect(problems).toEqual([]);
    expect(entities.map((e) => [e.kind, e.entityRef])).toEqual([
      ["resource", "resource:default/artists-db"],
      ["domain", "domain:default/artists"],
      ["system", "system:default/artist-engagement-portal"],
    ]);
    const [resource, , system] = entities;
    expect(resource).toMatchObject({ type: "database", owner: { text: "artist-relations-team" }, system: { ref: { kind: "system", name: "artist-engagement-portal" } } });
    expect(system).toMatchObject({ domain: { ref: { kind: "domain", namespace: "default", name: "artists" } } });
  });

  it("names the entity in problems when its kind and name are known", () => {
    const { problems } = parseOne(component("checkout", { owner: undefined }));
    expect(problems[0]).toMatchObject({ file: FILE, documentIndex: 0, entityRef: "component:default/checkout" });
  });

  it("skips Location entities (the import accounts for them) and empty documents without a problem", () => {
    const location = { apiVersion: "backstage.io/v1alpha1", kind: "Location", metadata: { name: "all" }, spec: { targets: ["./a.yaml"] } };
    const { entities, problems, documents } = parseCatalogFile(FILE, `${yamlFile(location)}---\n---\n`);
    expect(entities).toEqual([]);
    expect(problems).toEqual([]);
    expect(documents).toEqual([{ file: FILE, documentIndex: 0, format: "backstage", kind: "Location" }]);
  });

  it("lists every non-empty document with its format and kind, readable or not", () => {
    const text = [
      yamlFile(component("checkout")),
      "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: x}\n",
      "key: [unclosed\n",
      "- a\n- list\n",
      "apiVersion: backstage.io/v1alpha1\nmetadata: {name: y}\n",
    ].join("---\n");
    expect(parseCatalogFile(FILE, text).documents).toEqual([
      { file: FILE, documentIndex: 0, format: "backstage", kind: "Component" },
      { file: FILE, documentIndex: 1, format: "openslo", kind: "SLO" },
      { file: FILE, documentIndex: 2, format: "yaml", kind: "(unreadable YAML)" },
      { file: FILE, documentIndex: 3, format: "yaml", kind: "(not a mapping)" },
      { file: FILE, documentIndex: 4, format: "backstage", kind: "(no kind)" },
    ]);
  });

  it("rejects a document that is not a mapping", () => {
    const { problems } = parseCatalogFile(FILE, "- just\n- a list\n");
    expect(only(problems)).toEqual({ field: "(document)", severity: "error", message: "must be a mapping with apiVersion, kind, metadata and spec (got a list)" });
  });
});

describe("parseCatalogFile: warnings keep the entity", () => {
  it.each([
    ["tier banana", component("checkout", {}, { annotations: { "plumbline.dev/tier": "banana" } }), "metadata.annotations.plumbline.dev/tier", 'must be one of 1, 2, 3 (got "banana")', { tier: null }],
    ["tier 4", component("checkout", {}, { annotations: { "plumbline.dev/tier": 4 } }), "metadata.annotations.plumbline.dev/tier", '(got "4")', { tier: null }],
    ["a runbook that is not a URL", component("checkout", {}, { annotations: { "plumbline.dev/runbook": "see wiki" } }), "metadata.annotations.plumbline.dev/runbook", 'must be an http(s) URL (got "see wiki")', { runbookUrl: null }],
    ["a bad project slug", component("checkout", {}, { annotations: { "github.com/project-slug": "checkout" } }), "metadata.annotations.github.com/project-slug", 'must be "<org>/<repo>"', { repoUrl: null }],
    ["a dir: source location", component("checkout", {}, { annotations: { "backstage.io/source-location": "dir:./src" } }), "metadata.annotations.backstage.io/source-location", 'must be "url:"', { repoUrl: null }],
    ["a link without url", component("checkout", {}, { links: [{ title: "Dashboard" }] }), "metadata.links[0].url", "is required; link skipped", { links: [] }],
    ["a link to a file share", component("checkout", {}, { links: [{ url: "smb://share/x" }] }), "metadata.links[0].url", "must be an http(s) URL", { links: [] }],
    ["links that are not a list", component("checkout", {}, { links: "https://x.example" }), "metadata.links", "must be a list", { links: [] }],
    ["a dependsOn without kind", component("checkout", { dependsOn: ["cart"] }), "spec.dependsOn[0]", 'needs a kind, e.g. "component:cart"', { dependsOn: [] }],
    ["a malformed consumesApis entry", component("checkout", { consumesApis: ["api:"] }), "spec.consumesApis[0]", "must look like", { consumesApis: [] }],
    ["a malformed system", component("checkout", { system: "system:" }), "spec.system", "must look like", { system: null }],
    ["a group email that is not one", group("payments", { profile: { email: "payments" } }), "spec.profile.email", "must be an email address", { email: null }],
    ["a malformed member", group("payments", { members: ["user:"] }), "spec.members[0]", "must look like", { members: [] }],
  ])("%s", (_label, document, field, message, fields) => {
    const { entities, problems } = parseOne(document);
    expect(entities).toHaveLength(1);
    expect(entities[0]).toMatchObject(fields);
    const problem = only(problems);
    expect(problem).toMatchObject({ field, severity: "warning" });
    expect(problem.message).toContain(message);
  });

  it("falls back to the next repo annotation when one is unusable", () => {
    const { entities, problems } = parseOne(
      component("checkout", {}, { annotations: { "plumbline.dev/repo": "git@github.com:acme/checkout.git", "github.com/project-slug": "acme/checkout" } }),
    );
    expect(entities[0]).toMatchObject({ repoUrl: "https://github.com/acme/checkout" });
    expect(only(problems)).toMatchObject({ field: "metadata.annotations.plumbline.dev/repo", severity: "warning" });
  });
});

describe("parseCatalogFile: one file, several documents", () => {
  it("imports the valid documents around a broken one and names the broken one's index", () => {
    const text = yamlFile(component("good-one"), component("broken-one", { owner: undefined }), component("good-two"));
    const { entities, problems } = parseCatalogFile(FILE, text);
    expect(entities.map((entity) => entity.entityRef)).toEqual(["component:default/good-one", "component:default/good-two"]);
    expect(entities.map((entity) => entity.source.documentIndex)).toEqual([0, 2]);
    expect(problems).toEqual([
      {
        file: FILE,
        documentIndex: 1,
        entityRef: "component:default/broken-one",
        field: "spec.owner",
        message: 'is required: the Group (team) that owns this component, e.g. "payments"',
        severity: "error",
      },
    ]);
  });

  it("reports a YAML syntax error once, with the line, and keeps the other documents", () => {
    const text = `${yamlFile(component("good-one"))}---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: [broken\n---\n${yamlFile(component("good-two"))}`;
    const { entities, problems } = parseCatalogFile(FILE, text);
    expect(entities.map((entity) => entity.name)).toEqual(["good-one", "good-two"]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: FILE, documentIndex: 1, field: "(yaml)", severity: "error" });
    expect(problems[0]?.message).toMatch(/^YAML syntax error at line 1[0-9], column \d+: /);
  });

  it("reports duplicate keys as a YAML error", () => {
    const { problems } = parseCatalogFile(FILE, "apiVersion: backstage.io/v1alpha1\nkind: Group\nkind: User\n");
    expect(problems[0]).toMatchObject({ field: "(yaml)", documentIndex: 0 });
    expect(problems[0]?.message).toContain("line 3");
  });

  it("reports an alias to a missing anchor instead of throwing", () => {
    const { entities, problems } = parseCatalogFile(FILE, "kind: *nowhere\n");
    expect(entities).toEqual([]);
    expect(problems[0]).toMatchObject({ field: "(yaml)", severity: "error", documentIndex: 0 });
  });

  it("never throws, whatever the text", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const result = parseCatalogFile("any.yaml", text);
        expect(Array.isArray(result.entities)).toBe(true);
      }),
    );
  });
});

describe("parseCatalogFile: hostile input", () => {
  it("does not treat Object.prototype members as kinds", () => {
    const { problems } = parseCatalogFile(FILE, yamlFile({ ...component("x"), kind: "toString" }));
    expect(problems[0]).toMatchObject({ field: "kind", severity: "error" });
  });

  it("keeps a __proto__ annotation as data", () => {
    const { entities } = parseCatalogFile(FILE, yamlFile(component("x", {}, { annotations: { ["__proto__"]: "x", "plumbline.dev/tier": "2" } })));
    expect(entities[0]).toMatchObject({ tier: 2 });
    expect(Object.getPrototypeOf(entities[0]?.annotations)).toBe(Object.prototype);
  });
});
