import type { z } from "zod";
import { badRequest, malformedBody, zodFieldErrors } from "./problem.ts";

/** Parses a JSON request body with a zod schema; a broken body is a 400 a person can fix. */
export async function readJsonBody<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.includes("application/json")) {
    throw malformedBody(`Send the body as JSON with Content-Type: application/json (got "${contentType || "none"}").`);
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch (error) {
    throw malformedBody(`The body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const errors = zodFieldErrors(parsed.error);
    throw badRequest(errors.map((e) => `${e.field}: ${e.message}`).join("; "), { errors });
  }
  return parsed.data;
}
