"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";

const HEALTH_POLL_MS = 5_000;

type TCause = "checking" | "database" | "other";

/**
 * Error boundary for every page below the shell. Server errors arrive without their
 * message (Next hides it in production); the digest lets an operator find the log line.
 * When /api/health says the database is unreachable, the page says so and tries again by
 * itself as soon as the database answers, instead of leaving a dead page.
 */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  const [cause, setCause] = useState<TCause>("checking");
  const wasDatabaseDown = useRef(false);

  useEffect(() => {
    console.error(error);
  }, [error]);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async () => {
      const healthy = await fetch("/api/health", { cache: "no-store" })
        .then((response) => response.ok)
        .catch(() => false);
      if (stopped) return;
      if (healthy) {
        if (wasDatabaseDown.current) {
          // The database is back: render the page again.
          wasDatabaseDown.current = false;
          setCause("checking");
          retry();
        } else {
          setCause("other");
        }
        return;
      }
      wasDatabaseDown.current = true;
      setCause("database");
      timer = setTimeout(() => void check(), HEALTH_POLL_MS);
    };
    void check();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [retry]);

  const digest =
    error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : undefined;

  if (cause === "database") {
    return (
      <div className="status-page" role="alert" aria-live="polite">
        <div className="code">503</div>
        <h1>Database unavailable</h1>
        <p>Plumbline cannot reach its database right now. This page retries by itself every {HEALTH_POLL_MS / 1000} seconds and comes back as soon as the database answers; nothing you did was lost.</p>
      </div>
    );
  }

  return (
    <div className="status-page" role="alert">
      <div className="code">ERROR</div>
      <h1>Something went wrong</h1>
      <p>Plumbline could not load this page. This is usually temporary, for example while the database starts.</p>
      {digest ? (
        <p className="muted card-text">
          Reference: <code>{digest}</code>
        </p>
      ) : null}
      <div className="actions">
        <button type="button" className="button button-primary" onClick={() => retry()}>
          Try again
        </button>
        <Link className="button" href="/">
          Go home
        </Link>
      </div>
    </div>
  );
}
