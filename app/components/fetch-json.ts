/**
 * GET a Plumbline API route for react-query. Non-2xx answers are problem+json; their
 * `detail` is written for people, so it becomes the error message shown on the page.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export async function fetchJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, { headers: { accept: "application/json" }, signal, cache: "no-store" });
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    try {
      const problem: unknown = await response.json();
      if (problem && typeof problem === "object" && "detail" in problem && typeof problem.detail === "string") {
        detail = problem.detail;
      }
    } catch {
      // Not JSON (a proxy error page, say): the status line is the best we have.
    }
    throw new ApiError(response.status, detail);
  }
  // The API's shape is the DTO contract in catalog.schemas.ts, shared by server and client.
  return (await response.json()) as T;
}
