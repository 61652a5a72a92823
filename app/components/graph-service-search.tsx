"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import type { TServicePage } from "@/server/catalog/catalog.schemas.ts";
import { fetchJson } from "./fetch-json.ts";
import { GRAPH_STATUS_STYLES } from "./graph-status-palette.ts";
import { rankServiceMatches } from "./rank-service-matches.ts";

const MAX_MATCHES = 8;
/** Typing pauses shorter than this do not ask the server (one request per word, not per key). */
const DEBOUNCE_MS = 180;

/**
 * Type-ahead over the whole catalog (GET /api/v1/services?q=…, keyset-paginated and
 * indexed on the server, so it is as fast at 10,000 services as at 30): choosing a
 * service focuses the graph on it. A combobox in the ARIA pattern: arrows move, Enter
 * chooses, Escape closes.
 */
export function GraphServiceSearch({ onSelect }: { onSelect: (slug: string) => void }) {
  const id = useId();
  const listId = `${id}-results`;
  const [text, setText] = useState("");
  const [query, setQuery] = useState("");
  const [isOpen, setOpen] = useState(false);
  const [active, setActive] = useState(-1);

  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const results = useQuery({
    queryKey: ["graph-search", query],
    queryFn: ({ signal }) =>
      fetchJson<TServicePage>(`/api/v1/services?${new URLSearchParams({ q: query, limit: String(MAX_MATCHES * 3), sort: "name" }).toString()}`, signal),
    enabled: query.length > 0,
    staleTime: 30_000,
  });
  const matches = query ? rankServiceMatches(query, results.data?.services ?? []).slice(0, MAX_MATCHES) : [];
  const isShown = isOpen && query.length > 0 && query === text.trim();

  const choose = (slug: string) => {
    setOpen(false);
    setActive(-1);
    setText("");
    setQuery("");
    onSelect(slug);
  };

  return (
    <div className="graph-search" role="search">
      <label htmlFor={`${id}-input`} className="visually-hidden">
        Find a service to focus the graph on
      </label>
      <input
        id={`${id}-input`}
        className="input"
        type="search"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={isShown && matches.length > 0}
        aria-controls={listId}
        aria-activedescendant={isShown && active >= 0 ? `${listId}-${active}` : undefined}
        autoComplete="off"
        placeholder="Find a service…"
        value={text}
        onChange={(event) => {
          setText(event.currentTarget.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown" || event.key === "ArrowUp") {
            event.preventDefault();
            setOpen(true);
            if (matches.length === 0) return;
            const step = event.key === "ArrowDown" ? 1 : -1;
            setActive((current) => (current + step + matches.length) % matches.length);
          } else if (event.key === "Enter") {
            event.preventDefault();
            const chosen = matches[active >= 0 ? active : 0];
            if (chosen && isShown) choose(chosen.slug);
            else if (/^[a-z0-9][a-z0-9-]*$/.test(text.trim())) choose(text.trim());
          } else if (event.key === "Escape") {
            setOpen(false);
          }
        }}
      />
      {isShown && matches.length === 0 ? (
        <div className="graph-search-results graph-search-empty" role="status">
          {results.isFetching || results.isPending ? "Searching…" : results.error ? results.error.message : `No service matches “${query}”`}
        </div>
      ) : null}
      {isShown && matches.length > 0 ? (
        <ul id={listId} role="listbox" aria-label="Matching services" className="graph-search-results">
          {matches.map((service, index) => {
            const style = service.sloStatus ? GRAPH_STATUS_STYLES[service.sloStatus] : GRAPH_STATUS_STYLES.none;
            return (
              <li
                key={service.slug}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === active}
                className="graph-search-option"
                // mousedown, not click: the input's blur would close the list first.
                onMouseDown={(event) => {
                  event.preventDefault();
                  choose(service.slug);
                }}
                onMouseEnter={() => setActive(index)}
              >
                <span className="graph-search-name">{service.name}</span>
                <span className="graph-search-meta">
                  {service.slug}
                  {service.ownerTeam ? ` · ${service.ownerTeam.name}` : ""} · {style.word}
                </span>
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
