import fs from "node:fs";
import path from "node:path";
import pino from "pino";
import { getConfig } from "@/server/config/get-config.ts";
import { sourceMappedStack } from "@/server/runtime/source-mapped-errors.ts";

type TLogTap = (line: string) => void;
const taps = new Set<TLogTap>();
const ERROR_LEVEL = 50;

/** Structured logs; secrets are redacted by path so they can never be printed. */
export const logger = pino(
  {
    level: logSettings().level,
    base: { app: "plumbline" },
    // Frames at our TypeScript files: production runs without --enable-source-maps (docs/adr/015).
    serializers: { err: pino.stdSerializers.wrapErrorSerializer(withSourceMappedStack) },
    redact: {
      paths: ["token", "*.token", "password", "*.password", "authorization", "*.authorization", "headers.authorization", "cookie", "*.cookie", "headers.cookie"],
      censor: "[redacted]",
    },
  },
  { write: createLogSink() },
);

type TSerializedError = ReturnType<typeof pino.stdSerializers.err>;

function withSourceMappedStack(error: TSerializedError): TSerializedError {
  if (typeof error.stack !== "string") return error;
  return { ...error, stack: sourceMappedStack(error.stack) };
}

/**
 * LOG_LEVEL, LOG_FORMAT and LOG_FILE, read when the logger is built (at import). An invalid
 * configuration must not fail an import with a stack trace: `npm start` (and any first use
 * of getConfig) reports it with the variable's name, so until then this logs at "info" to stdout.
 */
function logSettings(): { level: string; toFile: string | null } {
  try {
    const { logLevel, logFormat, logFile } = getConfig().server;
    return { level: logLevel, toFile: logFormat === "file" ? logFile : null };
  } catch {
    return { level: "info", toFile: null };
  }
}

/**
 * Where lines go. LOG_FORMAT=json: stdout, one JSON object a line (containers, collectors).
 * LOG_FORMAT=file (the default): appended to LOG_FILE, so `npm start` prints only its
 * human-readable start-up lines; an error still gets one short line on stderr, pointing
 * at the file, so it is never silent.
 */
function createLogSink(): (line: string) => void {
  const file = logSettings().toFile;
  let stream: fs.WriteStream | null = null;
  const toFile = (line: string) => {
    if (stream === null) {
      fs.mkdirSync(path.dirname(file ?? "."), { recursive: true });
      stream = fs.createWriteStream(file ?? "", { flags: "a" });
    }
    stream.write(line);
  };
  return (line: string) => {
    for (const tap of taps) tap(line);
    if (file === null) {
      process.stdout.write(line);
      return;
    }
    toFile(line);
    const entry = readErrorLine(line);
    if (entry !== null) process.stderr.write(`✖ ${entry} (details in ${path.relative(process.cwd(), file) || file})\n`);
  };
}

/** The message of an error-level line, or null for anything quieter. */
function readErrorLine(line: string): string | null {
  try {
    const parsed = JSON.parse(line) as { level?: number; msg?: string };
    return (parsed.level ?? 0) >= ERROR_LEVEL ? (parsed.msg ?? "error") : null;
  } catch {
    return null;
  }
}

/** Every log line written from now until `stop()` (the test that proves no secret is ever logged). */
export function captureLogLines(): { lines: string[]; stop: () => void } {
  const lines: string[] = [];
  const tap: TLogTap = (line) => lines.push(line);
  taps.add(tap);
  return { lines, stop: () => taps.delete(tap) };
}
