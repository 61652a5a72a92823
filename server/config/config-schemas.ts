import { z } from "zod";
import { parseDurationMs } from "@/domain/time/duration.ts";

/**
 * Schemas for environment values: each takes the trimmed text of one variable and yields
 * the typed value. A failure's message is the variable's `expectation` (see
 * config-variables.ts); `detail` adds what exactly was wrong when the schema knows more
 * (which header value, which bound).
 */
export type TEnvSchema<T> = z.ZodType<T, string>;

type TRefinementContext = z.core.$RefinementCtx<string>;

/** A precise reason for a failure, shown after the variable's expectation. */
function detail(ctx: TRefinementContext, message: string): typeof z.NEVER {
  ctx.addIssue({ code: "custom", message, params: { detail: true } });
  return z.NEVER;
}

/** A failure the variable's expectation explains fully (it lists the accepted values). */
function invalid(ctx: TRefinementContext): typeof z.NEVER {
  ctx.addIssue({ code: "custom", message: "invalid" });
  return z.NEVER;
}

/** The precise reason a schema gave, if any (issues made by `detail`). */
export function issueDetail(error: z.ZodError): string | null {
  for (const issue of error.issues) {
    if (issue.code === "custom" && (issue.params as { detail?: boolean } | undefined)?.detail) return issue.message;
  }
  return null;
}

export function text(): TEnvSchema<string> {
  return z.string().min(1);
}

export function integer(options: { min: number; max?: number }): TEnvSchema<number> {
  return z.string().transform((value, ctx) => {
    if (!/^-?\d+$/.test(value)) return detail(ctx, "not a whole number");
    const number = Number(value);
    if (number < options.min) return detail(ctx, `below ${options.min}`);
    if (options.max !== undefined && number > options.max) return detail(ctx, `above ${options.max}`);
    return number;
  });
}

export function positiveNumber(options: { max?: number } = {}): TEnvSchema<number> {
  return z.string().transform((value, ctx) => {
    const number = Number(value);
    if (!Number.isFinite(number) || number <= 0) return detail(ctx, "not a number above 0");
    if (options.max !== undefined && number > options.max) return detail(ctx, `above ${options.max}`);
    return number;
  });
}

/** `1`/`0`, `true`/`false`, `yes`/`no`, `on`/`off` (any case). */
export function boolean(): TEnvSchema<boolean> {
  return z.string().transform((value, ctx) => {
    const lowered = value.toLowerCase();
    if (["1", "true", "yes", "on"].includes(lowered)) return true;
    if (["0", "false", "no", "off"].includes(lowered)) return false;
    return invalid(ctx);
  });
}

/** "15s", "10m", "1.5h", "2d", "250ms"; a bare number is seconds. In milliseconds. */
export function duration(): TEnvSchema<number> {
  return z.string().transform((value, ctx) => {
    try {
      return parseDurationMs(value, "the value");
    } catch {
      return detail(ctx, "not a duration");
    }
  });
}

export function httpUrl(): TEnvSchema<string> {
  return z.string().refine((value) => {
    try {
      const { protocol } = new URL(value);
      return protocol === "http:" || protocol === "https:";
    } catch {
      return false;
    }
  });
}

export function postgresUrl(): TEnvSchema<string> {
  return z.string().regex(/^postgres(ql)?:\/\/\S+$/);
}

/** One of the given words, case-insensitively; yields it lowercased. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T): TEnvSchema<T[number]> {
  return z.string().transform((value, ctx) => {
    const lowered = value.toLowerCase();
    const found = values.find((candidate) => candidate === lowered);
    return found ?? invalid(ctx);
  });
}

/** Comma-separated words; blanks dropped. */
export function commaList(): TEnvSchema<string[]> {
  return z.string().transform((value) => value.split(",").map((item) => item.trim()).filter(Boolean));
}

/** A path list in the platform's separator (KUBECONFIG's form); blanks dropped. */
export function pathList(delimiter: string): TEnvSchema<string[]> {
  return z.string().transform((value) => value.split(delimiter).filter((item) => item !== ""));
}

/** A JSON object of header names to string values. */
export function jsonHeaders(): TEnvSchema<Record<string, string>> {
  return z.string().transform((value, ctx) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return detail(ctx, "not valid JSON");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return detail(ctx, "not a JSON object");
    const headers: Record<string, string> = {};
    for (const [name, headerValue] of Object.entries(parsed)) {
      if (typeof headerValue !== "string") return detail(ctx, `the value of "${name}" must be a string`);
      headers[name] = headerValue;
    }
    return headers;
  });
}

/** "60" or "40-90" (seconds, fractions allowed): a range with min ≤ max, both above 0. */
export function secondsRange(): TEnvSchema<{ min: number; max: number }> {
  return z.string().transform((value, ctx) => {
    const match = /^(\d+(?:\.\d+)?)(?:\s*-\s*(\d+(?:\.\d+)?))?$/.exec(value);
    if (!match) return detail(ctx, "not a number or a range");
    const min = Number(match[1]);
    const max = match[2] === undefined ? min : Number(match[2]);
    if (!(min > 0)) return detail(ctx, "must be above 0");
    if (!(max >= min)) return detail(ctx, "the range's end is below its start");
    return { min, max };
  });
}

export function email(): TEnvSchema<string> {
  return z.string().transform((value, ctx) => {
    const lowered = value.toLowerCase();
    return z.email().safeParse(lowered).success ? lowered : detail(ctx, "not an email address");
  });
}

export function minLength(length: number): TEnvSchema<string> {
  return z.string().transform((value, ctx) => (value.length >= length ? value : detail(ctx, "too short")));
}

export function matching(pattern: RegExp): TEnvSchema<string> {
  return z.string().regex(pattern);
}
