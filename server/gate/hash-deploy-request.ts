import { createHash } from "node:crypto";
import { canonicalJson } from "@/domain/gate/canonical-json.ts";
import type { TDeployRequestInput } from "./gate.schemas.ts";

/**
 * What "the same body" means for Idempotency-Key: the request after validation (trimmed,
 * environment lower-cased, empty optional fields dropped), with keys in a fixed order. So
 * a CI retry that reorders JSON fields or sends `"commit": ""` instead of no commit is
 * still the same request, and any difference that changes the request is not.
 */
export function hashDeployRequest(input: TDeployRequestInput): string {
  const normalized = {
    service: input.service,
    environment: input.environment,
    version: input.version,
    commit: input.commit?.toLowerCase(),
    requestedBy: input.requestedBy,
    ciUrl: input.ciUrl,
    breakGlassReason: input.breakGlassReason,
  };
  return createHash("sha256").update(canonicalJson(normalized), "utf8").digest("hex");
}
