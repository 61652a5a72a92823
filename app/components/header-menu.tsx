"use client";

import { usePathname } from "next/navigation";
import { useEffect, useId, useState, type ReactNode } from "react";

/**
 * The part of the top bar that folds away on narrow screens: below the breakpoint in
 * globals.css (.header-menu) a "Menu" button shows and hides it; on wide screens the
 * button is hidden and the panel sits inline. Closes on navigation and on Escape, so
 * the page a link opened is what a phone user sees next.
 */
export function HeaderMenu({ children }: { children: ReactNode }) {
  const [isOpen, setIsOpen] = useState(false);
  const panelId = useId();
  const pathname = usePathname();
  const [openedOn, setOpenedOn] = useState(pathname);
  if (openedOn !== pathname) {
    // A link in the panel was followed: fold it (state adjusted during render, React's documented pattern).
    setOpenedOn(pathname);
    setIsOpen(false);
  }

  useEffect(() => {
    if (!isOpen) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setIsOpen(false);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [isOpen]);

  return (
    <>
      <button
        type="button"
        className="button header-menu-button"
        aria-expanded={isOpen}
        aria-controls={panelId}
        onClick={() => setIsOpen((open) => !open)}
      >
        <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
          {isOpen ? <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" /> : <path d="M2.5 4h11M2.5 8h11M2.5 12h11" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />}
        </svg>
        Menu
      </button>
      <div id={panelId} className="header-menu" data-open={isOpen ? "true" : "false"}>
        {children}
      </div>
    </>
  );
}
