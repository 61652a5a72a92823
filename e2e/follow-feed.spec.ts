import { expect, test } from "@playwright/test";

// Following end to end on the demo (example "Acme Shop" catalog): the admin follows
// `payments` from its page, CI asks the gate to roll out a new version of it through the
// API, and /feed shows that rollout (the request and the gate's decision), while the
// button on the page says the service is followed.

const suffix = Date.now().toString(36);
const environment = `e2e-feed-${suffix}`;
const version = `7.7.${Math.floor(Math.random() * 1000)}`;

test("/feed after following a service shows its next rollout", async ({ page, request }) => {
  await page.goto("/settings/tokens");
  await page.getByLabel("Name").fill(`e2e-feed-${suffix}`);
  await page.getByRole("button", { name: "Create token" }).click();
  const token = ((await page.getByTestId("new-token").textContent()) ?? "").trim();
  expect(token).toMatch(/^plb_/);

  await page.goto("/services/payments");
  const follow = page.getByTestId("follow-button");
  await expect(follow).toHaveText("Follow");
  await follow.click();
  await expect(page.getByTestId("follow-button")).toHaveText("Following ✓");

  await page.goto("/feed");
  await expect(page.getByRole("heading", { level: 1, name: "Your feed" })).toBeVisible();
  await expect(page.getByText(/^Following/)).toBeVisible();
  await expect(page.getByTestId("feed-entry").filter({ hasText: version })).toHaveCount(0);

  const created = await request.post("/api/v1/deploy-requests", {
    data: { service: "payments", environment, version, requestedBy: "e2e-ci" },
    headers: { authorization: `Bearer ${token}` },
  });
  expect(created.status()).toBe(201);

  await page.reload();
  const rollout = page.getByTestId("feed-entry").filter({ hasText: `${version}` });
  await expect(rollout.filter({ hasText: "requested by e2e-ci" })).toHaveCount(1);
  await expect(rollout.filter({ hasText: "Deploy gate:" })).toHaveCount(1);
  await expect(rollout.first().getByRole("link", { name: "payments", exact: true })).toBeVisible();
  await page.screenshot({ path: "e2e/output/follow-feed.png", fullPage: true });
});
