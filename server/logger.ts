import pino from "pino";

/** Structured logs; secrets are redacted by path so they can never be printed. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { app: "plumbline" },
  redact: {
    paths: ["token", "*.token", "password", "*.password", "authorization", "*.authorization", "headers.authorization"],
    censor: "[redacted]",
  },
});
