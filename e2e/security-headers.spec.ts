import { expect, test, type ConsoleMessage, type Page } from "@playwright/test";

// Every page renders and hydrates under the Content-Security-Policy that proxy.ts sends
// (scripts only with the response's nonce), with nothing refused in the console, and no
// page can be framed.

const SIGNED_IN_PAGES = [
  "/",
  "/services",
  "/services/checkout",
  "/teams",
  "/teams/payments",
  "/graph",
  "/deploys",
  "/policies",
  "/notifications",
  "/settings",
  "/settings/tokens",
  "/settings/members",
  "/settings/integrations",
  "/onboarding",
];
const ANONYMOUS_PAGES = ["/sign-in", "/sign-up"];

async function expectLoadsUnderCsp(page: Page, path: string): Promise<void> {
  const errors: string[] = [];
  const onConsole = (message: ConsoleMessage) => {
    if (message.type() === "error") errors.push(message.text());
  };
  const onPageError = (error: Error) => errors.push(error.message);
  page.on("console", onConsole);
  page.on("pageerror", onPageError);
  try {
    await expectPageUnderCsp(page, path, errors);
  } finally {
    page.off("console", onConsole);
    page.off("pageerror", onPageError);
  }
}

async function expectPageUnderCsp(page: Page, path: string, errors: string[]): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), `${path} answers`).toBeLessThan(400);
  const policy = (await response?.allHeaders())?.["content-security-policy"] ?? "";
  expect(policy, `${path} sends a CSP`).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(policy).toContain("frame-ancestors 'none'");
  // Next's inline bootstrap ran (allowed by the nonce: a refused script leaves no __next_f
  // and a console error), and its chunks loaded after it ('strict-dynamic').
  await page.waitForFunction(() => Array.isArray((window as unknown as { __next_f?: unknown }).__next_f));
  await page.waitForLoadState("load");
  expect(await page.evaluate(() => document.querySelectorAll("script[nonce]").length), `${path} scripts carry the nonce`).toBeGreaterThan(0);
  expect(errors, `${path} console errors`).toEqual([]);
}

test.describe("content security policy", () => {
  test("every signed-in page loads under the CSP without console errors", async ({ page }) => {
    for (const path of SIGNED_IN_PAGES) await expectLoadsUnderCsp(page, path);
  });

  test("the signed-out pages load under the CSP without console errors", async ({ browser, baseURL }) => {
    const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    for (const path of ANONYMOUS_PAGES) await expectLoadsUnderCsp(page, path);
    await context.close();
  });

  test("a deploy request's page loads under the CSP", async ({ page }) => {
    const list = (await (await page.request.get("/api/v1/deploy-requests")).json()) as { deployRequests?: { id: string }[] };
    const id = list.deployRequests?.[0]?.id;
    expect(id, "the demo seeds deploy requests").toBeTruthy();
    await expectLoadsUnderCsp(page, `/deploys/${id}`);
  });

  test("API answers carry nosniff and refuse framing too", async ({ page }) => {
    const response = await page.request.get("/api/health");
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
    expect(response.headers()["x-frame-options"]).toBe("DENY");
  });
});

test("a page refuses to render inside another site's iframe", async ({ page, baseURL }) => {
  const refusals: string[] = [];
  page.on("console", (message) => {
    if (/frame-ancestors|X-Frame-Options/i.test(message.text())) refusals.push(message.text());
  });
  // A page of another origin (about:blank with our markup) frames Plumbline's sign-in page;
  // setContent waits for the frame's load event, so the browser has decided by then.
  await page.setContent(`<iframe id="victim" src="${baseURL}/sign-in" width="800" height="600"></iframe>`, { waitUntil: "load" });
  const frame = await (await page.waitForSelector("#victim")).contentFrame();
  const rendered = frame ? await frame.evaluate(() => document.querySelector("input[type=password]") !== null).catch(() => false) : false;
  expect(rendered, "the sign-in form must not render in a frame").toBe(false);
  await expect.poll(() => refusals.length, { message: "Chromium reports the refusal" }).toBeGreaterThan(0);
});
