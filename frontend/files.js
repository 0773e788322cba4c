// Attachments: resumable uploads with tus (tus-js-client, vendored), and downloads that carry the access token
// (an <img src> or a plain link could not), kept as blob URLs.
import './vendor/tus.min.js';

const UPLOADS = '/api/uploads';
/** After a broken request tus asks the server how far it got (HEAD) and goes on from there; then waits longer. */
const RETRY_DELAYS = [0, 1000, 3000, 5000, 10000, 20000, 30000];

export function createFiles({ getToken }) {
  const thumbnails = new Map(); // attachment id -> Promise of a blob URL, or null when there is none

  async function fetchBlob(path) {
    const response = await fetch(path, { headers: { Authorization: `Bearer ${getToken()}` } });
    if (!response.ok) throw new Error(response.status === 403 ? 'You may not open this file.' : 'The file could not be loaded.');
    return response.blob();
  }

  return {
    /**
     * Uploads a file; resolves to the attachment to send, {id, name, type, size}. {@code onProgress(sent, total)}.
     * Returns {promise, abort}.
     */
    upload(file, onProgress) {
      let upload;
      const promise = new Promise((resolve, reject) => {
        upload = new window.tus.Upload(file, {
          endpoint: UPLOADS,
          retryDelays: RETRY_DELAYS,
          removeFingerprintOnSuccess: true,
          metadata: { filename: file.name, filetype: file.type || 'application/octet-stream' },
          onBeforeRequest: (req) => req.setHeader('Authorization', `Bearer ${getToken()}`),
          onProgress: (sent, total) => onProgress(sent, total),
          onError: (error) => reject(new Error(uploadError(error))),
          onSuccess: () => resolve({
            id: upload.url.slice(upload.url.lastIndexOf('/') + 1),
            name: file.name,
            type: file.type || 'application/octet-stream',
            size: file.size,
          }),
        });
        // An upload of the same file that broke off earlier (even before a reload) goes on where it stopped.
        upload.findPreviousUploads().then((previous) => {
          if (previous.length) upload.resumeFromPreviousUpload(previous[0]);
          upload.start();
        });
      });
      return { promise, abort: () => upload?.abort() };
    },

    /** A blob URL of the image's thumbnail, fetched once. */
    thumbnail(attachment) {
      if (!thumbnails.has(attachment.id)) {
        thumbnails.set(attachment.id, fetchBlob(`/api/attachments/${encodeURIComponent(attachment.id)}/thumbnail`)
          .then((blob) => URL.createObjectURL(blob)).catch(() => null));
      }
      return thumbnails.get(attachment.id);
    },

    /** Fetches the file and hands it to the browser as a download under its name. */
    async download(attachment) {
      const blob = await fetchBlob(`/api/attachments/${encodeURIComponent(attachment.id)}`);
      const url = URL.createObjectURL(blob);
      const link = Object.assign(document.createElement('a'), { href: url, download: attachment.name });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
  };
}

function uploadError(error) {
  const status = error?.originalResponse?.getStatus?.();
  const body = error?.originalResponse?.getBody?.();
  try {
    const detail = JSON.parse(body)?.detail;
    if (detail) return detail;
  } catch {
    // not a problem detail
  }
  if (status === 413) return 'The file is too large.';
  return 'The upload stopped. Check your connection and try again.';
}

export function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
