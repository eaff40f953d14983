/**
 * @module ui/router
 * Pages live in the URL's fragment (`#/models/lr_global`), so the server serves one page and the
 * back button, bookmarks and reloads work. Parsing only, plus a hook that follows the fragment.
 */
import { useEffect, useState } from 'preact/hooks';

/** A page and its parameters. */
export type Route =
  | { page: 'rate' }
  | { page: 'models' }
  | { page: 'model'; name: string }
  | { page: 'compare'; a: string | undefined; b: string | undefined }
  | { page: 'monitoring' };

/** The route of a fragment; unknown fragments are the rate page. */
export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?', 2);
  const parts = path.split('/').filter((p) => p !== '').map(decodeURIComponent);
  const params = new URLSearchParams(query);
  if (parts[0] === 'models' && parts[1] !== undefined) return { page: 'model', name: parts[1] };
  if (parts[0] === 'models') return { page: 'models' };
  if (parts[0] === 'compare') return { page: 'compare', a: params.get('a') ?? undefined, b: params.get('b') ?? undefined };
  if (parts[0] === 'monitoring') return { page: 'monitoring' };
  return { page: 'rate' };
}

/** The fragment of a route. */
export function href(route: Route): string {
  switch (route.page) {
    case 'model':
      return `#/models/${encodeURIComponent(route.name)}`;
    case 'compare': {
      const params = new URLSearchParams();
      if (route.a !== undefined) params.set('a', route.a);
      if (route.b !== undefined) params.set('b', route.b);
      return `#/compare?${params.toString()}`;
    }
    default:
      return `#/${route.page}`;
  }
}

/** The current route, following the fragment. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const follow = (): void => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  return route;
}
