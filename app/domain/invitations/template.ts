/** The placeholders an invitation's subject and body may use, documented on the create page. */
export const PLACEHOLDERS = [
  { key: "{organisation}", description: "organisationens namn" },
  { key: "{lank}", description: "den personliga svarslänken (varje organisation får en egen)" },
  { key: "{sista_svarsdag}", description: "sista svarsdag, t.ex. ”15 maj 2027”" },
  { key: "{tid}", description: "informationskvällens tid och plats, eller de föreslagna tiderna för besöket" },
] as const;

export type TemplateValues = { organisation: string; lank: string; sista_svarsdag: string; tid: string };

/** Replaces the known placeholders; anything else in braces stays as written. */
export function renderTemplate(template: string, values: TemplateValues): string {
  return template.replace(/\{(organisation|lank|sista_svarsdag|tid)\}/g, (_m, key: keyof TemplateValues) => values[key]);
}

export const DEFAULT_SUBJECT = {
  info_evening: "Inbjudan till informationskväll med kontaktcenter",
  visit_offer: "Vill ni ha besök av kontaktcenter?",
} as const;

/** The message the form starts with, signed with the contact center's name ("Helsingborgs stads kontaktcenter"). */
export function defaultBody(kind: keyof typeof DEFAULT_SUBJECT, contactCenter: string): string {
  return kind === "info_evening"
    ? `Hej {organisation}!\n\n${contactCenter} bjuder in er till en informationskväll om kommunens service och vår turné.\n\n{tid}\n\n` +
        `Svara senast {sista_svarsdag} via er personliga länk:\n{lank}\n\nVälkomna!\n${contactCenter}`
    : `Hej {organisation}!\n\nKontaktcenter rullar ut och vill gärna besöka er. Vi föreslår följande tider:\n\n{tid}\n\n` +
        `Välj en tid och berätta vilka rådgivare ni vill träffa senast {sista_svarsdag} via er personliga länk:\n{lank}\n\n` +
        `Vänliga hälsningar\n${contactCenter}`;
}
