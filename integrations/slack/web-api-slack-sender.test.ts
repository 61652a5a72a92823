import { describe, expect, it } from "vitest";
import { toSendError } from "./web-api-slack-sender.ts";

describe("toSendError: how the outbox treats each Slack failure", () => {
  it.each([
    [{ code: "slack_webapi_rate_limited_error", retryAfter: 7 }, "rate_limited", 7000],
    [{ code: "slack_webapi_http_error", statusCode: 503 }, "transient", null],
    [{ code: "slack_webapi_http_error", statusCode: 500 }, "transient", null],
    [{ code: "slack_webapi_http_error", statusCode: 404 }, "permanent", null],
    [{ code: "slack_webapi_request_error", message: "ECONNREFUSED" }, "transient", null],
    [{ code: "slack_webapi_platform_error", data: { error: "channel_not_found" } }, "permanent", null],
    [{ code: "slack_webapi_platform_error", data: { error: "internal_error" } }, "transient", null],
    [new Error("socket hang up"), "transient", null],
  ] as const)("%j → %s", (error, kind, retryAfterMs) => {
    const failure = toSendError(error);
    expect(failure.kind).toBe(kind);
    expect(failure.retryAfterMs).toBe(retryAfterMs);
  });
});
