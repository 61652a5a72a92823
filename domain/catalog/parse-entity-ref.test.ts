import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseEntityRef, stringifyEntityRef } from "./parse-entity-ref.ts";

describe("parseEntityRef", () => {
  it.each([
    // text, defaultKind, defaultNamespace, expected
    ["group:default/payments", "group", "default", "group:default/payments"],
    ["group:payments", "group", "default", "group:default/payments"],
    ["payments", "group", "default", "group:default/payments"],
    ["payments", "group", "team-a", "group:team-a/payments"],
    ["user:jane.doe", "group", "default", "user:default/jane.doe"],
    ["jane.doe", "user", "default", "user:default/jane.doe"],
    ["component:checkout", undefined, "default", "component:default/checkout"],
    ["resource:orders-db", undefined, "default", "resource:default/orders-db"],
    ["Component:Default/Checkout", undefined, "default", "component:default/checkout"],
    ["API:payments-api", "api", "default", "api:default/payments-api"],
    ["other/payments", "group", "default", "group:other/payments"],
    // Backstage: a "/" before the ":" means there is no kind, the ":" is part of the name.
    ["ns/a:b", "group", "default", "group:ns/a:b"],
  ] as const)("%s (default kind %s, namespace %s) → %s", (text, defaultKind, defaultNamespace, expected) => {
    const parsed = parseEntityRef(text, defaultKind === undefined ? { defaultNamespace } : { defaultKind, defaultNamespace });
    expect(parsed.ok && stringifyEntityRef(parsed.ref)).toBe(expected);
  });

  it.each([
    ["group:", "must look like"],
    [":payments", "must look like"],
    ["group:/payments", "must look like"],
    ["group:default/", "must look like"],
    ["", "must look like"],
  ])("rejects %j", (text, message) => {
    const parsed = parseEntityRef(text, { defaultKind: "group", defaultNamespace: "default" });
    expect(parsed.ok ? "" : parsed.message).toContain(message);
  });

  it("needs a kind where the field has no default, as Backstage's dependsOn", () => {
    const parsed = parseEntityRef("checkout", { defaultNamespace: "default" });
    expect(parsed.ok ? "" : parsed.message).toBe('needs a kind, e.g. "component:checkout" or "resource:checkout" (got "checkout")');
  });

  it("round-trips every stringified ref", () => {
    const part = fc.stringMatching(/^[a-z0-9]+([-_.][a-z0-9]+)*$/);
    fc.assert(
      fc.property(fc.record({ kind: fc.constantFrom("component", "group", "user", "api", "system"), namespace: part, name: part }), (ref) => {
        const parsed = parseEntityRef(stringifyEntityRef(ref), { defaultNamespace: "default" });
        expect(parsed).toEqual({ ok: true, ref });
      }),
    );
  });
});
