import { expect, test, type Page } from "@playwright/test";

// Runs against the app in demo mode with a fresh embedded database: the example "Acme
// Shop" catalog, and the mesh worker feeding it simulated traffic from its first round
// (right at worker start). Slugs come from catalog/example: checkout calls payments,
// cart and others; api-gateway calls checkout; search-indexer is a batch job nobody calls.

type TGraphBody = { nodes: { id: string; sloStatus: string | null }[]; edges: { isObserved: boolean; isDeclared: boolean }[]; isSimulated: boolean };

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `e2e/output/${name}.png`, fullPage: true });
}

/**
 * Names and the line under them are at least 12 px on screen: font size in graph units
 * times the zoom the viewport is drawn at.
 */
async function expectReadableLabels(page: Page): Promise<void> {
  await expect(page.locator(".react-flow__node-service .graph-node-name").first()).toBeVisible();
  const sizes = await page.locator(".react-flow__node-service .graph-node-name, .react-flow__node-service .graph-node-meta").evaluateAll((elements) => {
    const viewport = document.querySelector(".react-flow__viewport");
    const matrix = viewport ? new DOMMatrixReadOnly(getComputedStyle(viewport).transform) : new DOMMatrixReadOnly();
    return elements.map((element) => Number.parseFloat(getComputedStyle(element).fontSize) * matrix.a);
  });
  expect(sizes.length).toBeGreaterThan(0);
  expect(Math.min(...sizes), "smallest label on screen, px").toBeGreaterThanOrEqual(12);
}

/** The mesh worker's first round lands within seconds of start; give it up to 45 s on a slow machine. */
async function waitForMeshEdges(page: Page): Promise<TGraphBody> {
  let body: TGraphBody | undefined;
  await expect
    .poll(
      async () => {
        const response = await page.request.get("/api/v1/graph");
        body = (await response.json()) as TGraphBody;
        return body.edges.filter((e) => e.isObserved).length;
      },
      { message: "the simulated mesh reports edges", timeout: 45_000, intervals: [500, 1000, 2000] },
    )
    .toBeGreaterThan(20);
  if (!body) throw new Error("no graph");
  return body;
}

/**
 * The SLO worker evaluates every minute; its first run at start may precede the first
 * mesh round, so colours (anything but "no data") can take up to a minute to appear.
 */
async function waitForSloColours(page: Page): Promise<void> {
  await expect
    .poll(
      async () => {
        const body = (await (await page.request.get("/api/v1/graph")).json()) as TGraphBody;
        return body.nodes.filter((n) => n.sloStatus === "healthy" || n.sloStatus === "at_risk" || n.sloStatus === "breached").length;
      },
      { message: "SLOs evaluated on mesh telemetry", timeout: 100_000, intervals: [2000] },
    )
    .toBeGreaterThan(5);
}

