import pino from "pino";

type TLogTap = (line: string) => void;
const taps = new Set<TLogTap>();

/** Structured logs; secrets are redacted by path so they can never be printed. */
export const logger = pino(
  {
    level: process.env.LOG_LEVEL ?? "info",
    base: { app: "plumbline" },
    redact: {
      paths: ["token", "*.token", "password", "*.password", "authorization", "*.authorization", "headers.authorization", "cookie", "*.cookie", "headers.cookie"],
      censor: "[redacted]",
    },
  },
  {
    write(line: string) {
      for (const tap of taps) tap(line);
      process.stdout.write(line);
    },
  },
);

/** Every log line written from now until `stop()` (the test that proves no secret is ever logged). */
export function captureLogLines(): { lines: string[]; stop: () => void } {
  const lines: string[] = [];
  const tap: TLogTap = (line) => lines.push(line);
  taps.add(tap);
  return { lines, stop: () => taps.delete(tap) };
}
