/**
 * The address people and CI reach Plumbline at, for absolute links in API answers,
 * messages and invitation links: PLUMBLINE_PUBLIC_URL when configured, else the address
 * the caller used (its Host header, as a proxy forwards it), else localhost.
 */
export function publicBaseUrl(source: Request | Headers | null, env: Record<string, string | undefined> = process.env): string {
  const configured = env.PLUMBLINE_PUBLIC_URL?.trim();
  if (configured) return configured.replace(/\/+$/, "");
  if (source) {
    const headers = source instanceof Headers ? source : source.headers;
    const url = source instanceof Headers ? null : new URL(source.url);
    const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host") || url?.host || `localhost:${env.PORT ?? 3000}`;
    const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || url?.protocol.replace(/:$/, "") || "http";
    return `${proto}://${host}`;
  }
  return `http://localhost:${env.PORT ?? 3000}`;
}
