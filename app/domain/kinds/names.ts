/**
 * What the municipality calls its kinds of stop and organization (Admin → Listor). The codes are
 * fixed; the names and which kinds are offered in forms are the admin's. Pure: the pages get the
 * names from the root loader (useKindNames in components/kind-names.tsx), server code from
 * kindNames (./names.server.ts).
 */
import { ORGANIZATION_KINDS, STOP_KINDS, type OrganizationKind, type StopKind } from "#db/enums";
import { ORGANIZATION_KIND_LABELS } from "~/domain/organizations/labels";
import { STOP_KIND_LABELS } from "~/domain/stops/labels";

export type KindNames = {
  stop: Record<StopKind, string>;
  organization: Record<OrganizationKind, string>;
  /** The kinds offered in forms and filters, in the admin's order. */
  stopChoices: StopKind[];
  organizationChoices: OrganizationKind[];
};

/** The names every install starts with (the migration's), for code that runs before any are read. */
export const DEFAULT_KIND_NAMES: KindNames = {
  stop: STOP_KIND_LABELS,
  organization: ORGANIZATION_KIND_LABELS,
  stopChoices: [...STOP_KINDS],
  organizationChoices: [...ORGANIZATION_KINDS],
};

/** The choices of a form: the active kinds, and the value it already has even if that kind is no longer offered. */
export function choicesWith<K extends string>(choices: readonly K[], current: K | null | undefined): K[] {
  return current && !choices.includes(current) ? [...choices, current] : [...choices];
}
