import type { TSloInput, TSloSummary } from "@/server/slo/slo.schemas.ts";

/** A problem+json answer, with per-field messages when the input was invalid. */
export class SloRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors: Record<string, string>,
  ) {
    super(message);
    this.name = "SloRequestError";
  }
}

const sloUrl = (serviceSlug: string, name?: string) =>
  `/api/v1/services/${encodeURIComponent(serviceSlug)}/slos${name === undefined ? "" : `/${encodeURIComponent(name)}`}`;

export async function saveSlo(serviceSlug: string, input: TSloInput): Promise<TSloSummary> {
  const response = await fetch(sloUrl(serviceSlug), {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(input),
  });
  if (!response.ok) throw await toError(response);
  return ((await response.json()) as { slo: TSloSummary }).slo;
}

export async function deleteSlo(serviceSlug: string, name: string): Promise<void> {
  const response = await fetch(sloUrl(serviceSlug, name), { method: "DELETE", headers: { accept: "application/json" } });
  if (!response.ok) throw await toError(response);
}

async function toError(response: Response): Promise<SloRequestError> {
  try {
    const problem = (await response.json()) as { detail?: string; errors?: { field: string; message: string }[] };
    const fieldErrors: Record<string, string> = {};
    for (const error of problem.errors ?? []) fieldErrors[error.field] ??= error.message;
    return new SloRequestError(response.status, problem.detail ?? `${response.status} ${response.statusText}`, fieldErrors);
  } catch {
    return new SloRequestError(response.status, `${response.status} ${response.statusText}`, {});
  }
}
