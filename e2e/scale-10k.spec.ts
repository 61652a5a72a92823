import { expect, test, type Page } from "@playwright/test";
import { largeOrganizationCallees, largeOrganizationCallers } from "@/server/testing/large-organization-shape.ts";
import { E2E_SCALE_ADMIN_EMAIL, E2E_SCALE_ADMIN_PASSWORD } from "./e2e-accounts.ts";

// Project `scale` (playwright.config.ts): its own app on Postgres with an organization of
// 10,000 services, 100,000 edges and ~3,300 SLOs (e2e/serve-scale-organization.ts). The
// pages must stay usable and bounded at that size: search finds one service among
// 10,000, and the graph never sends the whole graph. Response sizes are behaviour (what
// the page sends), so they are asserted; times are not (bench/read-path.bench.ts measures them).

/** `svc-4242`, named `Service 4242`: no other name contains that text (names go up to Service 10000). */
const N = 4242;
const SLUG = `svc-${N}`;
const NAME = `Service ${N}`;
const KB = 1024;

test.beforeAll(() => {
  if (!process.env.TEST_DATABASE_URL) {
    throw new Error(
      "TEST_DATABASE_URL is not set, so the 10,000-service app was not started: this spec needs the test Postgres. " +
        "Run it through `npm test`, or export TEST_DATABASE_URL (a Postgres URL whose user may create databases) before `npx playwright test`.",
    );
  }
});

/** Its own sign-in: the demo app's cookies (same host, another port) are not this app's. */
async function signIn(page: Page): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(E2E_SCALE_ADMIN_EMAIL);
  await page.getByLabel("Password").fill(E2E_SCALE_ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-user")).toHaveText("Local admin");
}

/** The HTML document a navigation answered, in bytes (decoded: what the browser had to parse). */
async function openAndMeasure(page: Page, url: string): Promise<number> {
  const response = await page.goto(url);
  expect(response?.status(), url).toBe(200);
  const bytes = (await response?.body())?.byteLength ?? Number.POSITIVE_INFINITY;
  test.info().annotations.push({ type: "HTML bytes", description: `${url}: ${bytes.toLocaleString("en")}` });
  return bytes;
}

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("/services: one page of 10,000, and a search by name finds the service and opens it", async ({ page }) => {
  const listBytes = await openAndMeasure(page, "/services");
  expect(listBytes, "/services HTML bytes").toBeLessThan(200 * KB);
  const rows = page.getByRole("table", { name: "Services in the catalog" }).locator("tbody tr");
  await expect(page.getByText("50 of 10,000 services")).toBeVisible();
  await expect(rows).toHaveCount(50);

  await page.getByLabel("Search services").fill(NAME);
  await expect(page).toHaveURL(/[?&]q=Service(\+|%20)4242(&|$)/);
  await expect(rows).toHaveCount(1);
  const link = rows.getByRole("link", { name: NAME, exact: true });
  await expect(link).toHaveAttribute("href", `/services/${SLUG}`);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/services/${SLUG}$`));
  await expect(page.getByRole("heading", { level: 1, name: NAME })).toBeVisible();

  // The search as a link (what was shared or bookmarked) is as small.
  const searchBytes = await openAndMeasure(page, `/services?q=${encodeURIComponent(NAME)}`);
  expect(searchBytes, "/services?q= HTML bytes").toBeLessThan(200 * KB);
  await expect(rows).toHaveCount(1);
});

test("/graph opens on the teams, bounded, and focusing a service draws its neighbourhood", async ({ page }) => {
  const nodes = page.locator(".react-flow__node-service");
  const graphBytes = await openAndMeasure(page, "/graph");
  expect(graphBytes, "/graph HTML bytes").toBeLessThan(500 * KB);
  await expect(page.getByRole("heading", { level: 1, name: "Service graph" })).toBeVisible();
  await expect(page.getByText("10,000 services, 100,000 dependencies.")).toBeVisible();
  await expect(page.getByRole("note")).toContainText("10,000 services are too many to read in one picture");
  await expect(page.getByText("100 teams shown")).toBeVisible();
  await expect(page.locator('.react-flow__node-service[aria-label^="Team "]').first()).toBeVisible();
  await page.screenshot({ path: "e2e/output/scale-10k-graph-teams.png" });

  // The API behind it answers the same team-level view, bounded too.
  const api = await page.request.get("/api/v1/graph");
  expect(api.status()).toBe(200);
  expect((await api.body()).byteLength, "GET /api/v1/graph bytes").toBeLessThan(500 * KB);
  const teams = (await api.json()) as { view: string; nodes: { kind: string }[]; totals: { services: number } };
  expect(teams.view).toBe("teams");
  expect(teams.totals.services).toBe(10_000);
  expect(teams.nodes.filter((node) => node.kind === "team")).toHaveLength(100);

  // Find the service by typing its name: the graph focuses on it, and the URL says so.
  const search = page.getByRole("combobox", { name: "Find a service to focus the graph on" });
  await search.fill(NAME);
  await expect(page.getByRole("option", { name: new RegExp(`^${NAME}`) })).toBeVisible();
  await search.press("ArrowDown");
  await search.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/graph\\?focus=${SLUG}&depth=2$`));
  await expect(page.locator(".graph-focus").getByRole("link", { name: NAME, exact: true })).toBeVisible();
  await expect(page.locator(`.react-flow__node[data-id="${SLUG}"] .graph-node-focus`)).toBeVisible();
  await expect(page.getByRole("note")).toContainText("up to 2 hops away");
  await expect.poll(() => nodes.count(), { message: "the neighbourhood is drawn, not just the focus" }).toBeGreaterThan(1);

  // The focused page as a link: bounded, and exactly the seeded callers and callees one hop away.
  const focusedBytes = await openAndMeasure(page, `/graph?focus=${SLUG}&depth=1`);
  expect(focusedBytes, "/graph?focus= HTML bytes").toBeLessThan(500 * KB);
  const neighbours = [...new Set([SLUG, ...largeOrganizationCallers(N), ...largeOrganizationCallees(N)])];
  await expect(page.getByText(`${neighbours.length} shown`)).toBeVisible();
  await expect(page.locator(`.react-flow__node[data-id="${SLUG}"] .graph-node-focus`)).toBeVisible();
  await expect.poll(() => nodes.count(), { message: "neighbours drawn around the focus" }).toBeGreaterThan(1);
  const drawn = await nodes.evaluateAll((elements) => elements.map((element) => element.getAttribute("data-id") ?? ""));
  expect(drawn.every((id) => neighbours.includes(id)), `drawn ${drawn.join(", ")}`).toBe(true);
  const focused = (await (await page.request.get(`/api/v1/graph?focus=${SLUG}&depth=1`)).json()) as { nodes: { id: string }[] };
  expect(focused.nodes.map((node) => node.id).sort()).toEqual([...neighbours].sort());
  await page.screenshot({ path: "e2e/output/scale-10k-graph-focused.png" });
});
