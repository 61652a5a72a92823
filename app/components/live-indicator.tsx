"use client";

/**
 * Tells the reader the page refreshes itself, and, when a refresh fails, that what they
 * see is the last good data rather than silently going stale.
 */
export function LiveIndicator({
  updatedAt,
  isFetching,
  error,
}: {
  updatedAt: number;
  isFetching: boolean;
  error: Error | null;
}) {
  const time = new Date(updatedAt).toLocaleTimeString("en-GB");
  if (error) {
    return (
      <span className="live live-error" role="status" title={error.message}>
        <span className="live-dot" aria-hidden="true" />
        Refresh failed, showing data from <span suppressHydrationWarning>{time}</span>
      </span>
    );
  }
  return (
    <span className="live" title="Refreshes every 15 seconds">
      <span className="live-dot" aria-hidden="true" />
      {isFetching ? "Refreshing…" : <>Live · updated <span suppressHydrationWarning>{time}</span></>}
    </span>
  );
}
