import Database from 'better-sqlite3';
import pg from 'pg';

/** Runs one statement on a second connection to the store's database, as another process or an operator's SQL shell would. */
export async function rawExec(url: string, sql: string): Promise<void> {
  if (url.startsWith('sqlite:')) {
    const db = new Database(url.slice('sqlite:'.length));
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
