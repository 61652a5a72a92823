import pino from "pino";
import { getConfig } from "@/server/config/get-config.ts";

type TLogTap = (line: string) => void;
const taps = new Set<TLogTap>();

/** Structured logs; secrets are redacted by path so they can never be printed. */
export const logger = pino(
  {
    level: logLevel(),
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

/**
 * LOG_LEVEL, read when the logger is built (at import). An invalid configuration must not
 * fail an import with a stack trace: `npm start` (and any first use of getConfig) reports
 * it with the variable's name, so until then this logs at "info".
 */
function logLevel(): string {
  try {
    return getConfig().server.logLevel;
  } catch {
    return "info";
  }
}

/** Every log line written from now until `stop()` (the test that proves no secret is ever logged). */
export function captureLogLines(): { lines: string[]; stop: () => void } {
  const lines: string[] = [];
  const tap: TLogTap = (line) => lines.push(line);
  taps.add(tap);
  return { lines, stop: () => taps.delete(tap) };
}
