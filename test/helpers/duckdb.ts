import { DuckDBInstance } from '@duckdb/node-api';

/** DuckDB, in this process: `sql` run on a fresh in-memory database of one thread (to write Parquet test files). */
export async function duckdb(sql: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    await connection.run(sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
