import { useRouteLoaderData } from "@remix-run/react";
import { DEFAULT_KIND_NAMES, type KindNames } from "~/domain/kinds/names";
import type { RootData } from "~/root";

/** The municipality's names of its kinds of stop and organization, from the root loader. */
export function useKindNames(): KindNames {
  return useRouteLoaderData<RootData>("root")?.kinds ?? DEFAULT_KIND_NAMES;
}
