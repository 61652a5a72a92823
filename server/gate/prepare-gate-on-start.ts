import { isDemoMode } from "@/server/demo/is-demo-mode.ts";
import { ensureDefaultOrganization } from "@/server/identity/default-organization.ts";
import { loadPoliciesOnStart } from "./load-policies-on-start.ts";
import { seedDemoDeployRequests } from "./seed-demo-deploy-requests.ts";

/**
 * The deploy gate's part of `npm start`, after the catalog is in: load PLUMBLINE_POLICIES
 * (if set) and, in demo mode, seed the demo deploy requests on first start. Neither may
 * stop the product from starting: problems are logged.
 */
export async function prepareGateOnStart(log: (line: string) => void): Promise<void> {
  const organization = await ensureDefaultOrganization();
  try {
    await loadPoliciesOnStart(organization.id, log);
  } catch (error) {
    log(`policies: could not load PLUMBLINE_POLICIES (${error instanceof Error ? error.message : String(error)}); keeping the current policies`);
  }
  if (!isDemoMode()) return;
  try {
    await seedDemoDeployRequests(organization.id, log);
  } catch (error) {
    log(`demo deploys: not seeded (${error instanceof Error ? error.message : String(error)})`);
  }
}
