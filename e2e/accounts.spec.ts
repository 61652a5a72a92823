import { expect, test, type Page } from "@playwright/test";

// Accounts and tenancy, end to end, as two newcomers (not the local admin): one signs up
// and creates an organization, invites the other by link; the other signs up through the
// link, accepts, signs in again later and sees only that organization, never the demo's.

test.use({ storageState: { cookies: [], origins: [] } });

const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const founder = { name: "Frida Founder", email: `frida-${suffix}@accounts.test`, password: "frida-password-1" };
const invitee = { name: "Ivan Invitee", email: `ivan-${suffix}@accounts.test`, password: "ivan-password-12" };
const organization = { name: `Tenant ${suffix}`, slug: `tenant-${suffix}` };

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `e2e/output/${name}.png`, fullPage: true });
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

test("sign up, create an organization, invite a colleague who joins and sees only that organization", async ({ browser }) => {
  test.setTimeout(120_000);
  const founderContext = await browser.newContext();
  const page = await founderContext.newPage();

  // 1. Anonymous visitors are sent to sign in; the API answers 401.
  await page.goto("/services");
  await expect(page).toHaveURL(/\/sign-in/);
  expect((await page.request.get("/api/v1/services")).status()).toBe(401);

  // 2. Sign up, then create an organization (a user without one is asked to).
  await page.getByRole("link", { name: "Sign up" }).click();
  await page.getByLabel("Your name").fill(founder.name);
  await page.getByLabel("Email").fill(founder.email);
  await page.getByLabel(/^Password/).fill(founder.password);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page).toHaveURL(/\/onboarding/);
  await page.getByLabel("Organization name").fill(organization.name);
  await page.getByLabel(/^Slug/).fill(organization.slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page.locator(".org-pill")).toContainText(organization.name);
  await expect(page.getByTestId("signed-in-user")).toHaveText(founder.name);
  await screenshot(page, "accounts-new-organization");

  // 3. Invite the colleague; with no mail server the link is shown.
  await page.goto("/settings/members");
  // The founder is the only admin: the page offers neither removing nor demoting them.
  await expect(page.locator(`tr[data-member-email="${founder.email}"]`).getByTestId("only-admin")).toBeVisible();
  await expect(page.getByRole("button", { name: `Remove ${founder.email} from ${organization.name}` })).toHaveCount(0);
  await expect(page.getByLabel(`Role of ${founder.email}`)).toHaveCount(0);
  await page.getByRole("form", { name: "Invite someone" }).getByLabel("Email").fill(invitee.email);
  await page.getByRole("button", { name: "Create invitation" }).click();
  const link = (await page.getByTestId("invitation-link").textContent())?.trim() ?? "";
  expect(link).toContain("/invitations/");
  await screenshot(page, "accounts-invitation");

  // 3a. A second invitation, revoked (after a confirm): its link no longer works.
  const revokedEmail = `rita-${suffix}@accounts.test`;
  await page.getByRole("form", { name: "Invite someone" }).getByLabel("Email").fill(revokedEmail);
  await page.getByRole("button", { name: "Create invitation" }).click();
  await expect(page.getByTestId("invitation-link")).not.toHaveText(link);
  const revokedLink = (await page.getByTestId("invitation-link").textContent())?.trim() ?? "";
  expect(revokedLink).not.toBe(link);
  await page.reload();
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: `Revoke the invitation of ${revokedEmail}` }).click();
  await expect(page.locator(`li[data-invitation-email="${revokedEmail}"]`)).toHaveCount(0);
  await expect(page.locator(`li[data-invitation-email="${invitee.email}"]`)).toBeVisible();
  await page.goto(revokedLink);
  await expect(page.getByRole("heading", { name: "Invitation not usable" })).toBeVisible();
  await expect(page.getByText("not valid (it may have been revoked)")).toBeVisible();

  // 3b. The organization's own integrations: its Slack workspace and an OIDC sign-in (secret never shown).
  await page.goto("/settings/integrations");
  await page.getByLabel("Workspace id").fill(`T${suffix.toUpperCase().replace(/[^A-Z0-9]/g, "").slice(0, 12).padEnd(8, "0")}`);
  await page.getByRole("button", { name: "Link" }).click();
  await expect(page.getByTestId("slack-team-id")).toBeVisible();
  // Its learnings channel: what Slack would refuse is explained, a bare name gets its #.
  await page.getByRole("form", { name: "Learnings channel" }).getByLabel(/Channel name or id/).fill("Eng Learnings");
  await page.getByRole("form", { name: "Learnings channel" }).getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "A Slack channel is its name" })).toContainText("lowercase letters");
  await page.getByRole("form", { name: "Learnings channel" }).getByLabel(/Channel name or id/).fill("eng-learnings");
  await page.getByRole("form", { name: "Learnings channel" }).getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("form", { name: "Learnings channel" }).getByLabel(/Channel name or id/)).toHaveValue("#eng-learnings");
  const oidc = page.getByRole("form", { name: "Save OpenID Connect sign-in" });
  await oidc.getByLabel("Name").fill("okta");
  await oidc.getByLabel("Issuer").fill("https://login.example.test");
  await oidc.getByLabel("Client id").fill("plumbline");
  await oidc.getByLabel("Client secret").fill("oidc-client-secret-e2e");
  await oidc.getByRole("button", { name: "Save" }).click();
  await expect(oidc.getByRole("status")).toContainText("Saved okta");
  await page.reload();
  await expect(page.locator('tr[data-integration="oidc/okta"]')).toContainText("stored (encrypted)");
  await expect(page.locator("body")).not.toContainText("oidc-client-secret-e2e");
  await screenshot(page, "accounts-integrations");
  await signOut(page);
  await founderContext.close();

  // 4. The colleague opens the link, signs up with the invited email, accepts.
  const inviteeContext = await browser.newContext();
  const second = await inviteeContext.newPage();
  await second.goto(new URL(link).pathname);
  await expect(second.getByRole("heading", { name: `Join ${organization.name}` })).toBeVisible();
  await second.getByRole("link", { name: "Sign up" }).click();
  await second.getByLabel("Your name").fill(invitee.name);
  await expect(second.getByLabel("Email")).toHaveValue(invitee.email);
  await second.getByLabel(/^Password/).fill(invitee.password);
  await second.getByRole("button", { name: "Sign up" }).click();
  await second.getByRole("button", { name: "Accept invitation" }).click();
  await expect(second.locator(".org-pill")).toContainText(organization.name);
  await signOut(second);

  // 5. Later: signs in and sees only that organization — no switcher, no demo catalog.
  await second.getByLabel("Email").fill(invitee.email);
  await second.getByLabel("Password").fill(invitee.password);
  await second.getByRole("button", { name: "Sign in" }).click();
  await expect(second.getByTestId("signed-in-user")).toHaveText(invitee.name);
  await expect(second.locator(".org-pill")).toContainText(organization.name);
  await expect(second.locator("#organization-switcher")).toHaveCount(0);
  const services = (await (await second.request.get("/api/v1/services")).json()) as { services: unknown[] };
  expect(services.services).toEqual([]);
  expect((await second.request.get("/api/v1/services/checkout")).status()).toBe(404);
  await second.goto("/settings/members");
  await expect(second.locator(`tr[data-member-email="${invitee.email}"]`)).toContainText("member");
  await expect(second.locator(`tr[data-member-email="${founder.email}"]`)).toBeVisible();
  await expect(second.getByText("Only admins can invite people")).toBeVisible();
  await screenshot(second, "accounts-invitee-members");
  await inviteeContext.close();
});
