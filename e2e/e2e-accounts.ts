import path from "node:path";

/** The local admin the e2e app creates at start (see playwright.config.ts webServer env). */
export const E2E_ADMIN_EMAIL = "admin@e2e.test";
export const E2E_ADMIN_PASSWORD = "e2e-admin-password-1";
export const E2E_ADMIN_STATE = path.resolve("e2e", ".auth", "admin.json");

/**
 * `request.post/put/delete` with the admin's cookies must say where they come from, as a
 * browser does: Plumbline refuses cookie-authenticated mutations without a same-site
 * Origin (CSRF). Use in a spec: `test.use(sameOriginRequests)`.
 */
export const sameOriginRequests = {
  // Playwright's fixture callback is conventionally called `use`; it is not a React hook.
  extraHTTPHeaders: async ({ baseURL }: { baseURL: string | undefined }, provide: (headers: Record<string, string>) => Promise<void>) => {
    await provide(baseURL ? { origin: new URL(baseURL).origin } : {});
  },
};

/**
 * The admin of the 10,000-service organization (e2e/serve-scale-organization.ts, the
 * `scale` project): its own app and database, so its own account and sign-in.
 */
export const E2E_SCALE_ADMIN_EMAIL = "admin@scale.e2e.test";
export const E2E_SCALE_ADMIN_PASSWORD = "e2e-scale-admin-password-1";
