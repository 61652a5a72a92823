import { logger } from "@/server/logger.ts";
import { currentThreadId, setBackgroundThreadNice } from "./background-thread-priority.ts";

/**
 * The configured nice increment for the worker threads started from now on, where it can apply:
 * Linux with /proc (a thread id is a priority target of its own). Elsewhere it says so once,
 * at debug, and the threads run as equals of the event loop.
 */
export function applyBackgroundThreadNice(increment: number): void {
  if (increment === 0) return;
  if (process.platform !== "linux" || currentThreadId() === null) {
    logger.debug({ increment, platform: process.platform }, "worker threads keep the event loop's priority: per-thread nice values need Linux's /proc");
    return;
  }
  setBackgroundThreadNice(increment);
}
