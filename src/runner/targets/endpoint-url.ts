import { InputError } from '../../schema/input-error';

/** An endpoint's URL split from the credentials that may be written into it (`https://user:pass@host/v1`). */
export interface EndpointUrl {
  /** The URL to request, without credentials (fetch refuses a URL that carries them). */
  readonly url: string;
  /** `user:password` from the URL, decoded, when it had any. */
  readonly credentials?: { readonly username: string; readonly password: string };
}

/**
 * `{baseURL}/{path}` built with the URL API, so that a query (`?api-version=2024-06-01`) or a fragment
 * stays after the path rather than getting the path appended to it, and credentials in the URL are
 * taken out: they go in an Authorization header, and never into a message, a record or a report.
 *
 * @throws {InputError} naming `baseURL` when it is not an absolute http(s) URL (the value is not echoed: it may hold a password).
 * @example endpointUrl('https://u:p@host/v1/?v=2', 'chat/completions') // { url: 'https://host/v1/chat/completions?v=2', credentials: { username: 'u', password: 'p' } }
 */
export function endpointUrl(baseURL: string, path: string): EndpointUrl {
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    throw new InputError('expected an absolute http(s) URL', { field: 'baseURL' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InputError(`expected an http(s) URL, got the protocol ${JSON.stringify(url.protocol)}`, {
      field: 'baseURL',
    });
  const credentials =
    url.username === '' && url.password === ''
      ? undefined
      : { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  url.username = '';
  url.password = '';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${path}`;
  return { url: url.href, ...(credentials === undefined ? {} : { credentials }) };
}

/**
 * A URL with any `user:password@` replaced by `[REDACTED]@`, for display (a dry run's plan). Text that
 * is not a URL is returned as it is.
 *
 * @example redactUrlCredentials('https://me:secret@host/v1') // 'https://[REDACTED]@host/v1'
 */
export function redactUrlCredentials(text: string): string {
  return text.replace(/^([a-z][a-z\d+.-]*:\/\/)[^/?#@]*@/i, '$1[REDACTED]@');
}
