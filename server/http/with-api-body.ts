import type { z } from "zod";
import { describeUnstorableText, findUnstorableText } from "@/domain/validation/find-unstorable-text.ts";
import { AppError, badRequest, malformedBody, zodFieldErrors } from "./problem.ts";

/** The default cap on a JSON API body: requests to the gate and the API are small. */
export const DEFAULT_MAX_JSON_BODY_BYTES = 1024 * 1024;

/**
 * Parses a JSON request body with a zod schema; a broken body is a 400 a person can fix.
 * Reads at most `maxBytes` (413 beyond, before parsing anything), and refuses strings
 * Postgres cannot store (NUL, lone surrogates) with a 400 naming the field.
 */
export async function readJsonBody<T>(request: Request, schema: z.ZodType<T>, options: { maxBytes?: number } = {}): Promise<T> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.includes("application/json")) {
    throw malformedBody(`Send the body as JSON with Content-Type: application/json (got "${contentType || "none"}").`);
  }
  const text = await readBodyText(request, options.maxBytes ?? DEFAULT_MAX_JSON_BODY_BYTES);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw malformedBody(`The body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const unstorable = findUnstorableText(body);
  if (unstorable) throw badRequest(describeUnstorableText(unstorable), { errors: [{ field: unstorable.field, message: describeUnstorableText(unstorable) }] });
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const errors = zodFieldErrors(parsed.error);
    throw badRequest(errors.map((e) => `${e.field}: ${e.message}`).join("; "), { errors });
  }
  return parsed.data;
}

/** The body as UTF-8 text, stopping (and refusing) as soon as it passes `maxBytes`. */
async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function tooLarge(maxBytes: number): AppError {
  const limit = maxBytes >= 1024 * 1024 ? `${(maxBytes / (1024 * 1024)).toFixed(maxBytes % (1024 * 1024) === 0 ? 0 : 1)} MB` : `${Math.round(maxBytes / 1024)} KB`;
  return new AppError(413, "Request body too large", `This endpoint accepts bodies up to ${limit}; send less (for a large catalog, import it in parts or raise PLUMBLINE_CATALOG_IMPORT_MAX_BYTES).`, { maxBytes });
}
