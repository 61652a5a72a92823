import { expect, test } from "@playwright/test";

// Runs against `npm start`'s embedded demo. Its simulated mesh attributes every catalog
// service's traffic, plus one workload no service names: the batch job
// batch/nightly-report calling order-history (domain/demo/build-demo-mesh-model.ts).

test.describe("Telemetry coverage", () => {
  test("lists matched and unmatched endpoints; claiming the unmatched one creates a service whose page shows its traffic", async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto("/settings/telemetry");
    await expect(page.getByRole("heading", { level: 1, name: "Telemetry coverage" })).toBeVisible();

    // The mesh worker's first round may still be under way: reload until coverage is stored.
    await expect(async () => {
      await page.reload();
      await expect(page.locator('tr[data-matched="no"]').first()).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 90_000 });

    const matched = page.locator('tr[data-matched="yes"]');
    expect(await matched.count()).toBeGreaterThan(10);
    // Demo workloads resolve through the demo cluster's discovery (or, before its first sync, by name).
    await expect(matched.filter({ hasText: /by (discovered-workload|workload-name)/ }).first()).toBeVisible();

    const unmatched = page.locator('tr[data-matched="no"]').filter({ hasText: "batch/nightly-report" });
    await expect(unmatched).toHaveCount(1);
    await expect(unmatched).toContainText("calls");
    await expect(unmatched).toContainText("Unmatched: no service for workload `nightly-report` in namespace `batch`");
    await page.screenshot({ path: "e2e/output/telemetry-coverage.png", fullPage: true });

    // One click: the suggested slug is the workload's name.
    const form = unmatched.getByRole("form", { name: "Claim batch/nightly-report" });
    await expect(form.getByLabel("Service")).toHaveValue("nightly-report");
    await form.getByRole("button", { name: "Claim" }).click();

    // The page re-renders with the row attributed by the claim (the form goes with the unmatched row).
    const row = page.locator('tr[data-matched="yes"]').filter({ hasText: "batch/nightly-report" });
    await expect(row).toContainText("by claimed");
    await expect(page.locator('tr[data-matched="no"]').filter({ hasText: "batch/nightly-report" })).toHaveCount(0);
    await page.reload();
    await expect(row).toContainText("by claimed");

    // From the next mesh round on, its traffic is on the new service's page.
    await row.getByRole("link", { name: "nightly-report" }).click();
    await expect(page).toHaveURL(/\/services\/nightly-report$/);
    await expect(page.getByRole("heading", { level: 1, name: "nightly-report" })).toBeVisible();
    const dependencies = page.getByRole("region", { name: /^Dependencies/ });
    await expect(async () => {
      await page.reload();
      await expect(dependencies.getByRole("link", { name: /Order History|order-history/ })).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
    await page.screenshot({ path: "e2e/output/claimed-service.png", fullPage: true });

    // The API says the same.
    const api = await page.request.get("/api/v1/telemetry/coverage");
    expect(api.status()).toBe(200);
    const body = (await api.json()) as { sources: { endpoints: { workload: string; rule: string | null; service: { slug: string } | null }[] }[] };
    const endpoint = body.sources.flatMap((s) => s.endpoints).find((e) => e.workload === "nightly-report");
    expect(endpoint).toMatchObject({ rule: "claimed", service: { slug: "nightly-report" } });
  });
});
