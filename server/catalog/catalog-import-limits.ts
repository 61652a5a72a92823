const DEFAULT_CATALOG_IMPORT_MAX_BYTES = 10 * 1024 * 1024;

/** The largest catalog import body accepted over the API (PLUMBLINE_CATALOG_IMPORT_MAX_BYTES, default 10 MB). */
export function catalogImportMaxBytes(env: Record<string, string | undefined> = process.env): number {
  const raw = env.PLUMBLINE_CATALOG_IMPORT_MAX_BYTES?.trim();
  if (!raw) return DEFAULT_CATALOG_IMPORT_MAX_BYTES;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1024) {
    throw new Error(`PLUMBLINE_CATALOG_IMPORT_MAX_BYTES must be a whole number of bytes, 1024 or more (got "${raw}"); e.g. 10485760 for 10 MB`);
  }
  return value;
}
