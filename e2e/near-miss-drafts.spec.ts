import { expect, test } from "@playwright/test";

// Issue 20: a break-glass deploy produces a near-miss draft that its owner files with one
// click. On the demo (fresh embedded database): a token from /settings/tokens, a freeze rule
// for an environment only this test uses (so the deploy is denied and needs the glass), a
// break-glass deploy through the API, then the draft in "Drafts for you" on the home page
// (the near-miss worker sweeps every 15 s) and "File it". The signed-in admin owns payments
// (PLUMBLINE_ADMIN_TEAMS).

const suffix = Date.now().toString(36);
const environment = `e2e-glass-${suffix}`;
const version = `7.7.${Math.floor(Math.random() * 1000)}`;

const freezeRule = `
  - name: e2e-glass-freeze-${suffix}
    type: freeze_window
    description: Added by e2e/near-miss-drafts.spec.ts; applies only to its own environment.
    environments: [${environment}]
    timezone: UTC
    recurring:
      - days: [mon, tue, wed, thu, fri, sat, sun]
        from: "00:00"
        to: "24:00"
    action: deny
`;

test("a break-glass deploy becomes a near-miss draft its owner files with one click", async ({ page, request }) => {
  test.setTimeout(180_000);

  await page.goto("/settings/tokens");
  await page.getByLabel("Name").fill(`e2e-glass-${suffix}`);
  await page.getByRole("button", { name: "Create token" }).click();
  const token = ((await page.getByTestId("new-token").textContent()) ?? "").trim();
  expect(token).toMatch(/^plb_/);

  await page.goto("/policies");
  const editor = page.getByLabel("Policy YAML");
  const current = await editor.inputValue();
  await editor.fill(`${current.endsWith("\n") ? current : `${current}\n`}${freezeRule}`);
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(page.locator("#policy-errors")).toContainText("Saved");

  const created = await request.post("/api/v1/deploy-requests", {
    data: { service: "payments", environment, version, requestedBy: "e2e-oncall", breakGlassReason: "hotfix for a card-declines bug" },
    headers: { authorization: `Bearer ${token}` },
  });
  expect(created.status()).toBe(201);
  const deploy = (await created.json()) as { id: string; status: string; breakGlass: boolean };
  expect(deploy).toMatchObject({ status: "approved", breakGlass: true });

  // The demo's SLOs decide which other rules objected too: the title names them all, this test's freeze among them.
  const titleStart = `payments ${version} went to ${environment} by break-glass overriding `;
  const draft = page.getByTestId("near-miss-draft").filter({ hasText: titleStart });
  await expect(async () => {
    await page.goto("/");
    await expect(draft).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000, intervals: [2_000] });
  await expect(page.getByRole("heading", { name: "Drafts for you" })).toBeVisible();
  await expect(draft).toContainText("Break-glass deploy");
  await expect(draft).toContainText(`e2e-glass-freeze-${suffix}`);
  await page.screenshot({ path: "e2e/output/near-miss-draft.png", fullPage: true });

  await draft.getByRole("button", { name: "File it" }).click();
  await expect(draft.getByRole("status")).toContainText("Filed.");

  // Filed: a near miss on the list (resolved from the start), and no longer a draft after a reload.
  const listed = await request.get("/api/v1/incidents?kind=near_miss&limit=200", { headers: { authorization: `Bearer ${token}` } });
  const incidents = ((await listed.json()) as { incidents: { title: string; status: string; services: { slug: string }[] }[] }).incidents;
  expect(incidents.find((incident) => incident.title.startsWith(titleStart))).toMatchObject({ status: "resolved", services: [{ slug: "payments" }] });
  await page.goto("/");
  await expect(page.getByTestId("near-miss-draft").filter({ hasText: titleStart })).toHaveCount(0);
});
