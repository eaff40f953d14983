/**
 * @module http/context
 * What route modules are given: the typed Fastify instance (TypeBox type provider, so handler
 * types come from the route schemas) and the service's shared parts. Types and one lookup only.
 */
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ReviewStarsError } from '../core/errors.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { LoadedModel, ModelSet } from '../registry/model-set.js';
import type { ServiceLifecycle } from './lifecycle.js';
import type { ServiceMetrics } from './metrics.js';
import type { PredictionRecorder } from './prediction-recorder.js';
import type { Store } from '../store/store.js';

/** Fastify with TypeBox-typed routes. */
export type TypedApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/** The service parts routes use. */
export interface RouteContext {
  lifecycle: ServiceLifecycle;
  metrics: ServiceMetrics;
  authenticator: Authenticator;
  /** Logs every prediction; absent when the service runs without a store. */
  recorder: PredictionRecorder | undefined;
  /** The store (feedback); absent with `--store none`. */
  store: Store | undefined;
}

/** The model called `name` in `set` (`best` included), or UNKNOWN_MODEL (404) listing the available ones. */
export function resolveModel(set: ModelSet, name: string): LoadedModel {
  const model = set.get(name);
  if (model === undefined) {
    const available = [...set.names, 'best'];
    throw new ReviewStarsError('UNKNOWN_MODEL', `unknown model "${name}": available models are ${available.join(', ')}`, { model: name, available });
  }
  return model;
}
