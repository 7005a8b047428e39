// Statement downloads need the bearer token, which a plain link cannot send: fetch the file
// with the Authorization header and hand the blob to the browser as a download.

/** The file name the server suggests (Content-Disposition), else `fallback`. */
function fileName(disposition: string | null, fallback: string): string {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '')?.[1];
  if (encoded) return decodeURIComponent(encoded);
  return /filename="?([^";]+)"?/i.exec(disposition ?? '')?.[1] ?? fallback;
}

/** Fetches `url` with the token and saves it; rejects with the server's status when refused. */
export async function downloadWithToken(url: string, token: string | null, fallbackName: string): Promise<void> {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName(response.headers.get('content-disposition'), fallbackName);
  document.body.append(a);
  a.click();
  a.remove();
  // the click has handed the blob over; free it once the browser has started the download
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
