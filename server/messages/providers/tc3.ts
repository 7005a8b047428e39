// Tencent Cloud API 3.0's request signature, TC3-HMAC-SHA256, as its documentation gives it
// ("Signature v3"): a canonical request of the method, the path, the query, the signed
// headers (content-type and host) and the body's SHA-256; a string to sign of the algorithm,
// the timestamp, the credential scope (the UTC date, the service, tc3_request) and the
// canonical request's SHA-256; and a key derived from the secret through the date, the
// service and "tc3_request". Written out rather than taken from tencentcloud-sdk-nodejs,
// whose clients bring their own HTTP stack: this is the whole of what a call needs, and it is
// checked against the documentation's own example (tc3.test.ts).
import { createHash, createHmac } from 'node:crypto';

export interface Tc3Request {
  service: string;
  host: string;
  /** The body as it is sent, byte for byte. */
  payload: string;
  /** Seconds since the epoch; the credential scope's date is its UTC date. */
  timestamp: number;
  contentType: string;
}

export interface Tc3Credentials {
  secretId: string;
  secretKey: string;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();

/** The UTC date of a timestamp, YYYY-MM-DD (a date in UTC+8 would fail every call between 00:00 and 08:00). */
export function tc3Date(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

/** The string a POST to `/` is signed over (exported for the stand-in servers, which check it the same way). */
export function tc3StringToSign(request: Tc3Request): string {
  const canonicalRequest = ['POST', '/', '', `content-type:${request.contentType}\nhost:${request.host}\n`, 'content-type;host', sha256(request.payload)].join(
    '\n',
  );
  return ['TC3-HMAC-SHA256', String(request.timestamp), `${tc3Date(request.timestamp)}/${request.service}/tc3_request`, sha256(canonicalRequest)].join('\n');
}

/** The hex signature of `request` under `secretKey`. */
export function tc3Signature(secretKey: string, request: Tc3Request): string {
  const signing = hmac(hmac(hmac(`TC3${secretKey}`, tc3Date(request.timestamp)), request.service), 'tc3_request');
  return createHmac('sha256', signing).update(tc3StringToSign(request), 'utf8').digest('hex');
}

/** The Authorization header of `request`. */
export function tc3Authorization(credentials: Tc3Credentials, request: Tc3Request): string {
  const scope = `${tc3Date(request.timestamp)}/${request.service}/tc3_request`;
  return `TC3-HMAC-SHA256 Credential=${credentials.secretId}/${scope}, SignedHeaders=content-type;host, Signature=${tc3Signature(credentials.secretKey, request)}`;
}
