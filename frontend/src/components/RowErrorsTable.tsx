// The rows a load rejected (or a dry run would reject): row, column, value
// and why, as the upload page and the wizard's preview both show them.
import type { RowError } from "../model/types";

export function RowErrorsTable({ errors, caption }: { errors: RowError[]; caption: string }) {
  return (
    <table className="errors" data-testid="row-errors">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Row</th>
          <th scope="col">Column</th>
          <th scope="col">Value</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {errors.map((e, i) => (
          <tr key={i}>
            <td className="num">{e.row}</td>
            <td>{e.column}</td>
            <td>
              <code>{e.value}</code>
            </td>
            <td>{e.message || e.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
