import { expect, test } from "@playwright/test";
import { sameOriginRequests } from "./e2e-accounts.ts";

// The demo's fault knob, end to end: inject a fault from the service page, the simulated
// mesh fails that share of requests, the mesh worker ingests it, the SLO worker sees
// the budget spent, and the SLO card turns red (breached). playwright.config.ts runs the
// demo with PLUMBLINE_DEMO_SPEED=60, so an hour of simulated fault takes a minute.
// web-frontend is chosen because no service calls it: the fault changes no one else's SLO.

test.use(sameOriginRequests);

const SERVICE = "web-frontend";

test.afterAll(async ({ request }) => {
  await request.delete(`/api/v1/demo/faults?service=${SERVICE}`);
});

test("injecting a fault turns the service's availability SLO card red", async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(`/services/${SERVICE}`);
  const availability = page.locator('[data-testid="slo-card"][data-slo="availability"]');
  await expect(availability).toBeVisible();
  expect(await availability.getAttribute("data-status")).not.toBe("breached");

  const panel = page.getByRole("region", { name: "Inject fault (demo)" });
  await panel.getByLabel("Error rate (%)").fill("100");
  await panel.getByLabel("For").selectOption("1h");
  await panel.getByRole("button", { name: "Inject fault" }).click();
  await expect(panel.getByRole("list", { name: "Active faults" })).toBeVisible();
  await page.screenshot({ path: "e2e/output/slo-fault-injected.png", fullPage: true });

  // Mesh ingest every 15 s, SLO evaluation every minute: red within a few minutes.
  await expect(availability).toHaveAttribute("data-status", "breached", { timeout: 240_000 });
  await expect(availability).toHaveClass(/slo-card-breached/);
  await availability.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "e2e/output/slo-fault-breached.png", fullPage: true });

  // The transition is in the service's history.
  const events = await page.request.get(`/api/v1/services/${SERVICE}/events?limit=50`);
  const body = (await events.json()) as { events: { type: string; title: string }[] };
  expect(body.events.some((e) => e.type === "slo_status_changed" && /→ breached/.test(e.title))).toBe(true);
});
