// REST calls. Every failure becomes an ApiError whose message is a sentence for people: the problem detail's
// `detail` when the server sent one, never raw JSON.

export class ApiError extends Error {
  constructor(message, status, type) {
    super(message);
    this.status = status;
    this.type = type;
  }
}

const FALLBACK = {
  400: 'The request was not accepted.',
  401: 'Please sign in again.',
  403: 'You are not allowed to do that.',
  404: 'That could not be found.',
  409: 'That conflicts with something that already exists.',
  413: 'That is too large.',
};

/**
 * @param getToken returns the current access token or null
 * @param onUnauthorized called when a signed-in call answers 401: the token expired or was revoked
 */
export function createApi({ getToken, onUnauthorized }) {
  async function request(method, path, body) {
    const headers = { Accept: 'application/json, application/problem+json' };
    const token = getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiError('Cannot reach the server. Check your connection and try again.', 0, 'network');
    }
    if (response.status === 204) return null;
    const data = await response.json().catch(() => null);
    if (response.ok) return data;
    const error = new ApiError(sentence(response.status, data), response.status, data?.type);
    if (response.status === 401 && token) onUnauthorized(error);
    throw error;
  }

  return {
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body),
    put: (path, body) => request('PUT', path, body),
    delete: (path) => request('DELETE', path),
  };
}

function sentence(status, problem) {
  if (problem && typeof problem.detail === 'string' && problem.detail) return problem.detail;
  if (status >= 500) return 'Something went wrong on the server. Please try again in a moment.';
  return FALLBACK[status] || `The server answered with an error (${status}).`;
}
