import { parseAllDocuments, stringify } from "yaml";
import { isOpenSloDocument, mayHoldOpenSlo } from "./parse-openslo-file.ts";
import { OPENSLO_API_VERSION } from "./parse-openslo-document.ts";

/** The OpenSLO kinds Plumbline keeps as written, beside the SLOs it turns into its own rows. */
export const STANDALONE_OPENSLO_KINDS = ["SLI", "DataSource"] as const;
export type StandaloneOpenSloKind = (typeof STANDALONE_OPENSLO_KINDS)[number];

export interface StandaloneOpenSloDocument {
  kind: StandaloneOpenSloKind;
  name: string;
  displayName: string | null;
  spec: Record<string, unknown>;
}

/** A document with where it was read, for the import's accounting. */
export interface LocatedOpenSloDocument extends StandaloneOpenSloDocument {
  file: string;
  documentIndex: number;
  itemIndex?: number;
}

/** What stands in for a secret-looking value of a DataSource's `spec.connectionDetails` wherever it is shown. */
export const REDACTED = "<redacted>";
// accessKeyID, secretAccessKey, token, password, apiKey, clientSecret, privateKey, credentials, ...
const SECRET_KEY = /secret|token|password|passwd|apikey|api_key|accesskey|access_key|privatekey|private_key|credential|auth/i;

/**
 * Every `kind: SLI` and `kind: DataSource` OpenSLO v1 document of an import with a
 * `metadata.name`; the first of a kind and name wins (as it does for `spec.indicatorRef`).
 */
export function collectStandaloneOpenSloDocuments(sources: readonly { file: string; text: string }[]): LocatedOpenSloDocument[] {
  const found = new Map<string, LocatedOpenSloDocument>();
  for (const source of sources) {
    if (!mayHoldOpenSlo(source.text)) continue;
    parseAllDocuments(source.text).forEach((document, documentIndex) => {
      if (document.errors.length > 0) return;
      let value: unknown;
      try {
        value = document.toJS();
      } catch {
        return;
      }
      const items: { item: unknown; itemIndex?: number }[] = isOpenSloDocument(value)
        ? [{ item: value }]
        : Array.isArray(value) && value.length > 0 && value.every(isOpenSloDocument)
          ? value.map((item: unknown, itemIndex) => ({ item, itemIndex }))
          : [];
      for (const { item, itemIndex } of items) {
        const read = readStandalone(item as Record<string, unknown>);
        if (read === null || found.has(`${read.kind}/${read.name}`)) continue;
        found.set(`${read.kind}/${read.name}`, { ...read, file: source.file, documentIndex, ...(itemIndex === undefined ? {} : { itemIndex }) });
      }
    });
  }
  return [...found.values()];
}

function readStandalone(record: Record<string, unknown>): StandaloneOpenSloDocument | null {
  if (record["apiVersion"] !== OPENSLO_API_VERSION) return null;
  const kind = STANDALONE_OPENSLO_KINDS.find((k) => k === record["kind"]);
  const metadata = asRecord(record["metadata"]);
  const name = metadata?.["name"];
  if (kind === undefined || typeof name !== "string" || name.trim() === "") return null;
  const displayName = metadata?.["displayName"];
  return {
    kind,
    name: name.trim(),
    displayName: typeof displayName === "string" && displayName.trim() !== "" ? displayName : null,
    spec: asRecord(record["spec"]) ?? {},
  };
}

/** A DataSource's spec with every secret-looking `connectionDetails` value replaced by `<redacted>`; other kinds as they are. */
export function redactOpenSloSpec(kind: string, spec: Record<string, unknown>): Record<string, unknown> {
  const details = asRecord(spec["connectionDetails"]);
  if (kind !== "DataSource" || details === null) return spec;
  return { ...spec, connectionDetails: redactSecrets(details) };
}

function redactSecrets(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value).map(([key, member]) => {
      if (SECRET_KEY.test(key)) return [key, REDACTED];
      const nested = asRecord(member);
      return [key, nested === null ? member : redactSecrets(nested)];
    }),
  );
}

/**
 * A re-import of an export carries `<redacted>` where the stored DataSource holds a secret;
 * the stored value is kept then, so exporting and importing back does not wipe credentials.
 */
export function keepRedactedSecrets(incoming: Record<string, unknown>, stored: Record<string, unknown> | null): Record<string, unknown> {
  if (stored === null) return incoming;
  return Object.fromEntries(
    Object.entries(incoming).map(([key, member]) => {
      if (member === REDACTED && stored[key] !== undefined) return [key, stored[key]];
      const nested = asRecord(member);
      const storedNested = asRecord(stored[key]);
      return [key, nested !== null && storedNested !== null ? keepRedactedSecrets(nested, storedNested) : member];
    }),
  );
}

/** The documents as OpenSLO v1 YAML, `---` separated, secrets redacted; "" for none. */
export function buildStandaloneOpenSloExport(documents: readonly StandaloneOpenSloDocument[]): string {
  return documents
    .map((document) =>
      stringify(
        {
          apiVersion: OPENSLO_API_VERSION,
          kind: document.kind,
          metadata: { name: document.name, ...(document.displayName === null ? {} : { displayName: document.displayName }) },
          spec: redactOpenSloSpec(document.kind, document.spec),
        },
        { lineWidth: 0 },
      ),
    )
    .join("---\n");
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}
