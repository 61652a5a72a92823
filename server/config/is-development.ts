/**
 * Whether this is Next's development server (`npm run dev`). NODE_ENV is Next's own
 * setting, inlined at build time, not one of Plumbline's variables; it only loosens the
 * CSP for the development server's hot reloading.
 */
export function isNextDevelopment(): boolean {
  return process.env.NODE_ENV === "development";
}
