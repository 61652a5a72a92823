import { expect, test } from "@playwright/test";

// Without Slack configured (the newcomer's demo), messages land in the in-app outbox:
// /notifications shows the demo's pending approval request rendered as the Slack message
// would be (same Block Kit blocks). Its buttons work for someone who may decide (the local
// admin owns the teams the demo asks): the same decision as the deploy page, which is linked too.

test("the outbox shows an approval request as Slack would, and sends approvers to the deploy page", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Notifications" }).click();
  await expect(page).toHaveURL(/\/notifications$/);
  await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
  await expect(page.getByText("Slack is not connected, so messages land here instead")).toBeVisible();

  const entry = page.getByTestId("outbox-entry").filter({ hasText: "Approval request" }).filter({ hasText: "Approval needed:" }).first();
  await expect(entry).toBeVisible();
  const message = entry.getByTestId("block-kit-message");
  await expect(message.getByRole("heading", { level: 3 })).toHaveText(/^Approval needed: .+ → .+/);
  await expect(message.getByText(/wants to deploy/)).toBeVisible();
  await expect(message.getByText(/^Why .+ is asked$/)).toBeVisible();
  await expect(message.getByText("Budget remaining").first()).toBeVisible();
  await expect(message.getByRole("button", { name: "Approve" })).toBeEnabled();
  await expect(message.getByRole("button", { name: "Reject" })).toBeEnabled();
  await expect(message.getByRole("link", { name: "Deploy request" })).toHaveAttribute("href", /\/deploys\/[0-9a-f-]{36}$/);
  await expect(entry.getByText("in app")).toBeVisible();

  await entry.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "e2e/output/notifications.png", fullPage: false });
  await message.screenshot({ path: "e2e/output/notifications-approval-message.png" });

  await message.getByRole("link", { name: /decide on the deploy page/ }).click();
  await expect(page).toHaveURL(/\/deploys\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});
