import { expect, test } from "@playwright/test";
import { sameOriginRequests } from "./e2e-accounts.ts";

// Runs against the app seeded with the example "Acme Shop" catalog (catalog/example): the
// payments service provides payments-api, checkout consumes it and depends on orders-db;
// the engineering Group has the product teams as children.

test.describe("Backstage model pages", () => {
  test("an API page: type, lifecycle, owner, providers, consumers and the highlighted definition", async ({ page }) => {
    await page.goto("/catalog");
    await expect(page.getByRole("heading", { level: 1, name: "Catalog" })).toBeVisible();
    await page.getByRole("link", { name: "Payments API", exact: true }).click();
    await expect(page).toHaveURL(/\/catalog\/api\/payments-api$/);
    await expect(page.getByRole("heading", { level: 1, name: "Payments API" })).toBeVisible();
    const about = page.getByRole("region", { name: "About this API" });
    await expect(about.getByText("openapi", { exact: true })).toBeVisible();
    await expect(about.getByText("production", { exact: true })).toBeVisible();
    await expect(page.getByRole("list", { name: "Providers" }).getByRole("link", { name: "payments" })).toBeVisible();
    await expect(page.getByRole("list", { name: "Consumers" }).getByRole("link", { name: "checkout" })).toBeVisible();
    const definition = page.getByLabel("API definition");
    await expect(definition).toContainText("openapi: 3.0.3");
    await expect(definition.locator(".tok-key").first()).toHaveText("openapi");
    await page.screenshot({ path: "e2e/output/api-page.png", fullPage: true });
  });

  test("a service page links its infrastructure and a resource page names who depends on it", async ({ page }) => {
    await page.goto("/services/checkout");
    await page.getByRole("list", { name: "Infrastructure dependencies" }).getByRole("link", { name: "orders-db" }).click();
    await expect(page).toHaveURL(/\/catalog\/resource\/orders-db$/);
    await expect(page.getByRole("list", { name: "Services depending on it" }).getByRole("link", { name: "checkout" })).toBeVisible();
  });

  test("a group with children lists them on its team page", async ({ page }) => {
    await page.goto("/teams/engineering");
    const children = page.getByRole("list", { name: "Child teams" });
    await expect(children.getByRole("link", { name: "Payments" })).toBeVisible();
  });

  test.describe("a user-owned service", () => {
    test.use(sameOriginRequests);
    test("imports, and its page names the person as owner", async ({ request, page }) => {
      const suffix = Date.now().toString(36);
      const text = `apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: guest-${suffix} }
spec: { profile: { displayName: Guest ${suffix}, email: guest-${suffix}@example.com }, memberOf: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: guest-tool-${suffix} }
spec: { type: website, lifecycle: experimental, owner: user:guest-${suffix} }
`;
      const response = await request.post("/api/v1/catalog/imports", { data: { origin: `e2e-user-${suffix}`, files: [{ file: "e2e/user.yaml", text }] } });
      expect(response.status()).toBe(200);
      expect(((await response.json()) as { errorCount: number }).errorCount).toBe(0);

      await page.goto(`/services/guest-tool-${suffix}`);
      const about = page.getByRole("region", { name: "About this service" });
      await expect(about.getByText("Owner", { exact: true })).toBeVisible();
      await expect(about.getByRole("link", { name: `Guest ${suffix}` })).toBeVisible();
      await expect(about.getByText("user", { exact: true })).toBeVisible();
      await about.getByRole("link", { name: `Guest ${suffix}` }).click();
      await expect(page.getByRole("note")).toContainText(`guest-${suffix}@example.com`);

      // The import summary on the home page accounts for both documents of that import.
      await page.goto("/");
      const summary = page.getByRole("table", { name: "Documents of the last import, per kind" });
      await expect(summary.getByRole("row", { name: /^Component 1 1 0 0 0 0$/ })).toBeVisible();
      await expect(summary.getByRole("row", { name: /^User 1 1 0 0 0 0$/ })).toBeVisible();
      await expect(summary.getByRole("row", { name: /^Total 2 2 0 0 0 0$/ })).toBeVisible();
      await page.screenshot({ path: "e2e/output/import-summary.png", fullPage: true });
    });
  });
});
