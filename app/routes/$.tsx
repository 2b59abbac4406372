import { GeneralErrorBoundary } from "~/components/error-boundary";
import { notFound } from "~/utils/http.server";

/** Every unknown URL: a Swedish 404 inside the normal page layout. */
export async function loader() {
  notFound();
}

export async function action() {
  notFound();
}

export default function NotFoundPage() {
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
