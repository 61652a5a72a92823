import { isDemoMode } from "@/server/demo/is-demo-mode.ts";
import { EGRESS_ALLOW_SETTING, parseEgressAllowList, type TEgressPolicy } from "./egress-policy.ts";

/**
 * The one place PLUMBLINE_EGRESS_ALLOW is read (to move into server/config with the other settings).
 *
 * - PLUMBLINE_EGRESS_ALLOW (default empty): comma-separated CIDRs, addresses and host names
 *   that tenant-configured integrations may reach although they are loopback, link-local
 *   or private, e.g. `10.20.0.0/16,prometheus.internal`.
 * - Loopback is allowed without listing it in the embedded default (no DATABASE_URL: one
 *   user on one laptop, PGlite) and in demo mode, so a Prometheus on the same machine keeps
 *   working there. With DATABASE_URL (the SaaS) and no demo it must be listed.
 */
export function readEgressPolicy(env: Readonly<Record<string, string | undefined>> = process.env): TEgressPolicy {
  const allowText = env[EGRESS_ALLOW_SETTING] ?? "";
  // isDemoMode reads only optional variables; Next's ProcessEnv type merely insists on NODE_ENV.
  const allowLoopback = !env.DATABASE_URL?.trim() || isDemoMode(env as NodeJS.ProcessEnv);
  const key = `${allowLoopback}|${allowText}`;
  if (cached?.key !== key) cached = { key, policy: { allowLoopback, allow: parseEgressAllowList(allowText) } };
  return cached.policy;
}

// Read on every connection (tests and operators may change the environment); parsed once per value.
let cached: { key: string; policy: TEgressPolicy } | undefined;
