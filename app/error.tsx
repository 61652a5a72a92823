"use client";

import Link from "next/link";
import { useEffect } from "react";

/**
 * Error boundary for every page below the shell. Server errors arrive without their
 * message (Next hides it in production); the digest lets an operator find the log line.
 */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  const digest =
    error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : undefined;

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
