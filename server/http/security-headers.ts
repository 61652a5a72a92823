/**
 * The Content-Security-Policy of every page. Scripts run only with this response's
 * nonce ('strict-dynamic' lets Next's bootstrap load its chunks); styles allow inline
 * because React, Recharts and React Flow set `style` attributes, which no nonce covers
 * and which cannot run code. No page may be framed by another site.
 */
export function contentSecurityPolicy(nonce: string, options: { isDevelopment: boolean }): string {
  const scriptSources = [`'self'`, `'nonce-${nonce}'`, `'strict-dynamic'`, ...(options.isDevelopment ? [`'unsafe-eval'`] : [])];
  return [
    `default-src 'self'`,
    `script-src ${scriptSources.join(" ")}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' blob: data:`,
    `font-src 'self' data:`,
    `connect-src 'self'${options.isDevelopment ? " ws: wss:" : ""}`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ].join("; ");
}

/** Headers every response carries, pages and API alike. */
export const BASELINE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "strict-origin-when-cross-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
};

/** HSTS, only for responses served over https: over plain http the header is meaningless and would mislead. */
export const HSTS_HEADER = "max-age=31536000; includeSubDomains";
