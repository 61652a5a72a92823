"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";

/**
 * One QueryClient per browser session. It is created in state, never at module level:
 * a module-level client would be shared by every request the server renders and leak
 * one organization's cached data into another's page.
 */
export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            // Pages arrive with server-rendered data; without a stale time every
            // component would refetch it again the moment it mounts.
            staleTime: 10_000,
            retry: 1,
          },
        },
      }),
  );
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
