/**
 * A figure's value as the tables print it: thousands grouped above 1000, three significant digits below, so a
 * table of rates, times and ratios reads at a glance without pretending to precision a noisy machine lacks.
 * @example formatFigure(123456.7) // '123,457'
 * @example formatFigure(0.012345) // '0.0123'
 */
export function formatFigure(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1000) return Math.round(value).toLocaleString('en-US');
  if (magnitude === 0) return '0';
  return Number(value.toPrecision(3)).toString();
}
