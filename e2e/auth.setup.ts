import { expect, test as setup } from "@playwright/test";
import { E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD, E2E_ADMIN_STATE } from "./e2e-accounts.ts";

// Every spec runs signed in as the local admin that `npm start` creates from
// PLUMBLINE_ADMIN_EMAIL / PLUMBLINE_ADMIN_PASSWORD (playwright.config.ts sets them).
setup("sign in as the local admin", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("Email").fill(E2E_ADMIN_EMAIL);
  await page.getByLabel("Password").fill(E2E_ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-user")).toHaveText("Local admin");
  await page.context().storageState({ path: E2E_ADMIN_STATE });
});
