import { Link, useLocation } from "@remix-run/react";

/** Previous/next links that keep the other query parameters. Pages are 1-based in the URL (?sida=2). */
export function Pager({
  page,
  pageCount,
  label,
  dropParams = [],
}: {
  page: number;
  pageCount: number;
  label: string;
  /** One-off parameters (e.g. an import's result notice) that should not follow to the next page. */
  dropParams?: string[];
}) {
  const location = useLocation();
  if (pageCount <= 1) return null;
  const href = (p: number) => {
    const params = new URLSearchParams(location.search);
    for (const key of dropParams) params.delete(key);
    if (p === 1) params.delete("sida");
    else params.set("sida", String(p));
    const q = params.toString();
    return `${location.pathname}${q ? `?${q}` : ""}`;
  };
  return (
    <nav className="pager" aria-label={label}>
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev">
          ← Föregående
        </Link>
      ) : (
        <span />
      )}
      <span>
        Sida {page} av {pageCount}
      </span>
      {page < pageCount ? (
        <Link to={href(page + 1)} rel="next">
          Nästa →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}

/** Reads ?sida= safely: a whole number from 1, else 1. */
export function pageParam(url: URL): number {
  const n = Number(url.searchParams.get("sida"));
  return Number.isInteger(n) && n >= 1 ? n : 1;
}
