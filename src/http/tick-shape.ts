/**
 * @module http/tick-shape
 * Keeps the hidden class of Node's tick objects alive for the life of the service, so that V8's
 * inline caches in `process.nextTick` stay fast after the full garbage collections of loading a
 * model set. Call once at start-up, before loading; it changes nothing else.
 */
import { createHook } from 'node:async_hooks';

let pinned: object | undefined;

/**
 * Why: `process.nextTick` builds one small object per call, and its inline caches hold that
 * object's hidden class only weakly. Loading the default model set runs full collections while no
 * tick is queued, so V8 drops the class; the next tick makes a new one, the cache turns megamorphic
 * for good, and every tick takes V8's slow path. (Measured: a forced full collection before the
 * first request does the same with a tiny model set; one after a warm-up does not, nor does one
 * after nextTick was run hot at start-up.) An HTTP request queues ~10 ticks: in CPU profiles of
 * bench:serve's load, nextTick cost ~3.4 us of each request this way, and ~0.2 us with one tick
 * object kept alive (as in a bare Fastify server, which runs no full collection before its first
 * request).
 *
 * Catches one tick object with an async hook that is enabled for a single nextTick call, and keeps
 * it. Returns that object (the same one on every call), or undefined if this Node.js made none:
 * then nothing is kept and the service only runs slower.
 */
export function pinTickObjectShape(): object | undefined {
  if (pinned !== undefined) return pinned;
  let caught: object | undefined;
  const hook = createHook({
    init(_asyncId, type, _triggerAsyncId, resource) {
      if (type === 'TickObject' && caught === undefined) caught = resource;
    },
  }).enable();
  try {
    process.nextTick(noop);
  } finally {
    hook.disable();
  }
  pinned = caught;
  return pinned;
}

function noop(): void {}
