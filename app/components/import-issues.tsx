/** What was wrong with an imported file: nothing was imported, and every problem with its row. */
export function ImportIssues({ issues }: { issues: readonly string[] }) {
  if (!issues.length) return null;
  return (
    <div className="form-error ao-import-issues" role="alert">
      <p>Filen importerades inte, och inget har ändrats. {issues.length === 1 ? "Rätta felet" : `Rätta de ${issues.length} felen`} och försök igen:</p>
      <ul>
        {issues.map((issue, i) => (
          <li key={i}>{issue}</li>
        ))}
      </ul>
    </div>
  );
}
