/**
 * What Plumbline answers a GitHub deployment protection rule with, from the deploy
 * request's status: the body of `POST …/deployment_protection_rule`. While the request is
 * pending, a comment alone (GitHub shows it on the run and keeps waiting); once settled,
 * `approved` or `rejected` (expired and cancelled requests reject the deploy too).
 */
export type TProtectionReviewBody =
  | { environment_name: string; comment: string }
  | { environment_name: string; state: "approved" | "rejected"; comment: string };

export interface TReviewedRequest {
  status: string;
  url: string;
  summary: string;
  reasons: readonly string[];
}

// GitHub limits the comment; keep well under it.
const MAX_COMMENT = 1000;

export function protectionReviewBody(environment: string, request: TReviewedRequest): TProtectionReviewBody {
  const reasons = request.reasons.length > 0 ? ` Reasons: ${request.reasons.join("; ")}` : "";
  if (request.status === "pending") {
    return { environment_name: environment, comment: clip(`Waiting for approval in Plumbline: ${request.url}${reasons}`) };
  }
  // Deployed and failed requests were approved first (their outcome came later).
  const state = request.status === "approved" || request.status === "deployed" || request.status === "failed" ? "approved" : "rejected";
  const verb = state === "approved" ? "Approved" : request.status === "rejected" ? "Rejected" : `Rejected (deploy request ${request.status})`;
  return { environment_name: environment, state, comment: clip(`${verb} by Plumbline: ${request.url}${request.summary ? ` ${request.summary}` : ""}${reasons}`) };
}

function clip(text: string): string {
  return text.length <= MAX_COMMENT ? text : `${text.slice(0, MAX_COMMENT - 1)}…`;
}
