/**
 * @module http/allowed-methods
 * Which methods each registered path answers, so that a known path asked with another method gets
 * 405 and `Allow` (RFC 9110) instead of a 404 that hides the route. Learns the routes from
 * Fastify's onRoute hook; matches a request path against their templates (`:param` is one
 * segment, `*` the rest). Answers nothing itself: http/errors does.
 */
import type { FastifyInstance } from 'fastify';

interface RouteTemplate {
  pattern: RegExp;
  methods: Set<string>;
}

/** The methods of every path template registered after {@link AllowedMethods.learnFrom}. */
export class AllowedMethods {
  private readonly templates = new Map<string, RouteTemplate>();

  /** Records every route registered on `app` (and its child scopes) from now on. */
  learnFrom(app: FastifyInstance): void {
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) this.add(method, route.url ?? route.path);
    });
  }

  /** Records that `url` (a route template) answers `method`. */
  add(method: string, url: string): void {
    let template = this.templates.get(url);
    if (template === undefined) {
      template = { pattern: templatePattern(url), methods: new Set() };
      this.templates.set(url, template);
    }
    template.methods.add(method.toUpperCase());
  }

  /** The methods some route answers on `path` (a request path, without the query), sorted; [] for an unknown path. */
  allowedOn(path: string): string[] {
    const allowed = new Set<string>();
    for (const { pattern, methods } of this.templates.values()) if (pattern.test(path)) for (const m of methods) allowed.add(m);
    return [...allowed].sort();
  }
}

/** `/v1/models/:name/predict` -> /^\/v1\/models\/[^/]+\/predict$/; `*` matches the rest of the path. */
function templatePattern(url: string): RegExp {
  const source = url
    .split(/(:[A-Za-z0-9_]+|\*)/)
    .map((part) => (part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}
