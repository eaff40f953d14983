/**
 * @module ui/app
 * The console's frame: finds out whether someone is signed in, shows the sign-in page or the
 * navigation and the page of the URL, and returns to sign-in (saying why) when a request finds
 * the session ended. Moves focus to each new page's title, for keyboard and screen-reader users.
 */
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import type { VNode } from 'preact';
import { getSession, onSessionEnded, setCsrfToken, signOut } from './api.js';
import type { SessionInfo } from './api-types.js';
import { explainError } from './messages.js';
import { ComparePage } from './pages/compare-page.js';
import { ModelPage } from './pages/model-page.js';
import { ModelsPage } from './pages/models-page.js';
import { MonitoringPage } from './pages/monitoring-page.js';
import { RatePage } from './pages/rate-page.js';
import { SignInPage } from './pages/sign-in-page.js';
import { useRoute, type Route } from './router.js';

type SessionState = { state: 'checking' } | { state: 'signed-out'; notice: string | undefined } | { state: 'signed-in'; session: SessionInfo };

const NAV: ReadonlyArray<{ page: Route['page']; label: string; href: string }> = [
  { page: 'rate', label: 'Rate a review', href: '#/rate' },
  { page: 'models', label: 'Models', href: '#/models' },
  { page: 'monitoring', label: 'Monitoring', href: '#/monitoring' },
];

/** The whole console. */
export function App(): VNode {
  const [session, setSession] = useState<SessionState>({ state: 'checking' });
  const route = useRoute();

  useEffect(() => {
    getSession().then(
      (answer) => accept(answer.data),
      () => setSession({ state: 'signed-out', notice: undefined }),
    );
    return onSessionEnded((error) => {
      setCsrfToken(undefined);
      setSession({ state: 'signed-out', notice: explainError(error) });
    });
  }, []);

  useEffect(() => {
    document.getElementById('page-title')?.focus();
    const title = document.getElementById('page-title')?.textContent;
    document.title = `${title ?? 'Console'} \u2014 review-stars`;
  }, [route, session.state]);

  const accept = (info: SessionInfo): void => {
    setCsrfToken(info.csrfToken);
    setSession({ state: 'signed-in', session: info });
  };
  const leave = (): void => {
    signOut().finally(() => {
      setCsrfToken(undefined);
      setSession({ state: 'signed-out', notice: 'You have signed out.' });
    });
  };

  const current = route.page === 'model' || route.page === 'compare' ? 'models' : route.page;
  return html`<a class="skip" href="#main">Skip to content</a>
    <header class="top">
      <p class="brand"><span aria-hidden="true">\u2605</span> review-stars</p>
      ${session.state === 'signed-in'
        ? html`<nav aria-label="Console">
              <ul>${NAV.map((n) => html`<li><a href=${n.href} aria-current=${current === n.page ? 'page' : undefined}>${n.label}</a></li>`)}</ul>
            </nav>
            <p class="who"><span class="muted">Signed in as</span> <strong>${session.session.user}</strong>
              <button type="button" onClick=${leave}>Sign out</button></p>`
        : ''}
    </header>
    <main id="main">${body(session, route, accept)}</main>`;
}

function body(session: SessionState, route: Route, accept: (info: SessionInfo) => void): VNode {
  if (session.state === 'checking') return html`<p class="muted">Loading\u2026</p>`;
  if (session.state === 'signed-out') return html`<${SignInPage} onSignedIn=${accept} notice=${session.notice} />`;
  switch (route.page) {
    case 'models':
      return html`<${ModelsPage} />`;
    case 'model':
      return html`<${ModelPage} key=${route.name} name=${route.name} />`;
    case 'compare':
      return html`<${ComparePage} a=${route.a} b=${route.b} />`;
    case 'monitoring':
      return html`<${MonitoringPage} />`;
    default:
      return html`<${RatePage} />`;
  }
}
