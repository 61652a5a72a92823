import { getConfig } from "@/server/config/get-config.ts";
import type { TConfig } from "@/server/config/parse-config.ts";
import { forwardedHeader } from "./forwarded-headers.ts";

/**
 * The address people and CI reach Plumbline at, for absolute links in API answers,
 * messages and invitation links: PLUMBLINE_PUBLIC_URL when configured, else the address
 * the caller used (its Host header; X-Forwarded-Host / -Proto only when
 * PLUMBLINE_TRUST_PROXY says a proxy sets them), else localhost.
 */
export function publicBaseUrl(source: Request | Headers | null, config: Pick<TConfig, "server" | "security"> = getConfig()): string {
  if (config.server.publicUrl) return config.server.publicUrl;
  if (source) {
    const headers = source instanceof Headers ? source : source.headers;
    const url = source instanceof Headers ? null : new URL(source.url);
    const trustProxy = config.security.trustProxy;
    const host = forwardedHeader(headers, "x-forwarded-host", trustProxy) || headers.get("host") || url?.host || `localhost:${config.server.port}`;
    const proto = forwardedHeader(headers, "x-forwarded-proto", trustProxy) || url?.protocol.replace(/:$/, "") || "http";
    return `${proto}://${host}`;
  }
  return `http://localhost:${config.server.port}`;
}
