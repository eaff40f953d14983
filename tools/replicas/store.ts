/**
 * @module tools/replicas/store
 * The shared store of the replicas test: a fresh PostgreSQL database (on the server named by
 * REVIEW_STARS_TEST_POSTGRES, which tools/postgres/start.sh starts) that every replica logs to,
 * read back through the product's own store module to count logged rows; and the check that a
 * prediction answered by one replica takes feedback on another and is seen as such on a third.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Store } from '../../src/store/store.js';
import { parseStoreUrl } from '../../src/store/url.js';

/** The run's database: its URL, its printable form, row counts, and how to drop it. */
export interface ReplicaStore {
  url: string;
  display: string;
  count(): Promise<number>;
  cleanup(): Promise<void>;
}

/** Creates the run's database on the test server. */
export async function createReplicaStore(): Promise<ReplicaStore> {
  const serverUrl = process.env.REVIEW_STARS_TEST_POSTGRES;
  if (!serverUrl) {
    throw new Error('the replicas share a PostgreSQL store: export REVIEW_STARS_TEST_POSTGRES="$(bash tools/postgres/start.sh)" first');
  }
  const name = `rs_replicas_${randomBytes(6).toString('hex')}`;
  await admin(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const target = parseStoreUrl(url.toString());
  if (target.kind !== 'postgres') throw new Error(`REVIEW_STARS_TEST_POSTGRES is not a postgres:// URL`);
  const store = await Store.open(target);
  return {
    url: url.toString(),
    display: target.display,
    count: () => store.countPredictions(),
    cleanup: async () => {
      await store.close();
      await admin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function admin(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A prediction answered by replica A, its feedback posted to replica B, the same feedback posted
 * to replica C: B must find A's prediction (recorded) and C must find B's feedback (unchanged).
 * Returns the problems found (none when the replicas share their state).
 */
export async function checkSharedState(replicas: readonly { port: number; label: string }[], authorization: string): Promise<string[]> {
  const [a, b, c] = replicas;
  if (a === undefined || b === undefined || c === undefined) return ['the check needs three replicas'];
  const requestId = `shared-${randomBytes(4).toString('hex')}`;
  const predicted = await fetch(`http://127.0.0.1:${a.port}/prediction?model_name=best&comment=${encodeURIComponent('Magical castle, long queues')}`, {
    headers: { authorization, 'x-request-id': requestId },
  });
  if (predicted.status !== 200) return [`prediction on ${a.label} answered ${predicted.status}`];
  // The prediction log writes in batches (at most 250 ms later).
  await new Promise((resolve) => setTimeout(resolve, 600));
  const post = async (replica: { port: number }): Promise<{ status: number; body: { status?: string } }> => {
    const res = await fetch(`http://127.0.0.1:${replica.port}/v1/feedback`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ requestId, rating: 4 }),
    });
    return { status: res.status, body: (await res.json()) as { status?: string } };
  };
  const problems: string[] = [];
  const onB = await post(b);
  if (onB.status !== 200 || onB.body.status !== 'recorded') problems.push(`feedback on ${b.label} for ${a.label}'s prediction: ${onB.status} ${JSON.stringify(onB.body)}`);
  const onC = await post(c);
  if (onC.status !== 200 || onC.body.status !== 'unchanged') problems.push(`the same feedback on ${c.label}: ${onC.status} ${JSON.stringify(onC.body)} (expected unchanged)`);
  return problems;
}
