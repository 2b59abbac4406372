import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useMatches, useRouteLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import leafletCss from "leaflet/dist/leaflet.css?url";
import { useEffect, type ReactNode } from "react";
import { AppHeader, usePageChangeFocus } from "~/components/layout";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { getDb } from "~/db.server";
import { getMunicipalityName } from "~/domain/settings/settings.server";
import { chosenTour, tourParamsOf } from "~/domain/tours/chosen-tour.server";
import { kindNames } from "~/domain/kinds/names.server";
import { getEnv } from "~/env.server";
import { isSetUp } from "~/domain/setup/setup.server";
import { getUser, requireSetUp } from "~/session.server";
import appCss from "~/styles/app.css?url";
import { useNonce } from "~/utils/nonce";
import { useDocumentLang } from "~/utils/document-lang";
import { contactCenterName } from "~/domain/settings/names";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: appCss },
  { rel: "stylesheet", href: leafletCss },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Rullar ut" }];

export async function loader({ request }: LoaderFunctionArgs) {
  requireSetUp(new URL(request.url));
  const user = await getUser(request);
  const db = getDb();
  return {
    setupPending: !isSetUp(db),
    kinds: kindNames(db),
    // A demo install says so on every page: its people, contacts and tours are made up.
    demo: getEnv().DEMO_DATA || !getEnv().isProduction,
    user: user ? { id: user.id, name: user.name, role: user.role } : null,
    // The header shows the tour the pages open on; read from the URL too, as the page's own loader
    // (running beside this one) may be remembering a new choice in this very request.
    tour: user ? chosenTour(db, user, tourParamsOf(new URL(request.url))) : null,
    municipalityName: getMunicipalityName(db),
  };
}

/** The chosen tour can change on any page (a ?turne= or a tour opened), so the header follows every navigation. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, defaultShouldRevalidate }) =>
  defaultShouldRevalidate || currentUrl.pathname !== nextUrl.pathname;

export type RootData = Awaited<ReturnType<typeof loader>>;

/**
 * `<html data-hydrated>` once React has taken over the page: the enhanced page (instant form
 * checks, maps) is there. Tests wait for it instead of for an idle network.
 */
function useMarkHydrated() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = "";
  }, []);
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  // Swedish, unless the page is in another language (the reply page in English, issue 13 point 4).
  const pageLang = useDocumentLang();
  const compact = useMatches().some((m) => (m.handle as { compactHeader?: boolean } | undefined)?.compactHeader === true);
  usePageChangeFocus();
  useMarkHydrated();
  return (
    <html lang={pageLang?.lang ?? "sv"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#huvudinnehall">
          {pageLang?.skipLink ?? "Hoppa till huvudinnehållet"}
        </a>
        <AppHeader
          user={data?.user ?? null}
          municipalityName={data?.municipalityName ?? null}
          tour={data?.tour ?? null}
          compact={compact}
          setupPending={data?.setupPending ?? false}
        />
        <main id="huvudinnehall" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          {pageLang ? (
            <p>
              {pageLang.footer.lead}{" "}
              {pageLang.footer.links.map((l, i) => (
                <span key={l.href}>
                  {i ? " · " : ""}
                  <a href={l.href} hrefLang="sv">
                    {l.label}
                  </a>
                </span>
              ))}
            </p>
          ) : (
            <p>
              Rullar ut – {contactCenterName(data?.municipalityName)} ute bland invånarna. <a href="/har-finns-vi">Här finns vi: kommande besök</a> ·{" "}
              <a href="/om-tjansten">Om tjänsten och datakällor</a>
            </p>
          )}
          {data?.demo ? (
            <p className="site-footer__demo">
              <strong>Demo.</strong> Personer, kontaktuppgifter, turnéer och frågor är påhittade; platser och föreningar kommer från öppna källor.
            </p>
          ) : null}
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
