import { expect, test, type Page } from "@playwright/test";

// Runs against the app seeded with the example "Acme Shop" catalog (catalog/example):
// checkout declares plumbline.dev/slo-availability "99.95" and plumbline.dev/slo-latency
// "500ms:99". Statuses depend on live (or simulated) telemetry, so they are checked for
// being one of the four, never for a particular one. SLOs made here get unique names.

const STATUSES = ["healthy", "at_risk", "breached", "no_data"];

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `e2e/output/${name}.png`, fullPage: true });
}

test.describe("SLOs", () => {
  test("service page: one card per SLO with status, provenance, alerts and chart", async ({ page }) => {
    await page.goto("/services/checkout");
    const section = page.getByRole("region", { name: /SLOs & error budget/ });
    const cards = section.getByTestId("slo-card");
    await expect(cards).toHaveCount(2);
    const availability = section.locator('[data-testid="slo-card"][data-slo="availability"]');
    expect(STATUSES).toContain(await availability.getAttribute("data-status"));
    await expect(availability).toContainText("99.95% of requests succeed");
    await expect(availability).toContainText("Defined by annotation plumbline.dev/slo-availability in catalog/example/components-checkout.yaml");
    await expect(availability.getByRole("table", { name: /burn-rate alerts/i }).locator("tbody tr")).toHaveCount(4);
    await expect(availability.getByRole("group", { name: "Chart range" })).toBeVisible();
    // Catalog SLOs are changed in the catalog, not here.
    await expect(availability.getByRole("button", { name: "Edit" })).toHaveCount(0);
    await screenshot(page, "slo-service-page");
  });

  test("form: field errors from the server, create, edit and delete an SLO", async ({ page }) => {
    const name = `e2e-${Date.now().toString(36)}`;
    await page.goto("/services/search");
    const section = page.getByRole("region", { name: /SLOs & error budget/ });
    const before = await section.getByTestId("slo-card").count();

    await section.getByRole("button", { name: "Add SLO", exact: true }).click();
    const form = page.getByTestId("slo-form");
    await form.getByLabel("Name").fill("Not A Slug");
    await form.getByLabel("SLI").selectOption("latency");
    await form.getByLabel("Objective (%)").fill("100");
    await form.getByRole("button", { name: "Create SLO" }).click();
    await expect(form.getByText(/name must be lowercase letters/)).toBeVisible();
    await expect(form.getByText(/objective must be below 100/)).toBeVisible();
    await screenshot(page, "slo-form-errors");

    await form.getByLabel("Name").fill(name);
    await form.getByLabel("Objective (%)").fill("99.5");
    await form.getByLabel("Threshold (ms)").fill("250");
    await form.getByRole("button", { name: "Create SLO" }).click();
    const card = section.locator(`[data-testid="slo-card"][data-slo="${name}"]`);
    await expect(card).toBeVisible();
    await expect(card).toContainText("99.5% of requests faster than 250 ms over 28 days");
    await expect(card).toContainText("Defined by the form on this service page");
    expect(STATUSES).toContain(await card.getAttribute("data-status"));
    await expect(section.getByTestId("slo-card")).toHaveCount(before + 1);

    await card.getByRole("button", { name: "Edit" }).click();
    await page.getByTestId("slo-form").getByLabel("Objective (%)").fill("99");
    await page.getByTestId("slo-form").getByRole("button", { name: "Save changes" }).click();
    await expect(card).toContainText("99% of requests faster than 250 ms");
    await screenshot(page, "slo-form-created");

    page.once("dialog", (dialog) => void dialog.accept());
    await card.getByRole("button", { name: "Delete" }).click();
    await expect(card).toHaveCount(0);
    await expect(section.getByTestId("slo-card")).toHaveCount(before);
  });

  test("home page: out of SLO now and burning fastest", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Service health" })).toBeVisible();
    await expect(page.getByTestId("out-of-slo").getByRole("heading", { name: /Out of SLO now/ })).toBeVisible();
    await expect(page.getByTestId("burning-fastest").getByRole("heading", { name: /Burning fastest/ })).toBeVisible();
    await screenshot(page, "slo-home");
  });
});
