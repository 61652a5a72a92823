/**
 * The first value of an X-Forwarded-* header, only when a trusted proxy sets it
 * (PLUMBLINE_TRUST_PROXY): otherwise any client could claim another host or https.
 */
export function forwardedHeader(headers: Headers, name: "x-forwarded-host" | "x-forwarded-proto", trustProxy: boolean): string | null {
  if (!trustProxy) return null;
  return headers.get(name)?.split(",")[0]?.trim() || null;
}
