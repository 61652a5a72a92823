import { getConfig } from "@/server/config/get-config.ts";
import type { TConfig } from "@/server/config/parse-config.ts";
import { parseEgressAllowList, type TEgressPolicy } from "./egress-policy.ts";

/**
 * The egress policy from the configuration (PLUMBLINE_EGRESS_ALLOW, server/config).
 *
 * - PLUMBLINE_EGRESS_ALLOW (default empty): comma-separated CIDRs, addresses and host names
 *   that tenant-configured integrations may reach although they are loopback, link-local
 *   or private, e.g. `10.20.0.0/16,prometheus.internal`.
 * - Loopback is allowed without listing it in the embedded default (no DATABASE_URL: one
 *   user on one laptop, PGlite) and in demo mode, so a Prometheus on the same machine keeps
 *   working there. With DATABASE_URL (the SaaS) and no demo it must be listed.
 */
export function readEgressPolicy(config: TConfig = getConfig()): TEgressPolicy {
  const allowText = config.security.egressAllow.join(",");
  const allowLoopback = config.database.url === null || config.demo.enabled;
  const key = `${allowLoopback}|${allowText}`;
  if (cached?.key !== key) cached = { key, policy: { allowLoopback, allow: parseEgressAllowList(allowText) } };
  return cached.policy;
}

// Read on every connection (tests may override the configuration); parsed once per value.
let cached: { key: string; policy: TEgressPolicy } | undefined;
