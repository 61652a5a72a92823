/**
 * Small, strict helpers for writing PromQL text. Everything that reaches a query from
 * configuration passes through here, so a label value can never break out of its quotes.
 */

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
// Prometheus durations Plumbline accepts: one number and one unit (no "1h30m"), which
// keeps configuration readable and is all a rate range or window needs.
const DURATION = /^[1-9][0-9]*(ms|s|m|h|d|w|y)$/;

export type LabelMatcherOperator = "=" | "!=" | "=~" | "!~";

export interface LabelMatcher {
  name: string;
  op: LabelMatcherOperator;
  value: string;
}

/** A PromQL double-quoted string literal (Go escaping rules). */
export function quotePromqlString(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

export function assertLabelName(name: string): string {
  if (!LABEL_NAME.test(name)) {
    throw new RangeError(`"${name}" is not a Prometheus label name (letters, digits and _, not starting with a digit)`);
  }
  return name;
}

export function assertPromqlDuration(duration: string, what: string): string {
  if (!DURATION.test(duration)) {
    throw new RangeError(`${what} "${duration}" is not a Prometheus duration like "30s", "1m" or "28d"`);
  }
  return duration;
}

/** `metric{a="x", b!~"y"}`; matchers keep their order so tests can compare exact text. */
export function selector(metric: string, matchers: readonly LabelMatcher[]): string {
  if (matchers.length === 0) return metric;
  const body = matchers.map((m) => `${assertLabelName(m.name)}${m.op}${quotePromqlString(m.value)}`).join(", ");
  return `${metric}{${body}}`;
}

export const eq = (name: string, value: string): LabelMatcher => ({ name, op: "=", value });
export const ne = (name: string, value: string): LabelMatcher => ({ name, op: "!=", value });
export const re = (name: string, value: string): LabelMatcher => ({ name, op: "=~", value });
export const nre = (name: string, value: string): LabelMatcher => ({ name, op: "!~", value });

/** Adds a constant `sli` label to every series of `expr`, so several questions can share one query. */
export function tagSli(expr: string, value: string): string {
  return `label_replace(${expr}, "sli", ${quotePromqlString(value)}, "", "")`;
}

/**
 * Matches a histogram `le` label for the given bucket bounds, however the exporter or
 * Prometheus spelled the number: "100" (Prometheus 2, most exporters) and "100.0"
 * (Prometheus 3 normalizes `le` to float notation). `[.]` avoids backslash escaping.
 */
export function leMatcher(bounds: readonly number[]): LabelMatcher {
  const alternatives = bounds.map((bound) => {
    if (!Number.isFinite(bound) || bound <= 0) throw new RangeError(`latency threshold ${bound} ms must be a positive number`);
    const text = String(bound).replace(".", "[.]");
    return Number.isInteger(bound) ? `${text}([.]0)?` : text;
  });
  return re("le", alternatives.join("|"));
}

