import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

// Every page under app/ (issue 21): axe finds no serious or critical violation, and the
// main pages fit a 390 px phone without the document scrolling sideways. Routes are read
// from the app directory, so a new page is checked the day it is added; a new dynamic
// route fails here until it is given demo data below.

/** `app/services/(list)/page.tsx` → `/services`; route groups vanish, dynamic segments stay `[slug]`. */
function pageRoutes(): string[] {
  const routes: string[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name === "api" && segments.length === 0) continue; // route handlers, not pages
        if (entry.name.startsWith("_") || entry.name.startsWith("@")) continue; // private folders, slots
        const isGroup = entry.name.startsWith("(") && entry.name.endsWith(")");
        walk(path.join(dir, entry.name), isGroup ? segments : [...segments, entry.name]);
      } else if (/^page\.(tsx|ts|jsx|js)$/.test(entry.name)) {
        routes.push(`/${segments.join("/")}`);
      }
    }
  };
  walk(path.resolve("app"), []);
  return routes.sort();
}

/** Pages for signed-out visitors: checked without the admin's cookies. */
const SIGNED_OUT = new Set(["/sign-in", "/sign-up", "/invitations/[token]"]);

/** Demo data for each dynamic route: an id or slug the newcomer's demo has. */
const DYNAMIC: Record<string, (page: Page) => Promise<string>> = {
  "/services/[slug]": async () => "/services/checkout",
  "/teams/[slug]": async () => "/teams/checkout",
  "/deploys/[id]": async (page) => firstLink(page, "/deploys", /^\/deploys\/[0-9a-f-]{36}$/),
  "/catalog/[kind]/[slug]": async (page) => firstLink(page, "/catalog", /^\/catalog\/[a-z]+\/[^/]+$/),
  // A token nobody was given: the page explains the link is not usable.
  "/invitations/[token]": async () => "/invitations/not-a-real-invitation-token",
  // A decision link nobody was sent: the page says it cannot be used.
  "/email-links/[token]": async () => "/email-links/not-a-real-decision-link",
  // The demo ships past incidents and learnings.
  "/incidents/[id]": async (page) => firstLink(page, "/incidents", /^\/incidents\/[0-9a-f-]{36}$/),
};

async function firstLink(page: Page, from: string, href: RegExp): Promise<string> {
  await page.goto(from);
  // Lists such as /deploys arrive after the page loads (their query runs in the browser):
  // wait for the link rather than reading whatever the first paint holds.
  let found: string | undefined;
  await expect
    .poll(
      async () => {
        const hrefs = await page.locator("main a[href]").evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
        found = hrefs.find((candidate) => href.test(candidate));
        return found !== undefined;
      },
      { message: `a link matching ${href} on ${from}`, timeout: 15_000 },
    )
    .toBe(true);
  if (!found) throw new Error(`no link matching ${href} on ${from}`);
  return found;
}

async function resolve(page: Page, route: string): Promise<string> {
  if (!route.includes("[")) return route;
  const make = DYNAMIC[route];
  if (!make) throw new Error(`${route} is a dynamic page without demo data: add it to DYNAMIC in e2e/accessibility.spec.ts`);
  return make(page);
}

async function expectNoSeriousViolations(page: Page, url: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(" ")).join("; ")}`);
  expect(serious, `axe on ${url}`).toEqual([]);
}

async function openAndSettle(page: Page, url: string) {
  const response = await page.goto(url);
  expect(response?.status(), url).toBeLessThan(500);
  await expect(page.locator("h1").first()).toBeVisible();
}

const routes = pageRoutes();

test("the route list is read from app/ and includes the pages everyone uses", () => {
  expect(routes).toEqual(expect.arrayContaining(["/", "/services", "/services/[slug]", "/teams/[slug]", "/deploys/[id]", "/settings", "/notifications", "/graph"]));
});

test.describe("axe on every page, signed in", () => {
  for (const route of routes.filter((candidate) => !SIGNED_OUT.has(candidate))) {
    test(`${route} has no serious or critical axe violation`, async ({ page }) => {
      const url = await resolve(page, route);
      await openAndSettle(page, url);
      await expectNoSeriousViolations(page, url);
    });
  }
});

test.describe("axe on every page, signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });
  for (const route of routes.filter((candidate) => SIGNED_OUT.has(candidate))) {
    test(`${route} has no serious or critical axe violation`, async ({ page }) => {
      const url = await resolve(page, route);
      await openAndSettle(page, url);
      await expectNoSeriousViolations(page, url);
    });
  }
});

test.describe("a 390 px phone", () => {
  // No isMobile: a mobile viewport zooms out to fit wide content, which would hide an overflow.
  test.use({ viewport: { width: 390, height: 844 } });

  // The main pages the issue names, and with them every other signed-in page.
  const MAIN_PAGES = ["/", "/services", "/services/[slug]", "/teams", "/teams/[slug]", "/deploys", "/deploys/[id]", "/graph", "/settings", "/notifications"];
  const PHONE_PAGES = [...new Set([...MAIN_PAGES, ...routes.filter((candidate) => !SIGNED_OUT.has(candidate))])];
  test("the phone run covers the main pages", () => {
    expect(routes).toEqual(expect.arrayContaining(MAIN_PAGES));
  });
  for (const route of PHONE_PAGES) {
    test(`${route} is no wider than the screen`, async ({ page }) => {
      const url = await resolve(page, route);
      await openAndSettle(page, url);
      const widths = await page.evaluate(() => ({ document: document.documentElement.scrollWidth, viewport: window.innerWidth }));
      expect(widths.viewport).toBe(390);
      expect(widths.document, `${url}: document width`).toBe(widths.viewport);
      await expectNoSeriousViolations(page, url);
    });
  }

  test("the navigation folds into a menu that reaches every section and Sign out", async ({ page }) => {
    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav).toBeHidden();
    const menu = page.getByRole("button", { name: "Menu" });
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await menu.click();
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    await expect(page.getByRole("button", { name: "Sign out" })).toBeInViewport();
    await nav.getByRole("link", { name: "Deploys" }).click();
    await expect(page).toHaveURL(/\/deploys$/);
    await expect(nav).toBeHidden();
  });

  test("phone screenshots of home and a service page", async ({ page }) => {
    const dir = process.env.E2E_SHOTS_DIR ?? path.join("e2e", "output");
    await openAndSettle(page, "/");
    await page.screenshot({ path: path.join(dir, "phone-home.png"), fullPage: true });
    await page.getByRole("button", { name: "Menu" }).click();
    await page.screenshot({ path: path.join(dir, "phone-menu-open.png") });
    await openAndSettle(page, "/services/checkout");
    await page.screenshot({ path: path.join(dir, "phone-service-top.png") });
    await page.screenshot({ path: path.join(dir, "phone-service.png"), fullPage: true });
    // The dependencies as cards: name, then rate, success and SLO status first.
    await page.locator("table.relations").first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(dir, "phone-service-dependencies.png") });
  });
});

test("the skip link is the first Tab stop and moves focus to the page's content", async ({ page }) => {
  await page.goto("/services/checkout");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();
  await expect(page.getByRole("banner")).toBeVisible();
});
