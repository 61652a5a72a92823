import { expect, test } from "@playwright/test";

// The newcomer's first page load of a fresh demo (playwright.config.ts starts `npm start`
// on an empty database): SLOs are already judged and budget charts drawn, because the
// demo fills in 28 days of history before the server answers (server/demo/prepare-demo-on-start.ts).

const SHOTS = "/work/shots/i21-alive";

test("home: every SLO is judged on the first load, none reads No data", async ({ page }) => {
  await page.goto("/");
  const counts = page.getByLabel("SLOs by status");
  await expect(counts).toContainText("SLOs");
  await expect(counts).toContainText("Healthy");
  await expect(counts).not.toContainText("No data");
  // The demo's story: an ongoing slow burn (ticket alerts) is at risk; the fastest burner is listed.
  await expect(counts).toContainText("At risk");
  await expect(page.getByTestId("burning-fastest").getByRole("listitem").first()).toBeVisible();
  // Out of SLO means breached, so nothing at risk is listed there.
  await expect(page.getByTestId("out-of-slo").locator(".badge-at_risk")).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/home.png`, fullPage: true });
});

test("service page: judged SLO cards and a drawn 28-day budget chart with the past incident", async ({ page }) => {
  await page.goto("/services/inventory");
  const card = page.locator('[data-testid="slo-card"][data-slo="availability"]');
  await expect(card).toBeVisible();
  expect(await card.getAttribute("data-status")).not.toBe("no_data");
  await expect(card).not.toContainText("Not evaluated yet");
  const chart = card.getByTestId("slo-budget-chart");
  await expect(chart).toBeVisible();
  expect(Number(await chart.getAttribute("data-points"))).toBeGreaterThan(500);
  await expect(chart.locator("path.recharts-area-area")).toHaveCount(1);
  // The past incident paged, and the history says so.
  await expect(card.locator(".slo-transitions")).toContainText("At risk");
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/service-inventory.png`, fullPage: true });

  // SLI and burn-rate views draw from the same history: one chart per burn-rate alert.
  await card.getByRole("group", { name: "Chart", exact: true }).getByRole("button", { name: "Burn rate" }).click();
  await expect(card.getByTestId("slo-burn-charts").getByRole("figure")).toHaveCount(4);
  await card.getByRole("group", { name: "Chart", exact: true }).getByRole("button", { name: "SLI" }).click();
  await expect(card.getByTestId("slo-sli-chart")).toBeVisible();
});

test("the fault knob says when its effect will show", async ({ page }) => {
  await page.goto("/services/recommendations");
  await expect(page.getByTestId("fault-forecast")).toContainText(/Within \d+ s the SLI/);
  await page.screenshot({ path: `${SHOTS}/service-recommendations.png`, fullPage: true });
});
