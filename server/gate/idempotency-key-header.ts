import { badRequest } from "@/server/http/problem.ts";
import { ZIdempotencyKey } from "./gate.schemas.ts";

/** The Idempotency-Key header, validated; null when absent. */
export function readIdempotencyKey(request: Request): string | null {
  const header = request.headers.get("idempotency-key");
  if (header === null) return null;
  const parsed = ZIdempotencyKey.safeParse(header.trim());
  if (!parsed.success) throw badRequest(parsed.error.issues.map((issue) => issue.message).join("; "), { field: "Idempotency-Key" });
  return parsed.data;
}

/** The Idempotency-Key header where a call is only meaningful with one (repeated measurements of one deploy). */
export function requireIdempotencyKey(request: Request, why: string): string {
  const key = readIdempotencyKey(request);
  if (key === null) throw badRequest(`An Idempotency-Key header is required: ${why}`, { field: "Idempotency-Key" });
  return key;
}
