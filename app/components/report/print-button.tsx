import { useEffect, useState } from "react";

/** "Skriv ut": a button once JavaScript runs, otherwise a hint to use the browser's own print. */
export function PrintButton() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  if (!hydrated) return <p className="report-print-hint">Skriv ut rapporten med webbläsarens utskrift (Ctrl+P eller ⌘+P).</p>;
  return (
    <button type="button" className="button button--secondary" onClick={() => window.print()}>
      Skriv ut
    </button>
  );
}
