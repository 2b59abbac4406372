import { useMatches } from "@remix-run/react";

/**
 * A page in another language than Swedish (the reply page in English, issue 13 point 4) says so
 * through its route's `handle.documentLang`, and the document follows: `<html lang>`, the skip link
 * and the footer. Pages without it are Swedish, as the rest of the app.
 */
export type DocumentLang = {
  lang: string;
  skipLink: string;
  footer: { lead: string; links: { href: string; label: string }[] };
};

export type DocumentLangHandle = { documentLang?: (data: unknown) => DocumentLang | null };

/** The deepest route's document language, or null for the app's Swedish. */
export function useDocumentLang(): DocumentLang | null {
  const matches = useMatches();
  for (let i = matches.length - 1; i >= 0; i--) {
    const handle = matches[i]!.handle as DocumentLangHandle | undefined;
    const lang = handle?.documentLang?.(matches[i]!.data);
    if (lang) return lang;
  }
  return null;
}
