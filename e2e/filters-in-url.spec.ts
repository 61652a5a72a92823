import { expect, test } from "@playwright/test";

// Filters live in the URL (issue 21): a link shares them, and the browser's Back undoes
// the last change and restores the filter after visiting a result.

test("/services: Back returns from a service to the filtered list, then undoes the filter", async ({ page }) => {
  await page.goto("/services");
  await page.getByLabel("Tier").selectOption("1");
  await expect(page).toHaveURL(/[?&]tier=1(&|$)/);
  const rows = page.locator("tbody tr[data-service]");
  await expect(rows.first()).toBeVisible();
  await expect(rows.filter({ hasNotText: "Tier 1" })).toHaveCount(0);

  await rows.first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/services\/[^/?]+$/);
  await page.goBack();
  await expect(page).toHaveURL(/[?&]tier=1(&|$)/);
  await expect(page.getByLabel("Tier")).toHaveValue("1");
  await expect(rows.filter({ hasNotText: "Tier 1" })).toHaveCount(0);

  await page.goBack();
  await expect(page).toHaveURL(/\/services$/);
  await expect(page.getByLabel("Tier")).toHaveValue("");
});

test("/deploys: a rough service name finds its requests, and Back restores the search", async ({ page }) => {
  await page.goto("/deploys");
  await page.getByLabel("Service").fill("paymnts");
  await expect(page).toHaveURL(/[?&]q=paymnts(&|$)/);
  const rows = page.locator("tbody tr[data-deploy-request]");
  await expect(rows.first()).toContainText("payments");
  await expect(rows.filter({ hasNotText: "payments" })).toHaveCount(0);

  await rows.first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/deploys\/[0-9a-f-]{36}$/);
  await page.goBack();
  await expect(page).toHaveURL(/[?&]q=paymnts(&|$)/);
  await expect(page.getByLabel("Service")).toHaveValue("paymnts");
  await expect(rows.filter({ hasNotText: "payments" })).toHaveCount(0);

  await page.goBack();
  await expect(page).toHaveURL(/\/deploys$/);
  await expect(page.getByLabel("Service")).toHaveValue("");
});

test("/notifications: the kind filter is a link, and Back undoes it", async ({ page }) => {
  await page.goto("/notifications");
  const filters = page.getByRole("navigation", { name: "Filter notifications by kind" });
  await filters.getByRole("link", { name: "Approval request", exact: true }).click();
  await expect(page).toHaveURL(/\?kind=approval_request$/);
  await expect(filters.getByRole("link", { name: "Approval request", exact: true })).toHaveAttribute("aria-current", "page");
  const entries = page.getByTestId("outbox-entry");
  await expect(entries.first()).toBeVisible();
  await expect(entries.filter({ hasNotText: "Approval request" })).toHaveCount(0);
  // Dated when the request was made, not when the demo was seeded: the oldest demo request is hours old.
  await expect(entries.locator("time").filter({ hasText: / h ago| days ago/ }).first()).toBeVisible();

  await page.goBack();
  await expect(page).toHaveURL(/\/notifications$/);
  await expect(filters.getByRole("link", { name: "All", exact: true })).toHaveAttribute("aria-current", "page");
});
