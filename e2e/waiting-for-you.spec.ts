import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN_STATE } from "./e2e-accounts.ts";

// The owner's loop, end to end. A newcomer signs up and creates an organization (so no
// demo request waits on anyone), imports a catalog that makes them the owner of a team,
// and adds a policy that asks that team for deploys to one environment. CI asks; the
// badge in the navigation says 1, the home page lists the request, approving from the
// list clears the badge. Then, as the local admin on the demo: the demo's pending request
// was staged with checkout "breached, −12 %", and its approval card shows that next to
// checkout's facts now.

const SHOTS = "/work/shots/i19-loop";
const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const owner = { name: "Olive Owner", email: `olive-${suffix}@loop.test`, password: "olive-password-1", handle: `olive-${suffix}` };
const team = `owners-${suffix}`;
const environment = `loop-${suffix}`;

const catalog = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: ${team}
  annotations:
    plumbline.dev/owners: ${owner.handle}
spec:
  type: team
  profile: { displayName: Owners ${suffix} }
  children: []
  members: [${owner.handle}]
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: ${owner.handle} }
spec:
  profile: { displayName: ${owner.name}, email: ${owner.email} }
  memberOf: [${team}]
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: ledger-${suffix} }
spec: { type: service, lifecycle: production, owner: ${team} }
`;

const policy = `rules:
  - name: ask-owners
    type: freeze_window
    environments: [${environment}]
    timezone: UTC
    recurring:
      - days: [mon, tue, wed, thu, fri, sat, sun]
        from: "00:00"
        to: "24:00"
    action: require_approval
    approvalTeams: [${team}]
`;

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
}

test.describe("waiting for you", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("signed in as an owner: the badge shows 1, the home page lists the request, approving from the list clears the badge", async ({ browser, baseURL }) => {
    test.setTimeout(150_000);
    if (!baseURL) throw new Error("baseURL is not configured");
    const context = await browser.newContext({ extraHTTPHeaders: { origin: new URL(baseURL).origin } });
    const page = await context.newPage();

    // A newcomer with their own organization.
    await page.goto("/sign-up");
    await page.getByLabel("Your name").fill(owner.name);
    await page.getByLabel("Email").fill(owner.email);
    await page.getByLabel(/^Password/).fill(owner.password);
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect(page).toHaveURL(/\/onboarding/);
    await page.getByLabel("Organization name").fill(`Loop ${suffix}`);
    await page.getByLabel(/^Slug/).fill(`loop-${suffix}`);
    await page.getByRole("button", { name: "Create organization" }).click();
    await expect(page.getByTestId("signed-in-user")).toHaveText(owner.name);
    await expect(page.getByTestId("waiting-badge")).toHaveCount(0);

    // The catalog makes them the owner of a team; the policy asks that team.
    const imported = await page.request.post("/api/v1/catalog/imports", { data: { origin: "e2e-loop", files: [{ file: "loop.yaml", text: catalog }] } });
    expect(imported.status(), await imported.text()).toBe(200);
    const saved = await page.request.put("/api/v1/policies", { data: { yaml: policy } });
    expect(saved.status(), await saved.text()).toBe(200);

    // CI asks the gate with an API token.
    await page.goto("/settings/tokens");
    await page.getByLabel("Name").fill(`ci-${suffix}`);
    await page.getByRole("button", { name: "Create token" }).click();
    await expect(page.getByTestId("new-token")).toHaveText(/^plb_/);
    const token = (await page.getByTestId("new-token").textContent())?.trim() ?? "";
    const created = await page.request.post("/api/v1/deploy-requests", {
      data: { service: `ledger-${suffix}`, environment, version: "7.0.0", requestedBy: "loop-ci" },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(created.status()).toBe(201);
    const deploy = (await created.json()) as { id: string; status: string };
    expect(deploy.status).toBe("pending");

    // The badge says 1; the home page lists the request at the top.
    await page.goto("/");
    const badge = page.getByTestId("waiting-badge");
    await expect(badge).toHaveText("1");
    await expect(badge).toHaveAttribute("aria-label", "1 approval waiting for you");
    const waiting = page.getByTestId("waiting-for-you");
    const item = waiting.locator(`li[data-deploy-request="${deploy.id}"]`);
    await expect(item).toContainText(`ledger-${suffix} 7.0.0 → ${environment}`);
    await expect(item).toContainText("Requested by loop-ci");
    await shot(page, "waiting-badge-and-home");
    await page.locator("header.topbar").screenshot({ path: `${SHOTS}/waiting-badge.png` });

    // /deploys?for=me shows the same request.
    await badge.click();
    await expect(page).toHaveURL(/\/deploys\?for=me$/);
    await expect(page.locator(`tr[data-deploy-request="${deploy.id}"]`)).toBeVisible();

    // Approving from the home page's list clears the badge and the list.
    await page.goto("/");
    await item.getByRole("button", { name: "Approve" }).click();
    await expect(page.getByTestId("waiting-badge")).toHaveCount(0);
    await expect(page.getByTestId("waiting-for-you")).toHaveCount(0);
    await shot(page, "waiting-cleared");

    // The deploy page says it is approved, and where the approval was made.
    await page.goto(`/deploys/${deploy.id}`);
    await expect(page.locator(".page-header .deploy-status")).toHaveText("Approved");
    await expect(page.getByRole("article", { name: `Approval from Owners ${suffix}` })).toContainText(`Approved by ${owner.name} on the web`);
    await context.close();
  });
});

test.describe("decide on live facts", () => {
  test.use({ storageState: E2E_ADMIN_STATE });

  test("the demo's pending request shows, per cause, the facts when CI asked and now", async ({ page }) => {
    // The demo's SLO worker needs a few cycles of simulated traffic before checkout has a status.
    test.setTimeout(300_000);
    await page.goto("/deploys?service=payments&status=pending");
    const row = page.locator("tbody tr").filter({ hasText: "demo-ci" }).filter({ hasText: "1.42.0" }).first();
    await row.getByRole("link", { name: /payments/ }).click();
    const card = page.getByRole("article", { name: "Approval from Checkout" });
    const table = card.getByRole("table", { name: "Facts for checkout: at the request and now" });
    await expect(table).toBeVisible();
    // Staged for the story: breached, −12 % budget, 14.8× burn, when CI asked.
    await expect(table.getByRole("row", { name: /SLO status/ })).toContainText("Breached");
    await expect(table.getByRole("row", { name: /Budget left/ })).toContainText("-12 %");
    // The story: staged "breached" when CI asked; the demo's checkout is healthy now.
    // The page refreshes itself, so the verdict turns once the SLO worker has seen enough traffic.
    await expect(card.getByTestId("cause-verdict")).toHaveText("recovered since the request", { timeout: 240_000 });
    await expect(table.getByRole("row", { name: /SLO status/ })).toContainText("changed");
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: `${SHOTS}/live-vs-requested-facts.png` });
    await shot(page, "deploy-page-live-facts", true);
  });
});
