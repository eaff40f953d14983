/**
 * @module ui/hooks
 * Loading JSON into a component: the answer, the error (an ApiError to show) and a reload.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, type Answer } from './api.js';

/** The state of one load. */
export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` when `key` changes; an older answer that arrives late is dropped. */
export function useLoad<T>(load: () => Promise<Answer<T>>, key: string): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: ApiError | undefined; loading: boolean }>({ data: undefined, error: undefined, loading: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    load().then(
      (answer) => current && setState({ data: answer.data, error: undefined, loading: false }),
      (err: unknown) => current && setState({ data: undefined, error: asApiError(err), loading: false }),
    );
    return () => {
      current = false;
    };
    // `load` is a new function at each render; `key` says when it means another load.
  }, [key, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}

/** Any thrown value as an ApiError (a bug in the console shows as a message too, never a blank page). */
export function asApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError(0, 'CONSOLE_ERROR', `The console failed: ${err instanceof Error ? err.message : String(err)}. Reload the page.`);
}
