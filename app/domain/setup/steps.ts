/**
 * The first-run set-up's steps (issue 14): a new install is led through them by its first admin,
 * and every step can be revisited later from Admin. Pure: safe to import in browser code.
 */
export const SETUP_STEPS = [
  { path: "/installera", title: "Kommun" },
  { path: "/installera/kontaktcenter", title: "Kontaktcenter" },
  { path: "/installera/roller", title: "Svarsgrupper och rådgivning" },
  { path: "/installera/fragor", title: "Förvaltningar och ämnen" },
  { path: "/installera/foreningar", title: "Föreningar" },
  { path: "/installera/klart", title: "Klart" },
] as const;

export type SetupStepPath = (typeof SETUP_STEPS)[number]["path"];

/** Pages an admin may open before the set-up is done (besides the set-up itself). */
export function openDuringSetup(pathname: string): boolean {
  return (
    pathname === "/installera" ||
    pathname.startsWith("/installera/") ||
    pathname === "/logga-in" ||
    pathname === "/logga-ut" ||
    pathname === "/om-tjansten" ||
    pathname.startsWith("/diagnostik/")
  );
}

/**
 * The municipality's own name as it is usually written: "Kristinehamns kommun", but "Ale kommun",
 * "Borås kommun" (no -s after a vowel or an s). The admin can change it in the next step
 * (some call themselves "stad": "Helsingborgs stad").
 */
export function defaultOrganisationName(municipality: string): string {
  const name = municipality.trim();
  return /[aeiouyåäösxz]$/i.test(name) ? `${name} kommun` : `${name}s kommun`;
}
