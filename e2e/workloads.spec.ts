import { expect, test } from "@playwright/test";

// Runs against `npm start`'s embedded demo: the example catalog, and the demo cluster
// (the fake Kubernetes API server) watched through the same discovery worker as a real
// cluster. The checkout service runs as Deployment "checkout" in its owner team's namespace.

test.describe("Kubernetes discovery on the service page", () => {
  test("a service page shows its workloads per cluster and a history of changes", async ({ page }) => {
    test.setTimeout(150_000);
    await page.goto("/services/checkout");
    await expect(page.getByRole("heading", { level: 1, name: "Checkout" })).toBeVisible();

    const workloads = page.getByRole("region", { name: /^Workloads/ });
    const row = workloads.locator('tr[data-workload="checkout"]');
    // Discovery starts after the web app answers; the page refreshes itself until the workload shows.
    await expect(row).toBeVisible({ timeout: 60_000 });
    await expect(row).toContainText("Deployment");
    await expect(row).toContainText("ghcr.io/acme/");
    await expect(row.locator(".wl-rollout")).toBeVisible();
    const cluster = workloads.locator('[data-cluster="demo"]');
    await expect(cluster.locator(".wl-cluster-header")).toContainText("demo");
    await expect(cluster.locator(".settings-sync")).toHaveText(/In sync|Syncing|Sync failing/);

    const history = page.getByRole("region", { name: "History of changes" });
    const entries = history.locator(".history-item");
    await expect(entries.first()).toBeVisible({ timeout: 60_000 });
    await expect(history.locator('.history-item[data-event-type="workload_created"]').first()).toContainText("checkout: Deployment created in demo/");
    await page.screenshot({ path: "e2e/output/service-workloads.png", fullPage: true });

    // The API behind it answers the same, with paging.
    const api = await page.request.get("/api/v1/services/checkout/events?limit=1");
    expect(api.status()).toBe(200);
    const body = (await api.json()) as { events: { type: string }[]; nextBefore: string | null };
    expect(body.events.length).toBeGreaterThanOrEqual(1);
    const bad = await page.request.get("/api/v1/services/checkout/events?before=yesterday");
    expect(bad.status()).toBe(400);
    expect(bad.headers()["content-type"]).toContain("application/problem+json");
    expect(await bad.json()).toMatchObject({ code: "validation-failed" });

    // Settings shows the cluster's sync state.
    await page.getByRole("link", { name: "Settings" }).click();
    await expect(page).toHaveURL(/\/settings$/);
    const clusterRow = page.getByRole("table", { name: "Kubernetes clusters and their sync state" }).locator('tr[data-cluster="demo"]');
    await expect(clusterRow).toContainText("In sync", { timeout: 30_000 });
    await page.screenshot({ path: "e2e/output/settings-clusters.png", fullPage: true });
  });
});
