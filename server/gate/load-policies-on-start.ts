import fs from "node:fs";
import path from "node:path";
import { policyFileFromEnv } from "./get-policy-document.ts";
import { savePolicyDocument } from "./save-policy-document.ts";

/**
 * PLUMBLINE_POLICIES set: the file is the policy set's source of truth, loaded on every
 * start (like PLUMBLINE_CATALOG). Edits made on /policies last until the next start; the
 * page says so. A file with errors is reported rule by rule and does NOT replace the
 * policies in force: starting the product must not loosen (or drop) the gate.
 */
export async function loadPoliciesOnStart(organizationId: string, log: (line: string) => void): Promise<void> {
  const file = policyFileFromEnv();
  if (!file) return;
  let yaml: string;
  try {
    yaml = fs.readFileSync(file, "utf8");
  } catch (error) {
    log(`policies: could not read PLUMBLINE_POLICIES=${file} (${error instanceof Error ? error.message : String(error)}); keeping the current policies`);
    return;
  }
  const origin = path.relative(process.cwd(), path.resolve(file)) || file;
  const result = await savePolicyDocument(organizationId, yaml, { source: "catalog", actor: "PLUMBLINE_POLICIES", origin });
  if (!result.ok) {
    log(`policies: ${origin} has ${result.errors.length} error(s); the current policies stay in force:`);
    for (const error of result.errors) log(`  ${error.rule} › ${error.field}: ${error.message}`);
    return;
  }
  log(`policies: ${result.policy.rules.length} rule(s) from ${origin}${result.changed ? "" : " (unchanged)"}`);
}
