/**
 * @module tools/replicas/net
 * Loopback networking for the replicas test: free ports, one-shot HTTP GETs (no connection
 * reuse, so that a probe never holds a replica's keep-alive open) and polling with a deadline.
 */
import { Buffer } from 'node:buffer';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A TCP port free on 127.0.0.1 right now (the kernel picks it; another process could still take
 * it before we bind, which on a test machine does not happen in practice).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** GET `url` once, on a fresh connection. */
export function httpGet(url: string, { headers = {}, timeoutMs = 5_000 }: { headers?: Record<string, string>; timeoutMs?: number } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', agent: false, headers: { connection: 'close', ...headers }, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Calls `check` every `intervalMs` until it returns true; throws after `timeoutMs`, or at once
 * when `abort` returns a reason (e.g. the process being waited for has exited).
 */
export async function waitUntil(
  check: () => Promise<boolean>,
  { what, timeoutMs, intervalMs = 100, abort }: { what: string; timeoutMs: number; intervalMs?: number; abort?: () => string | undefined },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reason = abort?.();
    if (reason !== undefined) throw new Error(`${what}: ${reason}`);
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not done after ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}
