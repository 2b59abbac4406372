/**
 * How the organisation behind the contact center is named in running text (issue 13, point 4).
 * The organisation's name is the settings' `name` ("Helsingborgs stad", "Kristinehamns kommun");
 * every page, e-mail and privacy text that says whose contact center it is asks here, so the
 * genitive is formed once and correctly ("Helsingborgs stads kontaktcenter", never
 * "Helsingborg kontaktcenter"). Pure: used by server and browser code alike.
 */

/**
 * The Swedish genitive of a name: an -s on the last word, none when it already ends in s, x or z
 * ("Helsingborgs stad" → "Helsingborgs stads", "Borås" → "Borås", "Kalix" → "Kalix").
 */
export function swedishGenitive(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return trimmed;
  return /[sxz]$/i.test(trimmed) ? trimmed : `${trimmed}s`;
}

/**
 * "Helsingborgs stads kontaktcenter" for "Helsingborgs stad"; "Kommunens kontaktcenter" when the
 * name is not known. Starts with a capital as the organisation's name does, so it can open a sentence.
 */
export function contactCenterName(organizationName: string | null | undefined): string {
  const name = organizationName?.trim();
  return name ? `${swedishGenitive(name)} kontaktcenter` : "Kommunens kontaktcenter";
}

/** The English counterpart, for the reply page in English: "the contact centre of Helsingborgs stad". */
export function contactCentreNameEn(organizationName: string | null | undefined): string {
  const name = organizationName?.trim();
  return name ? `the contact centre of ${name}` : "the municipality's contact centre";
}
