// The tables of `verdict compare FILE --by tags.category` in DuckDB (@duckdb/node-api), for the analysis-at-scale
// benchmark: ok rows of the baseline and the candidate joined by item, the 2x2 table (n11 n10 n01 n00, first index
// the baseline, 1 = pass) overall and per category, in one GROUP BY with grouping sets. Plain JavaScript so that it
// starts as fast as DuckDB can; prints one JSON line: { overall, slices: { <category>: table } }.
// Run: node bench/children/duckdb-compare.mjs FILE jsonl|csv|parquet [threads] [baseline] [candidate]
import { DuckDBInstance } from '@duckdb/node-api';

const [file, format, threads = '2', baseline = 'A', candidate = 'B'] = process.argv.slice(2);
const quoted = (text) => `'${text.replaceAll("'", "''")}'`;
const source = {
  jsonl: `read_ndjson(${quoted(file)})`,
  csv: `read_csv(${quoted(file)}, header = true)`,
  parquet: `read_parquet(${quoted(file)})`,
}[format];
if (source === undefined) throw new Error(`duckdb-compare: unknown format ${format}`);
// CSV holds tags as a column named "tags.category"; JSON Lines and Parquet as the struct tags.
const category = format === 'csv' ? '"tags.category"' : 'tags.category';
const sql = `
WITH ok AS (SELECT item, variant, pass, ${category} AS category FROM ${source} WHERE status = 'ok'),
pairs AS (
  SELECT a.category, a.pass AS a, b.pass AS b
  FROM ok a JOIN ok b ON a.item = b.item
  WHERE a.variant = ${quoted(baseline)} AND b.variant = ${quoted(candidate)}
)
SELECT category, grouping(category) AS overall, count(*) AS n,
  count(*) FILTER (WHERE a AND b) AS n11, count(*) FILTER (WHERE a AND NOT b) AS n10,
  count(*) FILTER (WHERE NOT a AND b) AS n01, count(*) FILTER (WHERE NOT a AND NOT b) AS n00
FROM pairs GROUP BY GROUPING SETS ((category), ())`;

const instance = await DuckDBInstance.create(':memory:', { threads });
const connection = await instance.connect();
const rows = (await connection.runAndReadAll(sql)).getRowObjectsJS();
const table = (row) => ({
  n: Number(row.n),
  n11: Number(row.n11),
  n10: Number(row.n10),
  n01: Number(row.n01),
  n00: Number(row.n00),
});
const result = { overall: undefined, slices: {} };
for (const row of rows) {
  if (Number(row.overall) === 1) result.overall = table(row);
  else result.slices[row.category] = table(row);
}
process.stdout.write(`${JSON.stringify(result)}\n`);
