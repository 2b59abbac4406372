import { formatNumber } from "~/utils/format";

/** An area's population with its year in a table cell, or a dash that screen readers read as "uppgift saknas". */
export function PopulationCell({ population, populationYear }: { population: number | null; populationYear: number | null }) {
  return (
    <td className="num">
      {population !== null ? (
        <>
          {formatNumber(population)}
          {populationYear ? <span className="muted table-sub"> år {populationYear}</span> : null}
        </>
      ) : (
        <>
          <span aria-hidden="true">–</span>
          <span className="visually-hidden">uppgift saknas</span>
        </>
      )}
    </td>
  );
}
