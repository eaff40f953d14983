/**
 * @module ui/pages/sign-in-page
 * The sign-in form: user name and password posted to `/ui/session` (the same users as the API),
 * the refusal shown in words. Why the user landed here (session expired, signed out) is said above.
 */
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { VNode } from 'preact';
import { signIn, type ApiError } from '../api.js';
import type { SessionInfo } from '../api-types.js';
import { ErrorMessage } from '../components/error-message.js';
import { asApiError } from '../hooks.js';

/** Props of SignInPage. */
export interface SignInPageProps {
  onSignedIn: (session: SessionInfo) => void;
  /** Why sign-in is asked for again, if it is. */
  notice: string | undefined;
}

/** The page. */
export function SignInPage({ onSignedIn, notice }: SignInPageProps): VNode {
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const submit = (event: Event): void => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    signIn(user, password).then(
      (answer) => onSignedIn(answer.data),
      (err: unknown) => {
        setError(asApiError(err));
        setPassword('');
        setBusy(false);
      },
    );
  };
  return html`<section class="sign-in" aria-labelledby="page-title">
    <h1 id="page-title" tabindex="-1">Sign in</h1>
    ${notice === undefined ? '' : html`<p class="notice" role="status">${notice}</p>`}
    <form onSubmit=${submit}>
      <div class="field">
        <label for="sign-in-user">User name</label>
        <input id="sign-in-user" name="username" autocomplete="username" required value=${user} onInput=${(e: Event) => setUser((e.target as HTMLInputElement).value)} />
      </div>
      <div class="field">
        <label for="sign-in-password">Password</label>
        <input id="sign-in-password" name="password" type="password" autocomplete="current-password" required value=${password} onInput=${(e: Event) => setPassword((e.target as HTMLInputElement).value)} />
      </div>
      <button type="submit" class="primary" disabled=${busy}>${busy ? 'Signing in\u2026' : 'Sign in'}</button>
    </form>
    ${error === undefined ? '' : html`<${ErrorMessage} error=${error} />`}
  </section>`;
}
