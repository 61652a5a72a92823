import { expect, test, type Page } from "@playwright/test";

// Runs against the demo (example catalog, first start): the seeded past incidents make
// /incidents and /learnings alive; this spec reports its own uniquely named near miss.

const SHOTS_DIR = process.env.E2E_SHOTS_DIR ?? "e2e/output";

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS_DIR}/${name}.png`, fullPage: true });
}

test.describe("incidents, near misses and learnings", () => {
  test("report a near miss from a service page in one field, add a one-sentence learning, find it on /learnings and in the service's history", async ({ page }) => {
    test.setTimeout(120_000);
    const marker = `zeppelin-${Date.now().toString(36)}`;
    const title = `The ${marker} cache almost served another shopper's cart`;
    const learning = `Cache keys must include the ${marker} shopper id.`;

    await page.goto("/services/cart");
    await expect(page.getByRole("heading", { level: 1, name: "Cart" })).toBeVisible();
    await screenshot(page, "service-page-report-button");
    await page.getByRole("link", { name: "Report incident / near miss" }).click();

    await expect(page).toHaveURL(/\/incidents\/new\?service=cart/);
    await expect(page.getByRole("checkbox", { name: /Affects/ })).toBeChecked();
    await page.getByRole("radio", { name: /Near miss/ }).check();
    await page.getByLabel("What happened? (one sentence)").fill(title);
    await screenshot(page, "report-form-one-field");
    await page.getByRole("button", { name: "Report", exact: true }).click();

    await expect(page).toHaveURL(/\/incidents\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(page.getByText("Near miss", { exact: true }).first()).toBeVisible();
    await expect(page.getByRole("heading", { name: "What changed nearby" })).toBeVisible();

    await page.getByLabel("What did we learn? (one sentence)").fill(learning);
    await page.getByRole("button", { name: "Publish learning" }).click();
    await expect(page.getByTestId("learning")).toHaveText(learning);
    await screenshot(page, "incident-page-with-learning");

    await page.goto(`/learnings?q=${marker}`);
    const list = page.getByRole("list", { name: "Learnings, newest first" });
    await expect(list.getByRole("link", { name: learning })).toBeVisible();
    await expect(list.locator("li")).toHaveCount(1);
    await page.goto("/learnings");
    await expect(page.getByRole("heading", { name: "Most read this month" })).toBeVisible();
    await expect(page.getByText("A config change needs the same canary as a code change.").first()).toBeVisible();
    await screenshot(page, "learnings");

    await page.goto("/services/cart");
    const history = page.getByRole("list", { name: "Changes, newest first" });
    await expect(history.getByRole("link", { name: `Near miss reported: ${title}` })).toBeVisible();
    await expect(history.getByRole("link", { name: `Learning: ${learning}` })).toBeVisible();
    await screenshot(page, "service-history-with-incident");
  });

  test("the demo's past incidents are listed, and the open one is marked on the graph", async ({ page }) => {
    await page.goto("/incidents");
    await expect(page.getByRole("link", { name: "Checkout returned 502s for 14 minutes after a config push to payments" })).toBeVisible();
    await screenshot(page, "incidents-list");
    const graph = (await (await page.request.get("/api/v1/graph")).json()) as { nodes: { slug: string | null; openIncidents?: number }[] };
    expect(graph.nodes.find((node) => node.slug === "recommendations")?.openIncidents).toBe(1);
    await page.goto("/graph?focus=recommendations");
    await expect(page.locator('[data-service="recommendations"] [data-open-incidents="1"]')).toBeVisible();
    await screenshot(page, "graph-incident-marker");
    await page.goto("/services/payments");
    await expect(page.getByRole("list", { name: "Open action items for Payments" }).getByText("Route payments config pushes through the deploy gate")).toBeVisible();
    await screenshot(page, "service-page-action-items");
  });
});
