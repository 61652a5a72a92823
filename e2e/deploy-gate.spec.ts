import { spawn } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";

// The deploy gate end to end on the demo (example "Acme Shop" catalog, fresh embedded
// database): a token created on /settings/tokens, a policy rule added on /policies (after
// a broken attempt is refused), a pending request through the API, found on /deploys,
// approved on the web by the owners asked, and seen as approved by the page and by
// `plumbline gate` waiting in a child process.
//
// The added rule is scoped to an environment only this test uses, so it changes nothing
// else; it asks checkout (owners priya.raman, tom.whitfield), which makes the request
// pending whatever the demo's SLOs are. Any other team the default rules ask (the demo's
// SLO data decides) is approved the same way.

const suffix = Date.now().toString(36);
const environment = `e2e-${suffix}`;
const version = `9.9.${Math.floor(Math.random() * 1000)}`;
const idempotencyKey = `e2e-deploy-gate-${suffix}`;

const ruleYaml = (timezone: string) => `
  - name: e2e-freeze-${suffix}
    type: freeze_window
    description: Added by e2e/deploy-gate.spec.ts; applies only to its own environment.
    environments: [${environment}]
    timezone: ${timezone}
    recurring:
      - days: [mon, tue, wed, thu, fri, sat, sun]
        from: "00:00"
        to: "24:00"
    action: require_approval
    approvalTeams: [checkout]
`;

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `e2e/output/${name}.png`, fullPage: true });
}

function runGateCli(baseURL: string, token: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "cli/plumbline.ts",
        "gate",
        "--service",
        "payments",
        "--env",
        environment,
        "--version",
        version,
        "--requested-by",
        "e2e-ci",
        "--idempotency-key",
        idempotencyKey,
        "--wait",
        "120s",
        "--url",
        baseURL,
      ],
      // No CI variables: the CLI must send exactly the body the API call sent, so the key replays it.
      { env: { ...process.env, PLUMBLINE_TOKEN: token, GITHUB_SHA: "", CI_COMMIT_SHA: "", GITHUB_RUN_ID: "", CI_JOB_URL: "" } },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

test("deploy gate: token, policy, pending request, web approval seen by the page and the CLI", async ({ page, request, baseURL }) => {
  test.setTimeout(180_000);
  if (!baseURL) throw new Error("baseURL is not configured");

  // 1. An API token, created on the tokens page and shown once.
  await page.goto("/settings/tokens");
  await expect(page.getByRole("heading", { level: 1, name: "API tokens" })).toBeVisible();
  await page.getByLabel("Name").fill(`e2e-${suffix}`);
  await page.getByRole("button", { name: "Create token" }).click();
  const tokenValue = page.getByTestId("new-token");
  await expect(tokenValue).toHaveText(/^plb_/);
  const token = (await tokenValue.textContent())?.trim() ?? "";
  const tokenRow = page.locator(`tr[data-token-name="e2e-${suffix}"]`);
  await expect(tokenRow).toContainText(token.slice(0, 10));
  await expect(tokenRow).toContainText("active");

  // 2. A policy rule for this test's environment: a broken one is refused with the rule named, then the fixed one saved.
  await page.goto("/policies");
  const editor = page.getByLabel("Policy YAML");
  const current = await editor.inputValue();
  const base = current.endsWith("\n") ? current : `${current}\n`;
  await editor.fill(base + ruleYaml("Mars/Olympus"));
  await page.getByRole("button", { name: "Save policy" }).click();
  const errors = page.locator("#policy-errors");
  await expect(errors).toContainText("Not saved");
  await expect(errors).toContainText(`e2e-freeze-${suffix}`);
  await expect(errors).toContainText("timezone");
  await editor.fill(base + ruleYaml("UTC"));
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(errors).toContainText("Saved");
  await expect(page.getByRole("cell", { name: `e2e-freeze-${suffix}` })).toBeVisible();

  // 3. CI asks the gate through the API: pending, checkout asked.
  const body = { service: "payments", environment, version, requestedBy: "e2e-ci" };
  const created = await request.post("/api/v1/deploy-requests", {
    data: body,
    headers: { authorization: `Bearer ${token}`, "idempotency-key": idempotencyKey },
  });
  expect(created.status()).toBe(201);
  const deploy = (await created.json()) as { id: string; status: string; approvals: { team: string; status: string }[] };
  expect(deploy.status).toBe("pending");
  expect(deploy.approvals.map((approval) => approval.team)).toContain("checkout");

  // 4. `plumbline gate` with the same key picks up the same request and waits for it.
  const cli = runGateCli(baseURL, token);

  // 5. It appears on /deploys.
  await page.goto("/deploys");
  const row = page.locator(`tr[data-deploy-request="${deploy.id}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText(`payments ${version} → ${environment}`);
  await expect(row).toContainText("Pending");
  await expect(row).toContainText("Checkout · waiting");
  await screenshot(page, "deploys");

  // 6. The signed-in admin, an owner of the teams asked (PLUMBLINE_ADMIN_TEAMS), approves on the web.
  await row.getByRole("link", { name: new RegExp(version.replaceAll(".", "\\.")) }).click();
  await expect(page).toHaveURL(new RegExp(`/deploys/${deploy.id}$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`payments ${version} → ${environment}`);
  const checkoutCard = page.getByRole("article", { name: "Approval from Checkout" });
  await expect(checkoutCard.getByRole("form", { name: "Decide for Checkout" })).toBeVisible();

  for (let round = 0; round < 10; round++) {
    const form = page.getByRole("form", { name: /^Decide for / }).first();
    if ((await form.count()) === 0) break;
    const teamName = ((await form.getAttribute("aria-label")) ?? "").replace("Decide for ", "");
    await form.getByLabel("Comment (optional)").fill(`Fine by ${teamName} (e2e)`);
    await form.getByRole("button", { name: "Approve" }).click();
    await expect(page.getByRole("article", { name: `Approval from ${teamName}` })).toContainText("Approved by", { timeout: 15_000 });
  }

  // 7. The page and the CLI both see it approved.
  await expect(page.locator(".page-header .deploy-status")).toHaveText("Approved");
  await expect(page.getByRole("status").filter({ hasText: "Approved: CI may deploy" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Timeline" })).toBeVisible();
  await expect(page.locator(".deploy-timeline")).toContainText("approved");
  await screenshot(page, "deploy-approved");

  const result = await cli;
  expect(result.code, result.output).toBe(0);
  expect(result.output).toContain("APPROVED by");
  expect(result.output).toContain("Local admin (Checkout)");

  const api = await request.get(`/api/v1/deploy-requests/${deploy.id}`, { headers: { authorization: `Bearer ${token}` } });
  expect(((await api.json()) as { status: string }).status).toBe("approved");
});

test("the demo shows deploy requests to a newcomer", async ({ page }) => {
  await page.goto("/deploys?service=payments");
  await expect(page.locator("tbody tr").filter({ hasText: "demo-ci" }).first()).toBeVisible();
  await page.goto("/deploys");
  await expect(page.locator("tbody tr").filter({ hasText: "demo-ci" })).not.toHaveCount(0);
});