test.describe("service graph", () => {
  test("renders the demo graph and focuses a service's neighbourhood on click", async ({ page }) => {
    test.setTimeout(180_000);
    const full = await waitForMeshEdges(page);
    expect(full.isSimulated).toBe(true);
    await waitForSloColours(page);
    // Both kinds of fact are drawn: observed calls, and a declared call with no traffic.
    expect(full.edges.some((e) => e.isDeclared && !e.isObserved)).toBe(true);

    await page.goto("/graph");
    await expect(page.getByRole("heading", { level: 1, name: "Service graph" })).toBeVisible();
    await expect(page.getByText("simulated traffic (demo)")).toBeVisible();
    const nodes = page.locator(".react-flow__node-service");
    await expect.poll(() => nodes.count(), { message: "every service is drawn" }).toBe(full.nodes.length);
    await expect(page.locator(".react-flow__edge.graph-edge-mesh").first()).toBeAttached();
    await expect(page.locator(".react-flow__edge.graph-edge-declared").first()).toBeAttached();
    const allCount = await nodes.count();

    // The legend explains every status in words, and the names are readable at the zoom the page opens at.
    const legend = page.getByRole("group", { name: "Legend" });
    await expect(legend).toBeVisible();
    for (const word of ["breached", "at risk", "no data", "healthy", "no SLOs"]) await expect(legend.getByText(word, { exact: true })).toBeVisible();
    await expectReadableLabels(page);
    await page.screenshot({ path: "e2e/output/graph-default-zoom.png" });
    await screenshot(page, "graph");

    // Find a service by typing part of its name: the graph focuses on it and the URL says so.
    const search = page.getByRole("combobox", { name: "Find a service to focus the graph on" });
    await search.fill("check");
    await expect(page.getByRole("option", { name: /^Checkout/ })).toBeVisible();
    await search.press("ArrowDown");
    await search.press("Enter");
    await expect(page).toHaveURL(/\/graph\?focus=checkout&depth=2$/);
    await expect(page.getByText("Neighbourhood of")).toBeVisible();
    await expect(page.locator(".graph-focus").getByRole("link", { name: "Checkout" })).toBeVisible();
    await expect.poll(() => nodes.count(), { message: "fewer nodes when focused" }).toBeLessThan(allCount);
    await expect(page.locator('.react-flow__node[data-id="checkout"] .graph-node-focus')).toBeVisible();
    await expect(page.locator('.react-flow__node[data-id="payments"]')).toBeVisible();
    await expect(page.locator('.react-flow__node[data-id="api-gateway"]')).toBeVisible();
    await expect(page.getByRole("note")).toContainText("up to 2 hops away");
    await expectReadableLabels(page);
    await screenshot(page, "graph-focused");

    // Group by team: a titled frame per team, and the choice is in the URL.
    await page.getByLabel("Group by").selectOption("team");
    await expect(page).toHaveURL(/focus=checkout&depth=2&group=team$/);
    await expect.poll(() => page.locator(".react-flow__node-cluster").count(), { message: "one frame per team" }).toBeGreaterThan(1);
    await expect(page.locator(".graph-cluster-title").first()).toContainText("service");
    await screenshot(page, "graph-grouped");
    await page.getByLabel("Group by").selectOption("");
    await expect(page).toHaveURL(/focus=checkout&depth=2$/);

    // Depth 1: direct callers and callees only; the view is a shareable link.
    const depth2Count = await nodes.count();
    await page.getByLabel("Depth").selectOption("1");
    await expect(page).toHaveURL(/focus=checkout&depth=1$/);
    await expect.poll(() => nodes.count()).toBeLessThan(depth2Count);
    await expect(page.locator('.react-flow__node[data-id="web-frontend"]')).toHaveCount(0);
    await page.reload();
    await expect(page.getByLabel("Depth")).toHaveValue("1");
    await expect(page.locator('.react-flow__node[data-id="checkout"] .graph-node-focus')).toBeVisible();

    // Show all returns to the whole graph; Back returns to the focused view.
    await page.getByRole("button", { name: "Show all" }).click();
    await expect(page).toHaveURL(/\/graph$/);
    await expect.poll(() => nodes.count()).toBe(allCount);
    await page.goBack();
    await expect(page).toHaveURL(/focus=checkout&depth=1$/);

    // Clicking a neighbour focuses the graph on it.
    await page.locator('.react-flow__node[data-id="payments"]').click();
    await expect(page).toHaveURL(/focus=payments&depth=1$/);
    await expect(page.locator('.react-flow__node[data-id="payments"] .graph-node-focus')).toBeVisible();
  });

  test("an unknown focus shows the whole graph and says so", async ({ page }) => {
    await page.goto("/graph?focus=no-such-service");
    await expect(page.getByText("No service no-such-service in this catalog")).toBeVisible();
    await expect(page).toHaveURL(/\/graph$/);
    const response = await page.request.get("/api/v1/graph?focus=no-such-service");
    expect(response.status()).toBe(404);
    expect(response.headers()["content-type"]).toContain("application/problem+json");
    expect(await response.json()).toMatchObject({ code: "not-found" });
  });

  test("the service page shows traffic shares and lets the demo inject and clear a fault", async ({ page }) => {
    await waitForMeshEdges(page);
    await page.goto("/services/checkout");
    const dependencies = page.getByRole("region", { name: /^Dependencies/ });
    await expect(dependencies.getByRole("columnheader", { name: "Share" })).toBeVisible();
    await expect(dependencies.locator('tr[data-service="payments"] .mesh-share')).toContainText("%");
    await expect(dependencies.locator('tr[data-service="payments"]')).toContainText("also declared");

    // A batch job nobody calls, so the fault disturbs no other test's services.
    await page.goto("/services/search-indexer");
    const panel = page.getByRole("region", { name: "Inject fault (demo)" });
    await expect(panel).toBeVisible();
    await panel.getByLabel("Error rate (%)").fill("1");
    await panel.getByLabel("For").selectOption("5m");
    await panel.getByRole("button", { name: "Inject fault" }).click();
    // The embedded database serves the workers too: allow for a busy moment.
    await expect(panel.getByRole("list", { name: "Active faults" })).toContainText("1.0 % errors", { timeout: 30_000 });
    await panel.getByRole("button", { name: "Clear faults" }).click();
    await expect(panel.getByText("No active fault on")).toBeVisible({ timeout: 30_000 });
  });
});
