import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import leafletCss from "leaflet/dist/leaflet.css?url";
import type { ReactNode } from "react";
import { AppHeader } from "~/components/layout";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { getDb } from "~/db.server";
import { getMunicipalityName } from "~/domain/settings/settings.server";
import { getUser } from "~/session.server";
import appCss from "~/styles/app.css?url";
import { useNonce } from "~/utils/nonce";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: appCss },
  { rel: "stylesheet", href: leafletCss },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Rullar ut" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  return {
    user: user ? { id: user.id, name: user.name, role: user.role } : null,
    municipalityName: getMunicipalityName(getDb()),
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <html lang="sv">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#huvudinnehall">
          Hoppa till huvudinnehållet
        </a>
        <AppHeader user={data?.user ?? null} municipalityName={data?.municipalityName ?? null} />
        <main id="huvudinnehall" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <p>
            Rullar ut – {data?.municipalityName ?? "kommunens"} kontaktcenter ute bland invånarna.{" "}
            <a href="/har-finns-vi">Här finns vi: kommande besök</a> · <a href="/om-tjansten">Om tjänsten och datakällor</a>
          </p>
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
