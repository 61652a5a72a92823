import { expect, test } from "@playwright/test";
import { sameOriginRequests } from "./e2e-accounts.ts";

// A malformed catalog sent to the running server: a clear, per-document answer, the
// valid documents imported, nothing removed, and the server still serving pages.

const suffix = Date.now().toString(36);
const broken = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: e2e-valid-${suffix}
spec:
  type: service
  lifecycle: experimental
  owner: group:default/platform
---
kind: Component
metadata:
  name: e2e-no-api-version-${suffix}
spec: { type: service, owner: platform }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: [this, is, not, a, name]
`;

test.use(sameOriginRequests);

test("a malformed catalog import is explained per document and the server keeps running", async ({ request }) => {
  const before = await request.get("/api/v1/services");
  expect(before.ok()).toBe(true);
  // The list is paginated: `total` counts every service, whatever the page size.
  const countBefore = ((await before.json()) as { total: number }).total;

  const response = await request.post("/api/v1/catalog/imports", {
    data: { origin: "e2e", files: [{ file: "e2e/broken.yaml", text: broken }] },
  });
  expect(response.status()).toBe(200);
  const result = (await response.json()) as {
    errorCount: number;
    pruned: boolean;
    problems: { file: string; documentIndex: number; field: string; message: string; severity: string }[];
  };
  // Document 2 (index 1) lacks apiVersion; document 3 has a list for a name and no spec.
  expect(result.errorCount).toBe(3);
  expect(result.pruned).toBe(false);
  const errors = result.problems.filter((p) => p.severity === "error");
  expect(errors.map((p) => [p.file, p.documentIndex, p.field])).toEqual([
    ["e2e/broken.yaml", 1, "apiVersion"],
    ["e2e/broken.yaml", 2, "metadata.name"],
    ["e2e/broken.yaml", 2, "spec"],
  ]);

  const after = await request.get("/api/v1/services");
  expect(((await after.json()) as { total: number }).total).toBe(countBefore + 1);
  expect((await request.get(`/api/v1/services/e2e-valid-${suffix}`)).ok()).toBe(true);
});

test("a body that is not a catalog import gets a problem+json 400", async ({ request }) => {
  const response = await request.post("/api/v1/catalog/imports", {
    headers: { "content-type": "application/json" },
    // A Buffer is sent as is; a string would be JSON-encoded by Playwright.
    data: Buffer.from("{ not json"),
  });
  expect(response.status()).toBe(400);
  expect(response.headers()["content-type"]).toContain("application/problem+json");
  expect(await response.json()).toMatchObject({ code: "malformed-body", detail: expect.stringContaining("not valid JSON") });

  const wrongShape = await request.post("/api/v1/catalog/imports", { data: { files: [] } });
  expect(wrongShape.status()).toBe(400);
  expect(await wrongShape.json()).toMatchObject({ code: "validation-failed", detail: expect.stringContaining("files: send at least one file") });
});

test("unknown service and bad query parameters are 4xx problems, never 500", async ({ request }) => {
  const missing = await request.get("/api/v1/services/no-such-service");
  expect(missing.status()).toBe(404);
  expect(missing.headers()["content-type"]).toContain("application/problem+json");
  expect(await missing.json()).toMatchObject({ code: "not-found", type: "https://plumbline.dev/problems/not-found" });
  const badTier = await request.get("/api/v1/services?tier=banana");
  expect(badTier.status()).toBe(400);
  const badToken = await request.get("/api/v1/services", { headers: { authorization: "Bearer plb_not-a-real-token-at-all" } });
  expect(badToken.status()).toBe(401);
});
