import { expect, test, type Locator, type Page } from "@playwright/test";

// Runs against the app seeded with the example "Acme Shop" catalog (catalog/example).
// Slugs used here come from those files: the payments team owns payments,
// payment-provider-adapter, fraud-detection and ledger; the payments service dependsOn
// fraud-detection. Counts are never hard-coded, only relations the catalog declares.

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `e2e/output/${name}.png`, fullPage: true });
}

/**
 * A link to a service page, by accessible name. Teams and services can share a name
 * ("Payments"), so the href tells the service link from the owner-team link.
 */
function serviceLink(scope: Locator | Page, name: string, slug: string): Locator {
  const page = "page" in scope ? scope.page() : scope;
  return scope.getByRole("link", { name, exact: true }).and(page.locator(`[href="/services/${slug}"]`));
}

/** The services table's body rows (the table caption names it for screen readers). */
function serviceRows(page: Page) {
  return page.getByRole("table", { name: "Services in the catalog" }).locator("tbody tr");
}

test.describe("catalog UI", () => {
  test("services list, team filter, service page and a dependency", async ({ page }) => {
    await page.goto("/services");
    await expect(page.getByRole("heading", { level: 1, name: "Services" })).toBeVisible();
    const rows = serviceRows(page);
    await expect.poll(() => rows.count(), { message: "the example catalog lists many services" }).toBeGreaterThan(10);
    const allCount = await rows.count();
    await screenshot(page, "services-list");

    // Filter by team: the URL carries the filter and only payments-owned rows remain.
    await page.getByLabel("Team").selectOption("payments");
    await expect(page).toHaveURL(/[?&]team=payments(&|$)/);
    await expect(rows.filter({ hasNot: page.locator('a[href="/teams/payments"]') })).toHaveCount(0);
    const filteredCount = await rows.count();
    expect(filteredCount).toBeGreaterThan(0);
    expect(filteredCount).toBeLessThan(allCount);
    await expect(rows.locator('a[href="/services/payments"]')).toHaveCount(1);
    await screenshot(page, "services-filtered");

    // The filtered view is a shareable link: loading it afresh shows the same rows.
    await page.reload();
    await expect(page.getByLabel("Team")).toHaveValue("payments");
    await expect(rows).toHaveCount(filteredCount);

    // Open the payments service; the owner team is shown and links to the team page.
    await serviceLink(rows, "Payments", "payments").click();
    await expect(page).toHaveURL(/\/services\/payments$/);
    await expect(page.getByRole("heading", { level: 1, name: "Payments" })).toBeVisible();
    const about = page.getByRole("region", { name: "About this service" });
    await expect(about.getByText("Owner team")).toBeVisible();
    await expect(about.locator('a[href="/teams/payments"]')).toHaveText("Payments");
    await screenshot(page, "service-page");

    // Follow a declared dependency to its own page.
    const dependencies = page.getByRole("region", { name: /^Dependencies/ });
    await serviceLink(dependencies, "Fraud Detection", "fraud-detection").click();
    await expect(page).toHaveURL(/\/services\/fraud-detection$/);
    await expect(page.getByRole("heading", { level: 1, name: "Fraud Detection" })).toBeVisible();
    // ...and the way back: payments appears among fraud-detection's dependents.
    const dependents = page.getByRole("region", { name: /^Dependents/ });
    await expect(serviceLink(dependents, "Payments", "payments")).toBeVisible();
    await screenshot(page, "dependency-page");
  });

  test("search and tier filters narrow the list and can be cleared", async ({ page }) => {
    await page.goto("/services");
    const rows = serviceRows(page);
    await expect.poll(() => rows.count()).toBeGreaterThan(10);

    await page.getByLabel("Search services").fill("fraud");
    await expect(page).toHaveURL(/[?&]q=fraud/);
    await expect(rows.locator('a[href="/services/fraud-detection"]')).toHaveCount(1);

    await page.getByLabel("Search services").fill("no-such-service-anywhere");
    await expect(page.getByText("No services match these filters")).toBeVisible();
    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect(page).toHaveURL(/\/services$/);
    await expect(page.getByLabel("Search services")).toHaveValue("");
    await expect.poll(() => rows.count()).toBeGreaterThan(10);

    await page.getByLabel("Tier").selectOption("1");
    await expect(page).toHaveURL(/[?&]tier=1(&|$)/);
    await expect(rows.filter({ hasNotText: "Tier 1" })).toHaveCount(0);
  });

  test("the Activity filter puts stale and archived in the URL, and the API answers the same", async ({ page }) => {
    await page.goto("/services");
    const rows = serviceRows(page);
    await expect.poll(() => rows.count()).toBeGreaterThan(10);
    const all = await rows.count();

    // A freshly seeded catalog has nothing stale and nothing archived.
    await page.getByLabel("Activity").selectOption("stale");
    await expect(page).toHaveURL(/[?&]stale=true(&|$)/);
    await expect(page.getByText("No services that are stale.")).toBeVisible();
    await page.getByLabel("Activity").selectOption("active");
    await expect(page).toHaveURL(/[?&]stale=false(&|$)/);
    await expect.poll(() => rows.count()).toBe(all);
    await page.getByLabel("Activity").selectOption("archived");
    await expect(page).toHaveURL(/[?&]archived=true(&|$)/);
    await expect(page.getByText("No services in the archive.")).toBeVisible();

    const api = async (search: string) => ((await (await page.request.get(`/api/v1/services?${search}`)).json()) as { total: number }).total;
    expect(await api("stale=true")).toBe(0);
    expect(await api("archived=true")).toBe(0);
    expect(await api("stale=false")).toBe(await api(""));
    expect((await page.request.get("/api/v1/services?stale=maybe")).status()).toBe(400);
  });

  test("unknown service answers 404 with a way back", async ({ page }) => {
    const response = await page.goto("/services/does-not-exist");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Browse services" })).toHaveAttribute("href", "/services");
    await screenshot(page, "not-found");
  });

  test("teams list leads to a team page with members and owned services", async ({ page }) => {
    await page.goto("/teams");
    await expect(page.getByRole("heading", { level: 1, name: "Teams" })).toBeVisible();
    await page.getByRole("link", { name: "Payments", exact: true }).click();
    await expect(page).toHaveURL(/\/teams\/payments$/);
    await expect(page.getByRole("heading", { level: 1, name: "Payments" })).toBeVisible();

    const owned = page.getByRole("region", { name: /^Owned services/ });
    await expect(serviceLink(owned, "Ledger", "ledger")).toBeVisible();
    const members = page.getByRole("region", { name: /^Members/ });
    await expect(members.getByText("owner", { exact: true }).first()).toBeVisible();
    await screenshot(page, "team-page");
  });
});
