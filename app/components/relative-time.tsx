"use client";

import { formatDateTime, formatRelativeTime } from "./format.ts";

/** "3 min ago", with the exact time on hover; server and browser clocks differ, so hydration may too. */
export function RelativeTime({ iso, now }: { iso: string; now?: number }) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)} suppressHydrationWarning>
      {formatRelativeTime(iso, now)}
    </time>
  );
}
