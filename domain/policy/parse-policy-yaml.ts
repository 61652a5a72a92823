import { parseAllDocuments } from "yaml";
import { parsePolicyData, type PolicyParseResult } from "./parse-policy-data.ts";
import { describeYamlSyntaxError } from "@/domain/yaml/describe-yaml-syntax-error.ts";

const DOCUMENT = "(document)";

/**
 * Reads a policy document from YAML text (the repo file, PLUMBLINE_POLICIES, or the
 * /policies editor) and validates it. YAML problems come back in the same shape as
 * schema problems, so every caller shows errors one way.
 */
export function parsePolicyYaml(text: string): PolicyParseResult {
  const documents = parseAllDocuments(text);
  // parseAllDocuments returns an EmptyStream (an array) for text with no document at all.
  if (documents.length === 0) return parsePolicyData(null);
  if (documents.length > 1) {
    return { ok: false, errors: [{ rule: DOCUMENT, field: DOCUMENT, message: `must be one YAML document, found ${documents.length} (remove the extra "---")` }] };
  }
  const [document] = documents;
  if (document === undefined) return parsePolicyData(null);
  const [syntaxError] = document.errors;
  if (syntaxError !== undefined) {
    return { ok: false, errors: [{ rule: DOCUMENT, field: "(yaml)", message: describeYamlSyntaxError(syntaxError) }] };
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // Turning YAML into data can still fail: an alias to a missing anchor, an alias bomb.
    return { ok: false, errors: [{ rule: DOCUMENT, field: "(yaml)", message: `YAML could not be read: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  return parsePolicyData(data);
}

