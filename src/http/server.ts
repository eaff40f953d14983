/**
 * @module http/server
 * Starts the service for real: builds the app, listens (so /healthz answers at once), then loads
 * the model set (so /readyz turns 200). Used by `review-stars serve`, the end-to-end tests and the
 * benchmarks. Does not install signal handlers or exit: see lifecycle.handleSignals.
 */
import type { AddressInfo } from 'node:net';
import { buildApp, type AppOptions, type ReviewStarsApp } from './app.js';

/** AppOptions plus where to listen. */
export interface ServerOptions extends AppOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
}

/** A listening service with its models loaded. */
export interface RunningServer extends ReviewStarsApp {
  /** Base URL, e.g. http://127.0.0.1:8000 (an IPv6 host in brackets). */
  url: string;
  port: number;
}

/**
 * Builds, listens and loads the model set. When loading fails, the server is closed again and the
 * error (a ReviewStarsError such as RELOAD_FAILED with the loader's cause) is thrown.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const built = await buildApp(options);
  const { app, lifecycle } = built;
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address() as AddressInfo;
  try {
    await lifecycle.loadInitial();
  } catch (err) {
    await app.close();
    throw err;
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  app.log.info({ url, version: lifecycle.models?.manifest.version }, 'ready');
  return { ...built, url, port: address.port };
}
